//go:build !js

package srp

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// cognitoJS runs testdata/cognito_srp.js, which drives the official
// amazon-cognito-identity-js, in the given mode: it sends in as JSON and
// decodes the script's JSON answer into out.
func cognitoJS(t testing.TB, mode string, in, out any) {
	t.Helper()
	modules, err := filepath.Abs(filepath.Join("..", ".ci", "testtools", "node_modules"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(modules, "amazon-cognito-identity-js", "lib", "AuthenticationHelper.js")); err != nil {
		t.Fatalf("amazon-cognito-identity-js is not installed in %s: run make testtools", modules)
	}
	input, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", filepath.Join("testdata", "cognito_srp.js"), modules, mode)
	cmd.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	output, err := cmd.Output()
	if err != nil {
		t.Fatalf("node cognito_srp.js %s: %v\n%s", mode, err, stderr.Bytes())
	}
	if err := json.Unmarshal(output, out); err != nil {
		t.Fatalf("node cognito_srp.js %s: bad output: %v\n%s", mode, err, output)
	}
}
