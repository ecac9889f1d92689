package staticsite

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// A Target is where a site is hosted, which decides how its files are coded.
type Target string

const (
	// S3Website is a bucket's website endpoint. It speaks plain HTTP, over
	// which browsers refuse brotli, so files are gzip-coded.
	S3Website Target = "s3"
	// CloudFront speaks HTTPS, so files are brotli-coded. CloudFront would
	// not compress app.wasm itself: it leaves files over 10 MB alone.
	CloudFront Target = "cloudfront"
)

// Encoding is the content coding the target's files are stored with.
func (t Target) Encoding() (*Encoding, error) {
	switch t {
	case S3Website:
		return Gzip, nil
	case CloudFront:
		return Brotli, nil
	}
	return nil, fmt.Errorf("unknown target %q: want %q or %q", t, S3Website, CloudFront)
}

// Cache-Control values. Files under the versioned directory change name
// with every build, so browsers and CloudFront keep them for a year; every
// other file is revalidated on each use.
const (
	CacheImmutable  = "public, max-age=31536000, immutable"
	CacheRevalidate = "no-cache"
)

// RawSizeMetadata is the user metadata key holding app.wasm's uncompressed
// size. S3 returns it as the x-amz-meta-raw-content-length header, which
// go-app's loader reads to show progress while it decodes the coded body.
const RawSizeMetadata = "raw-content-length"

// A Site is what Generate writes: a go-app app, the files it loads, and the
// configuration it reads.
type Site struct {
	// Handler describes the app. Generate sets its Resources, Version and
	// WasmContentLengthHeader; its Env should not carry the configuration,
	// which the app reads from config.json.
	Handler *app.Handler
	// Web is the directory of the app's static files: app.wasm, the
	// toolchain's wasm_exec.js that matches it, styles and icons.
	Web string
	// Files are written beside index.html, by name: config.json, for one.
	Files map[string][]byte
	// BasePath is the URL path the site is hosted under ("/myapp"); empty
	// for the root of a host.
	BasePath string
	// Target decides the coding of the files.
	Target Target
}

