//go:build !js

package jstest

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"
)

// Run runs `node script <node_modules> args...`, sends in as JSON on stdin and
// decodes the JSON the script prints into out.
func Run(t testing.TB, script string, in, out any, args ...string) {
	t.Helper()
	input, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", append([]string{script, Modules(t)}, args...)...)
	cmd.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	output, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s %v: %v\n%s", filepath.Base(script), args, err, stderr.Bytes())
	}
	if err := json.Unmarshal(output, out); err != nil {
		t.Fatalf("node %s %v: bad output: %v\n%s", filepath.Base(script), args, err, output)
	}
}
