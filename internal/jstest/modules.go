package jstest

import (
	"os"
	"path/filepath"
	"testing"
)

// Modules returns the absolute path of .ci/testtools/node_modules, found by
// walking up from the working directory to the module root. It fails the test
// when the packages are not installed. $JSTEST_NODE_MODULES, when set,
// names it instead: in Chromium, where the harness serves it at a URL path.
func Modules(t testing.TB) string {
	t.Helper()
	if dir := os.Getenv("JSTEST_NODE_MODULES"); dir != "" {
		return dir
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("jstest: no go.mod above the working directory")
		}
		dir = parent
	}
	modules := filepath.Join(dir, ".ci", "testtools", "node_modules")
	for _, pkg := range []string{"amazon-cognito-identity-js", "aws-jwt-verify"} {
		if _, err := os.Stat(filepath.Join(modules, pkg, "package.json")); err != nil {
			t.Fatalf("%s is not installed in %s: run make testtools", pkg, modules)
		}
	}
	return modules
}
