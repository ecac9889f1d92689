//go:build !js

package storage_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/cognitowasm/cognitowasm/app/storage"
)

func TestFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "cognitowasm", "session.json")
	f, err := storage.NewFile(path)
	if err != nil {
		t.Fatal(err)
	}
	testStore(t, f)

	if err := f.Set("a", "1"); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != want {
				t.Errorf("%s mode %v, want %v", p, got, want)
			}
		}
	}
	// The file is plain JSON, and another File on the same path reads it.
	var m map[string]string
	b, _ := os.ReadFile(path)
	if err := json.Unmarshal(b, &m); err != nil || m["a"] != "1" {
		t.Errorf("file content %s: %v", b, err)
	}
	f2, _ := storage.NewFile(path)
	if v, ok, err := f2.Get("a"); v != "1" || !ok || err != nil {
		t.Errorf("second File Get = %q, %v, %v", v, ok, err)
	}
	// No temporary files remain.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only session.json", len(entries))
	}
}

func TestFileCorrupt(t *testing.T) {
	for name, content := range map[string]string{
		"not JSON":          "{",
		"null":              "null",
		"array":             "[]",
		"non-string":        `{"a":1}`,
		"larger than 1 MiB": `{"a":"` + strings.Repeat("x", 1<<20) + `"}`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "session.json")
			os.WriteFile(path, []byte(content), 0o600)
			f, err := storage.NewFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := f.Get("a"); !errors.Is(err, storage.ErrCorrupt) {
				t.Errorf("Get: %v, want ErrCorrupt", err)
			}
			if err := f.Set("a", "b"); !errors.Is(err, storage.ErrCorrupt) {
				t.Errorf("Set: %v, want ErrCorrupt", err)
			}
			// The corrupt file is kept for the user to inspect, not overwritten.
			if b, _ := os.ReadFile(path); string(b) != content {
				t.Errorf("file changed to %.40q", b)
			}
		})
	}
}

func TestFileEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.json")
	os.WriteFile(path, nil, 0o600)
	f, _ := storage.NewFile(path)
	if _, ok, err := f.Get("a"); ok || err != nil {
		t.Errorf("Get on an empty file: %v, %v", ok, err)
	}
}

func TestFileConcurrent(t *testing.T) {
	f, err := storage.NewFile(filepath.Join(t.TempDir(), "session.json"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 10 {
				key := string(rune('a'+i)) + string(rune('0'+j))
				if err := f.Set(key, key); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	for i := range 4 {
		for j := range 10 {
			key := string(rune('a'+i)) + string(rune('0'+j))
			if v, ok, err := f.Get(key); v != key || !ok || err != nil {
				t.Errorf("Get(%q) = %q, %v, %v: a concurrent write was lost", key, v, ok, err)
			}
		}
	}
}

func TestNewFileErrors(t *testing.T) {
	if _, err := storage.NewFile(""); err == nil {
		t.Error("NewFile(\"\") succeeded")
	}
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o600)
	if _, err := storage.NewFile(filepath.Join(blocker, "session.json")); err == nil {
		t.Error("NewFile under a regular file succeeded")
	}
}

func TestDefaultFilePath(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	t.Setenv("AppData", dir)
	p, err := storage.DefaultFilePath()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p, dir) || !strings.HasSuffix(p, filepath.Join("cognitowasm", "session.json")) {
		t.Errorf("DefaultFilePath() = %q, want %s/.../cognitowasm/session.json", p, dir)
	}
}
