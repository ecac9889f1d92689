package staticsite

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// ManifestFile is the name of the manifest of objects in a generated site's directory.
const ManifestFile = "objects.json"

// A Manifest lists the objects of a generated site, with the metadata each
// must be stored with, so that any uploader can publish it.
type Manifest struct {
	Version  string   `json:"version"`  // of the build; names the versioned directory
	BasePath string   `json:"basePath"` // the URL path the site is hosted under, or ""
	Target   Target   `json:"target"`
	Objects  []Object `json:"objects"`
}

// An Object is one file to store.
type Object struct {
	// Key is the object's name below the site's root ("index.html",
	// "account", "v/<version>/web/app.wasm"). Route pages drop ".html", so
	// that /account is the page, not the fallback.
	Key string `json:"key"`
	// File holds the bytes to store, relative to the site's directory; a
	// coded object names its coded copy ("v/<version>/web/app.wasm.gz").
	File            string            `json:"file"`
	ContentType     string            `json:"contentType"`
	ContentEncoding string            `json:"contentEncoding,omitempty"`
	CacheControl    string            `json:"cacheControl"`
	Metadata        map[string]string `json:"metadata,omitempty"` // user metadata (x-amz-meta-*)
	Size            int64             `json:"size"`               // of File
	MD5             string            `json:"md5"`                // hex MD5 of File: S3's ETag of a single-part upload
}

// Immutable reports whether the object may be cached forever.
func (o Object) Immutable() bool { return o.CacheControl == CacheImmutable }

// newObject describes the file rel of the site in dir. A compressible file
// gets a coded copy beside it when coding makes it smaller.
func newObject(dir, rel string, page, versioned bool, enc *Encoding) (Object, error) {
	src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		return Object{}, err
	}
	o := Object{Key: rel, File: rel, ContentType: contentType(rel), CacheControl: CacheRevalidate}
	if page && rel != "index.html" {
		o.Key = strings.TrimSuffix(rel, ".html")
	}
	if versioned {
		o.CacheControl = CacheImmutable
	}
	if path.Ext(rel) == ".wasm" {
		o.Metadata = map[string]string{RawSizeMetadata: strconv.Itoa(len(src))}
	}
	body := src
	if compressible[path.Ext(rel)] {
		coded, err := enc.codedCopy(filepath.Join(dir, filepath.FromSlash(rel)), src)
		if err != nil {
			return Object{}, err
		}
		if len(coded) < len(src) {
			o.File, o.ContentEncoding, body = rel+enc.Suffix, enc.Name, coded
		}
	}
	sum := md5.Sum(body)
	o.Size, o.MD5 = int64(len(body)), hex.EncodeToString(sum[:])
	return o, nil
}

func (m *Manifest) write(name string) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(data, '\n'), 0o644)
}

// maxManifestSize bounds objects.json; a site of a thousand files is well under it.
const maxManifestSize = 16 << 20

// ReadManifest reads the manifest of the site generated into dir and checks
// that every object's file is there, unchanged.
func ReadManifest(dir string) (*Manifest, error) {
	name := filepath.Join(dir, ManifestFile)
	info, err := os.Stat(name)
	if err != nil {
		return nil, fmt.Errorf("%w: generate the site first (`cognitowasm static -out %s`)", err, dir)
	}
	if info.Size() > maxManifestSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, maxManifestSize)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	keys := map[string]bool{}
	for _, o := range m.Objects {
		if err := o.check(dir); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if keys[o.Key] {
			return nil, fmt.Errorf("%s: key %q appears twice", name, o.Key)
		}
		keys[o.Key] = true
	}
	return &m, nil
}

// check refuses an object whose key or file would leave the site, or whose
// file is not what the manifest says.
func (o Object) check(dir string) error {
	for _, p := range []string{o.Key, o.File} {
		if p == "" || !filepath.IsLocal(filepath.FromSlash(p)) || path.Clean(p) != p {
			return fmt.Errorf("object %q: %q is not a plain relative path", o.Key, p)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(o.File)))
	if err != nil {
		return fmt.Errorf("object %q: %w", o.Key, err)
	}
	sum := md5.Sum(data)
	if int64(len(data)) != o.Size || hex.EncodeToString(sum[:]) != o.MD5 {
		return fmt.Errorf("object %q: %s changed after the site was generated: generate it again", o.Key, o.File)
	}
	return nil
}

// ByteSize prints n in KB or MB.
func ByteSize(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
}
