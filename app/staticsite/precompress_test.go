package staticsite

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPrecompress checks that each copy decodes to the file, that copies are
// readable by a web server running as another user (0644), and that a second
// run keeps copies that already hold the content, fixing an old copy's mode.
func TestPrecompress(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "app.wasm")
	src := []byte(strings.Repeat("\x00asm build ", 5000))
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	copies, err := Precompress(t.Context(), file)
	if err != nil {
		t.Fatal(err)
	}
	if len(copies) != len(Encodings) {
		t.Fatalf("got %d copies, want one per encoding (%d)", len(copies), len(Encodings))
	}
	for i, c := range copies {
		e := Encodings[i]
		if c.Name != file+e.Suffix || c.Unchanged || c.Source != int64(len(src)) {
			t.Errorf("copy %d = %+v", i, c)
		}
		info, err := os.Stat(c.Name)
		if err != nil {
			t.Fatal(err)
		}
		if info.Size() != c.Size || c.Size >= c.Source {
			t.Errorf("%s: size %d on disk, reported %d, source %d", c.Name, info.Size(), c.Size, c.Source)
		}
		if mode := info.Mode().Perm(); mode != 0o644 {
			t.Errorf("%s: mode %o, want 644", c.Name, mode)
		}
		f, err := os.Open(c.Name)
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		f.Close()
		if err != nil || !bytes.Equal(got, src) {
			t.Errorf("%s does not decode to the file (%v)", c.Name, err)
		}
	}

	if err := os.Chmod(copies[0].Name, 0o600); err != nil {
		t.Fatal(err)
	}
	again, err := Precompress(t.Context(), file)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range again {
		if !c.Unchanged {
			t.Errorf("second run rewrote %s", c.Name)
		}
		if info, err := os.Stat(c.Name); err != nil || info.Mode().Perm() != 0o644 {
			t.Errorf("%s after the second run: %v, %v", c.Name, info.Mode(), err)
		}
	}

	if _, err := Precompress(t.Context(), filepath.Join(dir, "missing.wasm")); !os.IsNotExist(err) {
		t.Errorf("missing file: err = %v, want not-exist", err)
	}
}

func TestEncodingRoundTrip(t *testing.T) {
	src := []byte(strings.Repeat("config.json ", 300))
	for _, e := range Encodings {
		coded, err := e.Encode(src)
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.NewReader(bytes.NewReader(coded))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, src) || len(coded) >= len(src) {
			t.Errorf("%s: %d coded bytes, round trip equal=%v err=%v", e.Name, len(coded), bytes.Equal(got, src), err)
		}
	}
}
