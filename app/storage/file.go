//go:build !js

package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// ErrCorrupt is returned when a store's file holds something other than a
// JSON object of strings. The file is left as it is.
var ErrCorrupt = errors.New("storage: file is not a JSON object of strings")

// maxFileSize bounds the file a File reads; a session takes a few kilobytes.
const maxFileSize = 1 << 20

// File is a Store kept in a JSON file, for the command line. The file has mode
// 0600 in a directory created with mode 0700, and every change replaces it
// atomically. A File is safe for concurrent use within a process.
type File struct {
	path string
	mu   sync.Mutex
}

// DefaultFilePath returns cognitowasm/session.json in the user's
// configuration directory (os.UserConfigDir).
func DefaultFilePath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "cognitowasm", "session.json"), nil
}

// NewFile returns a File at path, creating its directory when missing. The
// file itself is created on the first Set.
func NewFile(path string) (*File, error) {
	if path == "" {
		return nil, errors.New("storage: empty file path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	return &File{path: path}, nil
}

// Path returns the file's path.
func (f *File) Path() string { return f.path }

func (f *File) Get(key string) (string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.read()
	if err != nil {
		return "", false, err
	}
	v, ok := m[key]
	return v, ok, nil
}

func (f *File) Set(key, value string) error {
	return f.update(func(m map[string]string) { m[key] = value })
}

func (f *File) Delete(key string) error {
	return f.update(func(m map[string]string) { delete(m, key) })
}

func (f *File) update(change func(map[string]string)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.read()
	if err != nil {
		return err
	}
	change(m)
	return f.write(m)
}

func (f *File) read() (map[string]string, error) {
	file, err := os.Open(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxFileSize {
		return nil, fmt.Errorf("%w: %s is larger than %d bytes", ErrCorrupt, f.path, maxFileSize)
	}
	m := map[string]string{}
	if len(b) == 0 {
		return m, nil
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, f.path, err)
	}
	if m == nil { // the file held null
		return nil, fmt.Errorf("%w: %s holds null", ErrCorrupt, f.path)
	}
	return m, nil
}

// write replaces the file through a temporary file and a rename, so a reader
// or a crash sees the old content or the new, never a mix.
func (f *File) write(m map[string]string) (err error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), "."+filepath.Base(f.path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err = tmp.Write(append(b, '\n')); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.path)
}