// Generate writes the static website of s into the directory out, with
// go-app's own app.GenerateStaticWebsite: a page for every route (index.html
// for "/", the single-page fallback for every other path), app.js, the
// service worker, the manifest and go-app's styles; then the toolchain's
// wasm_exec.js, s.Files, and the files of s.Web under a directory named
// for their content. Each compressible file gets a coded copy beside it
// (name.gz or name.br, per the target). It returns the manifest of objects
// to upload, which it also writes as out/objects.json.
func Generate(out string, s Site) (*Manifest, error) {
	enc, err := s.Target.Encoding()
	if err != nil {
		return nil, err
	}
	base, err := cleanBasePath(s.BasePath)
	if err != nil {
		return nil, err
	}
	wasmExec, err := os.ReadFile(filepath.Join(s.Web, "wasm_exec.js"))
	if err != nil {
		return nil, fmt.Errorf("%w: build web/ first (`make wasm`)", err)
	}
	webFiles, version, err := readWeb(s.Web)
	if err != nil {
		return nil, err
	}
	if err := emptyDir(out); err != nil {
		return nil, err
	}

	h := s.Handler
	h.Version = version
	h.Resources = resources{pkg: base, static: base + "/" + versionedDir(version)}
	h.WasmContentLengthHeader = "X-Amz-Meta-" + RawSizeMetadata
	h.RawHeaders = append(slices.Clone(h.RawHeaders), PreloadWASM(h.Resources.AppWASM()))
	if err := app.GenerateStaticWebsite(out, h); err != nil {
		return nil, fmt.Errorf("generating the pages: %w", err)
	}
	// GenerateStaticWebsite makes an empty web/ for files it does not copy;
	// ours live in the versioned directory.
	if err := os.Remove(filepath.Join(out, "web")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	pages, err := filepath.Glob(filepath.Join(out, "*.html"))
	if err != nil {
		return nil, err
	}
	// go-app embeds an older wasm_exec.js than the toolchain app.wasm was built with.
	if err := os.WriteFile(filepath.Join(out, "wasm_exec.js"), wasmExec, 0o644); err != nil {
		return nil, err
	}
	for name, data := range s.Files {
		if name != filepath.Base(name) || name == ManifestFile {
			return nil, fmt.Errorf("file %q: want a plain name other than %s", name, ManifestFile)
		}
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	for _, name := range webFiles {
		dst := filepath.Join(out, versionedDir(version), "web", name)
		if err := copyFile(dst, filepath.Join(s.Web, name)); err != nil {
			return nil, err
		}
		// A precompressed copy is checked before use, in newObject.
		if err := copyFile(dst+enc.Suffix, filepath.Join(s.Web, name)+enc.Suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}

	m := &Manifest{Version: version, BasePath: base, Target: s.Target}
	pageSet := map[string]bool{}
	for _, p := range pages {
		pageSet[filepath.Base(p)] = true
	}
	err = filepath.WalkDir(out, func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(out, file)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == ManifestFile || isCodedCopy(rel) {
			return nil
		}
		o, err := newObject(out, rel, pageSet[rel], strings.HasPrefix(rel, versionedDir(version)+"/"), enc)
		if err != nil {
			return err
		}
		m.Objects = append(m.Objects, o)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(m.Objects, func(a, b Object) int { return strings.Compare(a.Key, b.Key) })
	return m, m.write(filepath.Join(out, ManifestFile))
}

// versionedDir holds the files of one build: its name changes with their
// content, so they can be cached forever.
func versionedDir(version string) string { return "v/" + version }

// resources is the app.ResourceProvider of a static site: go-app's files at
// the base path, and web/ under the build's versioned directory.
type resources struct{ pkg, static string }

func (r resources) Package() string { return r.pkg }
func (r resources) Static() string  { return r.static }
func (r resources) AppWASM() string { return r.static + "/web/app.wasm" }

// PreloadWASM is a link for the page's head that starts downloading the app
// at wasm as soon as the page's head is read, instead of after go-app's
// deferred scripts have loaded and run. It matches go-app's fetch (CORS
// mode, same-origin credentials), which then takes the preloaded response
// rather than downloading the app again.
func PreloadWASM(wasm string) string {
	return `<link rel="preload" href="` + html.EscapeString(wasm) + `" as="fetch" crossorigin="anonymous">`
}

// cleanBasePath turns "myapp/", "/myapp" or "" into "/myapp" or "".
func cleanBasePath(p string) (string, error) {
	p = strings.Trim(p, "/")
	if p == "" {
		return "", nil
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." || strings.ContainsAny(seg, "?#\\%") {
			return "", fmt.Errorf("base path %q: want a plain URL path such as /myapp", p)
		}
	}
	return "/" + p, nil
}

// readWeb lists the files of web (precompressed copies and wasm_exec.js
// left out: the site codes its own and serves wasm_exec.js beside
// index.html) and hashes names and content into the build's version.
func readWeb(web string) (names []string, version string, err error) {
	if _, err := os.Stat(filepath.Join(web, "app.wasm")); err != nil {
		return nil, "", fmt.Errorf("%w: build web/ first (`make wasm`)", err)
	}
	h := sha256.New()
	err = filepath.WalkDir(web, func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(web, file)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == "wasm_exec.js" || isCodedCopy(rel) {
			return nil
		}
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		fmt.Fprintf(h, "%s\x00", rel)
		if _, err := io.Copy(h, f); err != nil {
			return err
		}
		names = append(names, rel)
		return nil
	})
	return names, hex.EncodeToString(h.Sum(nil)[:8]), err
}

// isCodedCopy reports whether name is a precompressed copy of another file.
func isCodedCopy(name string) bool {
	for _, e := range Encodings {
		if strings.HasSuffix(name, e.Suffix) {
			return true
		}
	}
	return false
}

// emptyDir makes dir an empty directory, refusing to clear one that holds
// anything but an earlier generated site.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, ManifestFile)); err != nil {
		return fmt.Errorf("%s is not empty and holds no %s of an earlier site: choose an empty or new directory", dir, ManifestFile)
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(dst, src string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}

// contentTypes are the types of a site's files, fixed here rather than
// taken from the machine's MIME table, which varies.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".wasm":        "application/wasm",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
	".xml":         "application/xml",
	".woff2":       "font/woff2",
}

// contentType is the Content-Type of a file by its extension.
func contentType(name string) string {
	if t, ok := contentTypes[path.Ext(name)]; ok {
		return t
	}
	return "application/octet-stream"
}
