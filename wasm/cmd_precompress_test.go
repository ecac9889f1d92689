//go:build !js

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPrecompressCommand(t *testing.T) {
	file := filepath.Join(t.TempDir(), "app.wasm")
	if err := os.WriteFile(file, []byte(strings.Repeat("wasm ", 2000)), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	std := stdio{out: &out, err: &errOut}
	if code := run(t.Context(), []string{"precompress", file}, std); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, suffix := range []string{".br", ".gz"} {
		if !strings.Contains(out.String(), file+suffix+": ") || !strings.Contains(out.String(), "% of 10000)") {
			t.Errorf("output lacks the %s copy's size line:\n%s", suffix, out.String())
		}
	}
	out.Reset()
	if code := run(t.Context(), []string{"precompress", file}, std); code != 0 || strings.Count(out.String(), "unchanged") != 2 {
		t.Errorf("second run: exit %d, output:\n%s", code, out.String())
	}
	errOut.Reset()
	if code := run(t.Context(), []string{"precompress"}, std); code != 2 || !strings.Contains(errOut.String(), "usage: cognitowasm precompress FILE...") {
		t.Errorf("no files: exit %d, stderr %q", code, errOut.String())
	}
	if code := run(t.Context(), []string{"precompress", file + ".missing"}, std); code != 1 {
		t.Errorf("missing file: exit %d", code)
	}
}
