//go:build !js

package localpool_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runNode runs testdata/<script> (which uses testdata/harness.js) in node
// with the testtools modules and env, and fails unless it reports that
// passed steps passed.
func runNode(t *testing.T, modules, script string, passed int, env ...string) {
	t.Helper()
	cmd := exec.Command("node", filepath.Join("testdata", script))
	cmd.Env = append(append(os.Environ(), "NODE_PATH="+modules), env...)
	out, err := cmd.CombinedOutput()
	t.Logf("node %s:\n%s", script, out)
	if err != nil {
		t.Fatalf("node %s against the local pool: %v", script, err)
	}
	if want := fmt.Sprintf(`{"passed":%d}`, passed); !strings.Contains(string(out), want) {
		t.Fatalf("node %s: not every step passed (want %s)", script, want)
	}
}
