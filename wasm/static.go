//go:build !js

package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// compressFunc writes the coded form of src to w; best selects the slow,
// smallest setting used ahead of time, otherwise a fast one for on-the-fly use.
type compressFunc func(w io.Writer, src []byte, best bool) error

// encodings are the content codings we serve, best first, with the suffix of
// their precompressed files.
var encodings = []struct {
	name, suffix string
	compress     compressFunc
	decompress   func(r io.Reader) (io.Reader, error)
}{
	{"br", ".br", compressBrotli, func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
	{"gzip", ".gz", compressGzip, func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
}

// compressBrotli uses github.com/andybalholm/brotli: the standard library has no brotli.
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

// compressible lists the extensions worth compressing; images are already compressed.
var compressible = map[string]bool{".wasm": true, ".js": true, ".css": true, ".json": true, ".svg": true, ".html": true}

// rawSizeHeader carries app.wasm's uncompressed size, so go-app's loader can
// show progress while the browser decodes a compressed body.
const rawSizeHeader = "X-Raw-Content-Length"

// staticHandler serves the files of dir. A compressible file is sent coded
// when the request accepts it: from a precompressed sibling (name.br, name.gz,
// made by `cognitowasm precompress`) when one is as new as the file, else
// compressed on the fly once and kept in memory.
type staticHandler struct {
	dir string

	mu    sync.Mutex
	cache map[string]codedFile // key: path + "\x00" + encoding
}

type codedFile struct {
	modTime time.Time
	size    int64
	body    []byte
}

func newStaticHandler(dir string) *staticHandler {
	return &staticHandler{dir: dir, cache: map[string]codedFile{}}
}

func (h *staticHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := path.Clean("/" + r.URL.Path)
	if strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") {
		http.NotFound(w, r) // only reachable through content negotiation
		return
	}
	file := filepath.Join(h.dir, filepath.FromSlash(name))
	info, err := os.Stat(file)
	if err != nil || info.IsDir() {
		http.NotFound(w, r)
		return
	}
	ext := path.Ext(name)
	w.Header().Set("Cache-Control", "no-cache")
	if ctype := mime.TypeByExtension(ext); ctype != "" {
		w.Header().Set("Content-Type", ctype)
	}
	if ext == ".wasm" {
		w.Header().Set(rawSizeHeader, strconv.FormatInt(info.Size(), 10))
	}
	if compressible[ext] {
		w.Header().Add("Vary", "Accept-Encoding")
		if enc, body, ok := h.coded(r, file, info); ok {
			w.Header().Set("Content-Encoding", enc)
			http.ServeContent(w, r, name, info.ModTime(), body)
			return
		}
	}
	http.ServeFile(w, r, file)
}

// coded picks the best encoding the request accepts and returns the coded
// body, or ok=false to send the file as it is.
func (h *staticHandler) coded(r *http.Request, file string, info os.FileInfo) (enc string, body io.ReadSeeker, ok bool) {
	accepted := acceptedEncodings(r.Header.Get("Accept-Encoding"))
	for _, e := range encodings {
		if !accepted[e.name] {
			continue
		}
		if pre, err := os.Stat(file + e.suffix); err == nil && !pre.ModTime().Before(info.ModTime()) {
			if data, err := os.ReadFile(file + e.suffix); err == nil {
				return e.name, bytes.NewReader(data), true
			}
		}
		data, err := h.compressOnce(file, info, e.name, e.compress)
		if err != nil {
			return "", nil, false
		}
		return e.name, bytes.NewReader(data), true
	}
	return "", nil, false
}

// compressOnce compresses file quickly and keeps the result until the file changes.
func (h *staticHandler) compressOnce(file string, info os.FileInfo, enc string, compress compressFunc) ([]byte, error) {
	key := file + "\x00" + enc
	h.mu.Lock()
	defer h.mu.Unlock()
	if c, hit := h.cache[key]; hit && c.modTime.Equal(info.ModTime()) && c.size == info.Size() {
		return c.body, nil
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := compress(&b, src, false); err != nil {
		return nil, err
	}
	h.cache[key] = codedFile{modTime: info.ModTime(), size: info.Size(), body: b.Bytes()}
	return b.Bytes(), nil
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

func init() {
	register(command{name: "precompress", summary: "write .br and .gz copies of static files", run: runPrecompress})
}

// runPrecompress writes name.br and name.gz beside each named file, at the
// best compression level, for staticHandler to serve. The best level is slow
// (tens of seconds for app.wasm), so a copy that already holds the same
// content is kept and only marked current.
func runPrecompress(ctx context.Context, args []string, std stdio) error {
	fs := flag.NewFlagSet("precompress", flag.ContinueOnError)
	fs.SetOutput(std.err)
	fs.Usage = func() { fmt.Fprintln(std.err, "usage: cognitowasm precompress FILE...") }
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return &exitError{code: 2}
	}
	for _, file := range fs.Args() {
		src, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		for _, e := range encodings {
			if err := ctx.Err(); err != nil {
				return err
			}
			coded := file + e.suffix
			if holds(coded, src, e.decompress) {
				now := time.Now()
				if err := os.Chtimes(coded, now, now); err != nil {
					return err
				}
				fmt.Fprintf(std.out, "%s: unchanged\n", coded)
				continue
			}
			n, err := writeCoded(coded, src, e.compress)
			if err != nil {
				return err
			}
			fmt.Fprintf(std.out, "%s: %d bytes (%.0f%% of %d)\n", coded, n, 100*float64(n)/float64(max(len(src), 1)), len(src))
		}
	}
	return nil
}

// holds reports whether the coded file decodes to exactly src.
func holds(coded string, src []byte, decompress func(io.Reader) (io.Reader, error)) bool {
	f, err := os.Open(coded)
	if err != nil {
		return false
	}
	defer f.Close()
	r, err := decompress(f)
	if err != nil {
		return false
	}
	got, err := io.ReadAll(io.LimitReader(r, int64(len(src))+1))
	return err == nil && bytes.Equal(got, src)
}

// writeCoded compresses src into name through a temporary file, so a server
// never reads a half-written copy.
func writeCoded(name string, src []byte, compress compressFunc) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".tmp*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	err = compress(tmp, src, true)
	n, _ := tmp.Seek(0, io.SeekCurrent)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	return n, os.Rename(tmp.Name(), name)
}
