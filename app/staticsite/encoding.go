package staticsite

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"
)

// An Encoding is an HTTP content coding with the suffix of its precompressed files.
type Encoding struct {
	Name   string // the Content-Encoding token
	Suffix string // appended to a file's name for its precompressed copy

	compress   func(w io.Writer, src []byte, best bool) error
	decompress func(r io.Reader) (io.Reader, error)
}

var (
	// Brotli needs github.com/andybalholm/brotli: the standard library has none.
	Brotli = &Encoding{Name: "br", Suffix: ".br", compress: compressBrotli,
		decompress: func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }}
	Gzip = &Encoding{Name: "gzip", Suffix: ".gz", compress: compressGzip,
		decompress: func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }}
)

// Encodings are the codings served, best first.
var Encodings = []*Encoding{Brotli, Gzip}

// Encode returns src coded at the best (slow) setting.
func (e *Encoding) Encode(src []byte) ([]byte, error) {
	var b bytes.Buffer
	if err := e.compress(&b, src, true); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// NewReader decodes r.
func (e *Encoding) NewReader(r io.Reader) (io.Reader, error) { return e.decompress(r) }

// WriteFile writes src, coded at the best setting, to name (mode 0644, so a
// web server running as another user can read it) through a temporary file,
// so a server never reads a half-written copy. It returns the coded size.
func (e *Encoding) WriteFile(name string, src []byte) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".tmp*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	err = e.compress(tmp, src, true)
	n, _ := tmp.Seek(0, io.SeekCurrent)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	return n, os.Rename(tmp.Name(), name)
}

// codedCopy returns src, which is the content of file, coded at the best
// setting, and leaves the coded form in file+e.Suffix. A copy already there
// that decodes to src (from [Precompress]) is used as it is: the best brotli
// setting takes a minute for app.wasm.
func (e *Encoding) codedCopy(file string, src []byte) ([]byte, error) {
	name := file + e.Suffix
	if e.holds(name, src) {
		return os.ReadFile(name)
	}
	coded, err := e.Encode(src)
	if err != nil {
		return nil, err
	}
	return coded, os.WriteFile(name, coded, 0o644)
}

// holds reports whether the coded file decodes to exactly src.
func (e *Encoding) holds(coded string, src []byte) bool {
	f, err := os.Open(coded)
	if err != nil {
		return false
	}
	defer f.Close()
	r, err := e.decompress(f)
	if err != nil {
		return false
	}
	got, err := io.ReadAll(io.LimitReader(r, int64(len(src))+1))
	return err == nil && bytes.Equal(got, src)
}

func compressBrotli(w io.Writer, src []byte, best bool) error {
	q := 5
	if best {
		q = brotli.BestCompression
	}
	bw := brotli.NewWriterLevel(w, q)
	if _, err := bw.Write(src); err != nil {
		return err
	}
	return bw.Close()
}

func compressGzip(w io.Writer, src []byte, best bool) error {
	level := gzip.DefaultCompression
	if best {
		level = gzip.BestCompression
	}
	gw, err := gzip.NewWriterLevel(w, level)
	if err != nil {
		return err
	}
	if _, err := gw.Write(src); err != nil {
		return err
	}
	return gw.Close()
}

// acceptedEncodings parses an Accept-Encoding header, dropping codings with q=0.
func acceptedEncodings(header string) map[string]bool {
	accepted := map[string]bool{}
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		if q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); ok {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				continue
			}
		}
		accepted[name] = true
	}
	return accepted
}
