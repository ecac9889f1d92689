package staticsite

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestAcceptedEncodings(t *testing.T) {
	tests := []struct {
		header string
		want   []string
	}{
		{"gzip, deflate, br, zstd", []string{"gzip", "deflate", "br", "zstd"}},
		{"br;q=1.0, gzip;q=0.8", []string{"br", "gzip"}},
		{"gzip;q=0, br", []string{"br"}},
		{"GZIP", []string{"gzip"}},
		{"", nil},
	}
	for _, tt := range tests {
		got := acceptedEncodings(tt.header)
		if len(got) != len(tt.want) {
			t.Errorf("acceptedEncodings(%q) = %v, want %v", tt.header, got, tt.want)
		}
		for _, w := range tt.want {
			if !got[w] {
				t.Errorf("acceptedEncodings(%q) lacks %q", tt.header, w)
			}
		}
	}
}

// decode undoes a Content-Encoding with the same decoders precompress checks with.
func decode(t *testing.T, enc string, body []byte) []byte {
	t.Helper()
	for _, e := range Encodings {
		if e.Name == enc {
			r, err := e.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			out, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
	}
	if enc != "" {
		t.Fatalf("unexpected Content-Encoding %q", enc)
	}
	return body
}

func TestHandler(t *testing.T) {
	dir := t.TempDir()
	wasm := bytes.Repeat([]byte("\x00asm wasm body "), 4096)
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("app.wasm", wasm)
	write("icon-192.png", []byte("\x89PNG"))
	h := NewHandler(dir)

	tests := []struct {
		name, path, accept string
		wantEnc, wantType  string
		wantStatus         int
	}{
		{"brotli preferred", "/app.wasm", "gzip, deflate, br", "br", "application/wasm", 200},
		{"gzip", "/app.wasm", "gzip", "gzip", "application/wasm", 200},
		{"identity", "/app.wasm", "", "", "application/wasm", 200},
		{"refused coding", "/app.wasm", "br;q=0, gzip;q=0", "", "application/wasm", 200},
		{"images as they are", "/icon-192.png", "br", "", "image/png", 200},
		{"missing", "/nope.css", "br", "", "", 404},
		{"coded copies are private", "/app.wasm.br", "br", "", "", 404},
		{"no escaping the dir", "/../handler_test.go", "", "", "", 404},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, tt.path, nil)
		if tt.accept != "" {
			req.Header.Set("Accept-Encoding", tt.accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		res := rec.Result()
		if res.StatusCode != tt.wantStatus {
			t.Errorf("%s: status %d, want %d", tt.name, res.StatusCode, tt.wantStatus)
			continue
		}
		if tt.wantStatus != 200 {
			continue
		}
		enc := res.Header.Get("Content-Encoding")
		if enc != tt.wantEnc || !strings.HasPrefix(res.Header.Get("Content-Type"), tt.wantType) {
			t.Errorf("%s: encoding %q type %q, want %q %q", tt.name, enc, res.Header.Get("Content-Type"), tt.wantEnc, tt.wantType)
		}
		if tt.path == "/app.wasm" {
			if got := decode(t, enc, rec.Body.Bytes()); !bytes.Equal(got, wasm) {
				t.Errorf("%s: body does not decode to the file", tt.name)
			}
			if res.Header.Get("Vary") != "Accept-Encoding" || res.Header.Get(RawSizeHeader) != strconv.Itoa(len(wasm)) {
				t.Errorf("%s: Vary %q, %s %q", tt.name, res.Header.Get("Vary"), RawSizeHeader, res.Header.Get(RawSizeHeader))
			}
		}
	}
}

// TestHandlerPrecompressed checks that Precompress's copies are served,
// and that a copy older than its file is not.
func TestHandlerPrecompressed(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "app.wasm")
	if err := os.WriteFile(file, []byte(strings.Repeat("first build ", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Precompress(t.Context(), file); err != nil {
		t.Fatal(err)
	}
	copies, err := Precompress(t.Context(), file)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range copies {
		if !c.Unchanged {
			t.Errorf("second Precompress rewrote %s", c.Name)
		}
	}
	// A marker the handler's own (fast) compression would not produce.
	marker := []byte("precompressed copy")
	if err := os.WriteFile(file+".gz", marker, 0o644); err != nil {
		t.Fatal(err)
	}
	h := NewHandler(dir)
	get := func() []byte {
		req := httptest.NewRequest(http.MethodGet, "/app.wasm", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Body.Bytes()
	}
	if got := get(); !bytes.Equal(got, marker) {
		t.Fatalf("served %q, want the precompressed copy", got)
	}
	rebuilt := []byte(strings.Repeat("second build ", 1000))
	if err := os.WriteFile(file, rebuilt, 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(file, later, later); err != nil {
		t.Fatal(err)
	}
	if got := decode(t, "gzip", get()); !bytes.Equal(got, rebuilt) {
		t.Fatal("a stale precompressed copy was served for a rebuilt file")
	}
}
