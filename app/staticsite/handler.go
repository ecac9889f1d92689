package staticsite

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// RawSizeHeader carries app.wasm's uncompressed size, so go-app's loader can
// show progress while the browser decodes a compressed body
// (app.Handler.WasmContentLengthHeader).
const RawSizeHeader = "X-Raw-Content-Length"

// compressible lists the extensions worth compressing; images are already compressed.
var compressible = map[string]bool{".wasm": true, ".js": true, ".css": true, ".json": true, ".svg": true, ".html": true, ".webmanifest": true}

// Handler serves the files of a directory. A compressible file is sent coded
// when the request accepts it: from a precompressed sibling (name.br,
// name.gz, made by [Precompress]) when one is as new as the file, else
// compressed on the fly once and kept in memory. Every response is no-cache:
// it is for development, where files change under the server.
type Handler struct {
	dir string

	mu    sync.Mutex
	cache map[string]codedFile // key: path + "\x00" + encoding
}

type codedFile struct {
	modTime time.Time
	size    int64
	body    []byte
}

// NewHandler serves the files of dir.
func NewHandler(dir string) *Handler {
	return &Handler{dir: dir, cache: map[string]codedFile{}}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := path.Clean("/" + r.URL.Path)
	if isCodedCopy(name) {
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
		w.Header().Set(RawSizeHeader, strconv.FormatInt(info.Size(), 10))
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
func (h *Handler) coded(r *http.Request, file string, info os.FileInfo) (enc string, body io.ReadSeeker, ok bool) {
	accepted := acceptedEncodings(r.Header.Get("Accept-Encoding"))
	for _, e := range Encodings {
		if !accepted[e.Name] {
			continue
		}
		if pre, err := os.Stat(file + e.Suffix); err == nil && !pre.ModTime().Before(info.ModTime()) {
			if data, err := os.ReadFile(file + e.Suffix); err == nil {
				return e.Name, bytes.NewReader(data), true
			}
		}
		data, err := h.compressOnce(file, info, e)
		if err != nil {
			return "", nil, false
		}
		return e.Name, bytes.NewReader(data), true
	}
	return "", nil, false
}

// compressOnce compresses file quickly and keeps the result until the file changes.
func (h *Handler) compressOnce(file string, info os.FileInfo, e *Encoding) ([]byte, error) {
	key := file + "\x00" + e.Name
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
	if err := e.compress(&b, src, false); err != nil {
		return nil, err
	}
	h.cache[key] = codedFile{modTime: info.ModTime(), size: info.Size(), body: b.Bytes()}
	return b.Bytes(), nil
}
