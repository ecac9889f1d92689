//go:build !js

package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cognitowasm/cognitowasm/internal/jstest"
)

// goTestTimeout bounds one run of a package's tests in Chromium.
const goTestTimeout = 4 * time.Minute

// goTestSite serves wasm/testdata/gotest.html, which runs a package's tests
// built for js/wasm in Chromium, with the test binary at /test.wasm, the
// package's testdata at /testdata/ and the npm packages at /node_modules/.
type goTestSite struct{ URL string }

// newGoTestSite builds the tests of pkg (a directory relative to wasm/)
// for js/wasm and serves them.
func newGoTestSite(t *testing.T, pkg string) *goTestSite {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "test.wasm")
	build := exec.Command("go", "test", "-c", "-o", bin, "./"+pkg)
	build.Dir = ".."
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the tests of %s for js/wasm: %v\n%s", pkg, err, out)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	files := map[string]string{
		"/":             filepath.Join("testdata", "gotest.html"),
		"/test.wasm":    bin,
		"/wasm_exec.js": filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"),
	}
	dirs := map[string]string{
		"/testdata/":     filepath.Join("..", pkg, "testdata"),
		"/node_modules/": jstest.Modules(t),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := files[r.URL.Path]
		for prefix, dir := range dirs {
			if rest, found := strings.CutPrefix(r.URL.Path, prefix); found {
				name, ok = filepath.Join(dir, filepath.FromSlash(rest)), true
			}
		}
		// Only files: require resolves a module by trying names.
		if st, err := os.Stat(name); !ok || err != nil || st.IsDir() {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(name, ".wasm") {
			w.Header().Set("Content-Type", "application/wasm")
		}
		http.ServeFile(w, r, name)
	}))
	t.Cleanup(srv.Close)
	return &goTestSite{URL: srv.URL}
}

// run runs the tests in a fresh tab of b with the given flags (-test.run
// and the like) and returns what they printed; the test fails unless they
// pass.
func (s *goTestSite) run(t *testing.T, b *browser, flags ...string) string {
	t.Helper()
	tb := b.freshContext()
	defer tb.close()
	tb.open(s.URL + "/")
	ctx, cancel := context.WithTimeout(tb.ctx, goTestTimeout)
	defer cancel()
	type result struct {
		Code   int    `json:"code"`
		Output string `json:"output"`
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[result](`goTest(`+jsStrings(flags)+`, {})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running the tests in Chromium: %v", err)
	}
	if res.Code != 0 {
		t.Fatalf("the tests failed in Chromium (exit code %d):\n%s", res.Code, res.Output)
	}
	return res.Output
}

func jsStrings(ss []string) string {
	quoted := make([]string, len(ss))
	for i, s := range ss {
		quoted[i] = jsString(s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// TestBrowserSRPAgainstCognitoJS runs srp's differential tests against
// amazon-cognito-identity-js in Chromium, on the BigInt path the app takes
// and on its math/big fallback. (The padding and timestamp cases, which
// read files and do no exponentiation, run under node only.)
func TestBrowserSRPAgainstCognitoJS(t *testing.T) {
	tests := []string{
		"TestExpNThroughBigInt", "TestPowGThroughBigInt", "TestAgainstCognitoJS", "TestAgainstCognitoJSOnMathBig", "TestServerAcceptsCognitoJS",
	}
	s := newGoTestSite(t, "srp")
	out := s.run(t, newBrowser(t), "-test.v", "-test.run=^("+strings.Join(tests, "|")+")$")
	for _, name := range tests {
		if !strings.Contains(out, "--- PASS: "+name+" ") {
			t.Errorf("%s did not pass in Chromium:\n%s", name, out)
		}
	}
}
