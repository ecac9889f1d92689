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
