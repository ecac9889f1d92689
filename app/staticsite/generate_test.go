package staticsite

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

type hello struct{ app.Compo }

func (*hello) Render() app.UI { return app.H1().Text("hello") }

func init() {
	app.Route("/", &hello{})
	app.Route("/hello", &hello{})
}

// testWeb writes a web/ like `make wasm` leaves it; app.wasm is not a real
// module, only bytes that compress.
func testWeb(t *testing.T) string {
	t.Helper()
	web := t.TempDir()
	files := map[string]string{
		"app.wasm":     "\x00asm" + strings.Repeat("wasm body ", 20000),
		"wasm_exec.js": "// the toolchain's wasm_exec.js\n" + strings.Repeat("x;", 500),
		"app.css":      strings.Repeat("body { margin: 0 }\n", 50),
		"icon-192.png": "\x89PNG not compressible",
		"app.wasm.br":  "a stale precompressed copy, not used",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(web, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return web
}

func testSite(web, base string, target Target) Site {
	return Site{
		Handler: &app.Handler{
			Name:   "test",
			Icon:   app.Icon{Default: "/web/icon-192.png"},
			Styles: []string{"/web/app.css"},
		},
		Web:      web,
		Files:    map[string][]byte{"config.json": []byte(`{"region":"eu-west-1"}`)},
		BasePath: base,
		Target:   target,
	}
}

func TestGenerate(t *testing.T) {
	for _, tt := range []struct {
		base, wantBase string
		target         Target
		enc            *Encoding
	}{
		{"", "", S3Website, Gzip},
		{"myapp/", "/myapp", CloudFront, Brotli},
	} {
		t.Run(string(tt.target), func(t *testing.T) {
			web := testWeb(t)
			out := filepath.Join(t.TempDir(), "site")
			m, err := Generate(out, testSite(web, tt.base, tt.target))
			if err != nil {
				t.Fatal(err)
			}
			if m.BasePath != tt.wantBase || m.Target != tt.target || len(m.Version) != 16 {
				t.Errorf("manifest: base %q, target %q, version %q", m.BasePath, m.Target, m.Version)
			}
			wasmKey := "v/" + m.Version + "/web/app.wasm"
			objects := map[string]Object{}
			for _, o := range m.Objects {
				objects[o.Key] = o
			}
			want := map[string]struct{ ctype, cache string }{
				"index.html":                           {"text/html; charset=utf-8", CacheRevalidate},
				"hello":                                {"text/html; charset=utf-8", CacheRevalidate},
				"app.js":                               {"text/javascript; charset=utf-8", CacheRevalidate},
				"app-worker.js":                        {"text/javascript; charset=utf-8", CacheRevalidate},
				"manifest.webmanifest":                 {"application/manifest+json", CacheRevalidate},
				"app.css":                              {"text/css; charset=utf-8", CacheRevalidate},
				"wasm_exec.js":                         {"text/javascript; charset=utf-8", CacheRevalidate},
				"config.json":                          {"application/json", CacheRevalidate},
				wasmKey:                                {"application/wasm", CacheImmutable},
				"v/" + m.Version + "/web/app.css":      {"text/css; charset=utf-8", CacheImmutable},
				"v/" + m.Version + "/web/icon-192.png": {"image/png", CacheImmutable},
			}
			if len(objects) != len(want) {
				t.Errorf("got %d objects, want %d: %v", len(objects), len(want), keys(objects))
			}
			for key, w := range want {
				o, ok := objects[key]
				if !ok {
					t.Errorf("no object %q", key)
					continue
				}
				if o.ContentType != w.ctype || o.CacheControl != w.cache {
					t.Errorf("%s: type %q cache %q, want %q %q", key, o.ContentType, o.CacheControl, w.ctype, w.cache)
				}
				wantEnc := tt.enc.Name
				if key == "v/"+m.Version+"/web/icon-192.png" || key == "config.json" {
					wantEnc = "" // coding makes it no smaller
				}
				if o.ContentEncoding != wantEnc {
					t.Errorf("%s: Content-Encoding %q, want %q", key, o.ContentEncoding, wantEnc)
				}
			}

			raw := func(key string) []byte {
				o := objects[key]
				data, err := os.ReadFile(filepath.Join(out, o.File))
				if err != nil {
					t.Fatal(err)
				}
				if o.ContentEncoding == "" {
					return data
				}
				r, err := tt.enc.NewReader(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				plain, err := io.ReadAll(r)
				if err != nil {
					t.Fatalf("%s does not decode: %v", key, err)
				}
				return plain
			}
			webWasm, _ := os.ReadFile(filepath.Join(web, "app.wasm"))
			if got := raw(wasmKey); !bytes.Equal(got, webWasm) {
				t.Error("app.wasm does not decode to web/app.wasm")
			}
			if got := objects[wasmKey].Metadata[RawSizeMetadata]; got != "200004" {
				t.Errorf("app.wasm raw size metadata %q", got)
			}
			if got := string(raw("wasm_exec.js")); !strings.HasPrefix(got, "// the toolchain's") {
				t.Errorf("wasm_exec.js is not the toolchain's: %.40q", got)
			}
			if got := string(raw("config.json")); got != `{"region":"eu-west-1"}` {
				t.Errorf("config.json = %q", got)
			}
			index := string(raw("index.html"))
			for _, ref := range []string{
				`src="` + tt.wantBase + `/app.js"`,
				`src="` + tt.wantBase + `/wasm_exec.js"`,
				`href="` + tt.wantBase + `/manifest.webmanifest"`,
				`href="` + tt.wantBase + "/v/" + m.Version + `/web/app.css"`,
				// The download starts with the page, in the mode of go-app's fetch.
				`<link rel="preload" href="` + tt.wantBase + "/v/" + m.Version + `/web/app.wasm" as="fetch" crossorigin="anonymous">`,
			} {
				if !strings.Contains(index, ref) {
					t.Errorf("index.html lacks %s", ref)
				}
			}
			appJS := string(raw("app.js"))
			for _, ref := range []string{
				`"` + tt.wantBase + "/v/" + m.Version + `/web/app.wasm"`,
				`"X-Amz-Meta-raw-content-length"`,
				`"GOAPP_ROOT_PREFIX":"` + tt.wantBase + `"`,
			} {
				if !strings.Contains(appJS, ref) {
					t.Errorf("app.js lacks %s", ref)
				}
			}
			if !strings.Contains(string(raw("hello")), "<h1>hello</h1>") {
				t.Error("the /hello page is not pre-rendered")
			}

			read, err := ReadManifest(out)
			if err != nil {
				t.Fatal(err)
			}
			a, _ := json.Marshal(read)
			b, _ := json.Marshal(m)
			if !bytes.Equal(a, b) {
				t.Error("ReadManifest differs from what Generate returned")
			}
			// Generating again into the same directory replaces the site.
			if _, err := Generate(out, testSite(web, tt.base, tt.target)); err != nil {
				t.Fatalf("generating over an earlier site: %v", err)
			}
		})
	}
}

func keys(m map[string]Object) []string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	return k
}

func TestGenerateRefuses(t *testing.T) {
	web := testWeb(t)
	busy := t.TempDir()
	if err := os.WriteFile(filepath.Join(busy, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		out  string
		site Site
		want string
	}{
		{"a directory of other files", busy, testSite(web, "", S3Website), "is not empty"},
		{"an unknown target", t.TempDir(), testSite(web, "", "gcs"), `unknown target "gcs"`},
		{"a base path that climbs", t.TempDir(), testSite(web, "/a/../b", S3Website), "plain URL path"},
		{"a web/ without app.wasm", t.TempDir(), testSite(t.TempDir(), "", S3Website), "make wasm"},
	}
	for _, tt := range tests {
		_, err := Generate(tt.out, tt.site)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to say %q", tt.name, err, tt.want)
		}
	}
	if data, err := os.ReadFile(filepath.Join(busy, "notes.txt")); err != nil || string(data) != "mine" {
		t.Errorf("a refused directory lost its files: %q %v", data, err)
	}
}

func TestReadManifestChecksFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if _, err := Generate(out, testSite(testWeb(t), "", S3Website)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "config.json"), []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadManifest(out); err == nil || !strings.Contains(err.Error(), "changed after the site was generated") {
		t.Errorf("edited file: err = %v", err)
	}
	m := Manifest{Objects: []Object{{Key: "../escape", File: "index.html"}}}
	if err := m.write(filepath.Join(out, ManifestFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadManifest(out); err == nil || !strings.Contains(err.Error(), "not a plain relative path") {
		t.Errorf("escaping key: err = %v", err)
	}
}
