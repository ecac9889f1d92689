package staticsite_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/staticsite"
)

// Precompress a build output once, then serve its directory: a browser that
// accepts brotli gets the precompressed copy.
func Example() {
	dir, err := os.MkdirTemp("", "web")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "app.js")
	if err := os.WriteFile(file, []byte(strings.Repeat("console.log('hi');\n", 100)), 0o644); err != nil {
		log.Fatal(err)
	}
	if _, err := staticsite.Precompress(context.Background(), file); err != nil {
		log.Fatal(err)
	}

	req := httptest.NewRequest(http.MethodGet, "/app.js", nil)
	req.Header.Set("Accept-Encoding", "gzip, br")
	rec := httptest.NewRecorder()
	staticsite.NewHandler(dir).ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Content-Encoding"), rec.Header().Get("Content-Type"))
	// Output: 200 br text/javascript; charset=utf-8
}

// Generate writes a go-app app as a static site; the manifest says how each
// object is to be stored. (The app's routes are registered with app.Route
// before, as the app's main does.)
func ExampleGenerate() {
	web, err := os.MkdirTemp("", "web")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(web)
	for name, data := range map[string]string{
		"app.wasm":     "\x00asm" + strings.Repeat(" the app", 1000), // `make wasm` builds the real one
		"wasm_exec.js": "// from $(go env GOROOT)/lib/wasm",
	} {
		if err := os.WriteFile(filepath.Join(web, name), []byte(data), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	out, err := os.MkdirTemp("", "site")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(out)

	m, err := staticsite.Generate(out, staticsite.Site{
		Handler:  &app.Handler{Name: "example"},
		Web:      web,
		Files:    map[string][]byte{"config.json": []byte(`{"region":"eu-west-1"}`)},
		BasePath: "/myapp",
		Target:   staticsite.S3Website,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range m.Objects {
		key := strings.Replace(o.Key, m.Version, "<version>", 1)
		fmt.Printf("%-26s %-5s %s\n", key, o.ContentEncoding, o.CacheControl)
	}
	// Output:
	// app-worker.js              gzip  no-cache
	// app.css                    gzip  no-cache
	// app.js                     gzip  no-cache
	// config.json                      no-cache
	// hello                      gzip  no-cache
	// index.html                 gzip  no-cache
	// manifest.webmanifest       gzip  no-cache
	// v/<version>/web/app.wasm   gzip  public, max-age=31536000, immutable
	// wasm_exec.js                     no-cache
}
