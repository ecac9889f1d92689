//go:build !js

package staticsite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/cognitowasm/cognitowasm/internal/s3test"
)

const testBucket = "site-bucket"

// deployFixture is a generated site and a bucket to deploy it to.
type deployFixture struct {
	t    *testing.T
	s3   *s3test.Server
	web  string
	dir  string
	base string
	m    *Manifest
}

func newDeployFixture(t *testing.T, base string) *deployFixture {
	f := &deployFixture{t: t, s3: s3test.New(t), web: testWeb(t), dir: filepath.Join(t.TempDir(), "site"), base: base}
	f.s3.CreateBucket(t, testBucket)
	f.generate()
	return f
}

// generate writes the site again from web/.
func (f *deployFixture) generate() {
	f.t.Helper()
	m, err := Generate(f.dir, testSite(f.web, f.base, S3Website))
	if err != nil {
		f.t.Fatal(err)
	}
	f.m = m
}

// rebuild changes a web/ file, as a new build does, and generates again.
func (f *deployFixture) rebuild(css string) {
	f.t.Helper()
	if err := os.WriteFile(filepath.Join(f.web, "app.css"), []byte(css), 0o644); err != nil {
		f.t.Fatal(err)
	}
	f.generate()
}

func (f *deployFixture) deployment(prefix string) *Deployment {
	return &Deployment{S3: f.s3.Client("AKIATEST"), Bucket: testBucket, Prefix: prefix}
}

func (f *deployFixture) deploy(d *Deployment) *Result {
	f.t.Helper()
	res, err := d.Deploy(context.Background(), f.dir, f.m)
	if err != nil {
		f.t.Fatal(err)
	}
	return res
}

// bucket lists every key in the bucket with its ETag.
func (f *deployFixture) bucket() map[string]string {
	f.t.Helper()
	out := map[string]string{}
	pages := s3.NewListObjectsV2Paginator(f.s3.Client("AKIATEST"), &s3.ListObjectsV2Input{Bucket: aws.String(testBucket)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(context.Background())
		if err != nil {
			f.t.Fatal(err)
		}
		for _, o := range page.Contents {
			out[*o.Key] = strings.Trim(*o.ETag, `"`)
		}
	}
	return out
}

func (f *deployFixture) put(key, body string) {
	f.t.Helper()
	_, err := f.s3.Client("AKIATEST").PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(testBucket), Key: aws.String(key), Body: strings.NewReader(body)})
	if err != nil {
		f.t.Fatal(err)
	}
}

// TestDeployStoresMetadata deploys a site and reads every object back
// through the SDK: its bytes, Content-Type, Content-Encoding, user metadata
// and ETag as stored, and the Cache-Control its PUT carried.
func TestDeployStoresMetadata(t *testing.T) {
	f := newDeployFixture(t, "/myapp")
	var progress bytes.Buffer
	d := f.deployment("myapp")
	d.Progress = &progress
	res := f.deploy(d)
	if res.Uploaded != len(f.m.Objects) || res.Unchanged != 0 || len(res.Stale) != 0 {
		t.Fatalf("first deploy: %d uploaded, %d unchanged, %d stale; want %d, 0, 0", res.Uploaded, res.Unchanged, len(res.Stale), len(f.m.Objects))
	}
	if n := len(f.m.Objects); !strings.Contains(progress.String(), fmt.Sprintf("\ruploaded %d/%d objects", n, n)) {
		t.Errorf("progress line: %q", progress.String())
	}
	client := f.s3.Client("AKIATEST")
	for _, o := range f.m.Objects {
		key := "myapp/" + o.Key
		out, err := client.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(testBucket), Key: aws.String(key)})
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		body, err := io.ReadAll(out.Body)
		out.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(f.dir, o.File))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(body, want) {
			t.Errorf("%s: stored bytes differ from %s", key, o.File)
		}
		if got := aws.ToString(out.ContentType); got != o.ContentType {
			t.Errorf("%s: Content-Type %q, want %q", key, got, o.ContentType)
		}
		if got := aws.ToString(out.ContentEncoding); got != o.ContentEncoding {
			t.Errorf("%s: Content-Encoding %q, want %q", key, got, o.ContentEncoding)
		}
		if got := strings.Trim(aws.ToString(out.ETag), `"`); got != o.MD5 {
			t.Errorf("%s: ETag %q, want the MD5 %q", key, got, o.MD5)
		}
		if !maps.Equal(out.Metadata, o.Metadata) && len(out.Metadata)+len(o.Metadata) > 0 {
			t.Errorf("%s: metadata %v, want %v", key, out.Metadata, o.Metadata)
		}
		if got := f.s3.CacheControl(testBucket, key); got != o.CacheControl {
			t.Errorf("%s: PUT with Cache-Control %q, want %q", key, got, o.CacheControl)
		}
	}
	wasm := f.m.Objects[slices.IndexFunc(f.m.Objects, func(o Object) bool { return strings.HasSuffix(o.Key, "app.wasm") })]
	if wasm.ContentEncoding != "gzip" || wasm.CacheControl != CacheImmutable || wasm.Metadata[RawSizeMetadata] == "" {
		t.Errorf("app.wasm object: %+v", wasm)
	}
}

func TestDeployUploadsOnlyChanges(t *testing.T) {
	f := newDeployFixture(t, "")
	f.put("other-app/keep.txt", "not ours")
	f.deploy(f.deployment(""))
	puts := f.s3.Puts()

	res := f.deploy(f.deployment(""))
	if res.Uploaded != 0 || res.Unchanged != len(f.m.Objects) || f.s3.Puts() != puts {
		t.Fatalf("second deploy of the same site: %d uploaded (%d PUTs), %d unchanged", res.Uploaded, f.s3.Puts()-puts, res.Unchanged)
	}

	oldVersion := f.m.Version
	f.rebuild("body { color: red }")
	before := f.bucket()
	dry := f.deployment("")
	dry.DryRun, dry.Delete = true, true
	plan := f.deploy(dry)
	if after := f.bucket(); !maps.Equal(before, after) || f.s3.Puts() != puts {
		t.Fatal("a dry run changed the bucket")
	}
	// The new build's versioned files are new keys; the pages and scripts
	// that name them changed; the old build's versioned files are stale.
	var wantStale []string
	for key := range before {
		if strings.HasPrefix(key, "v/"+oldVersion+"/") || key == "other-app/keep.txt" {
			wantStale = append(wantStale, key)
		}
	}
	slices.Sort(wantStale)
	if !slices.Equal(plan.Stale, wantStale) {
		t.Errorf("stale %v, want %v", plan.Stale, wantStale)
	}
	for i, o := range plan.Upload {
		if o.Key == "config.json" || o.Key == "wasm_exec.js" || o.Key == "app.css" {
			t.Errorf("plans to upload unchanged %s", o.Key)
		}
		if i > 0 && o.Immutable() && !plan.Upload[i-1].Immutable() {
			t.Errorf("immutable %s goes up after the pages that name it", o.Key)
		}
	}

	d := f.deployment("")
	d.Delete = true
	res = f.deploy(d)
	if res.Uploaded != len(plan.Upload) || res.Deleted != len(wantStale) {
		t.Errorf("deploy: %d uploaded, %d deleted; the plan said %d and %d", res.Uploaded, res.Deleted, len(plan.Upload), len(wantStale))
	}
	after := f.bucket()
	want := map[string]string{}
	for _, o := range f.m.Objects {
		want[o.Key] = o.MD5
	}
	if !maps.Equal(after, want) {
		t.Errorf("after -delete the bucket holds %v,\nwant exactly the site %v", slices.Sorted(maps.Keys(after)), slices.Sorted(maps.Keys(want)))
	}
}

func TestDeployUnderPrefixDeletesOnlyThere(t *testing.T) {
	f := newDeployFixture(t, "/myapp")
	f.put("myapp2/index.html", "a neighbour whose name starts the same")
	f.put("myapp/old-page", "stale")
	d := f.deployment("/myapp/")
	d.Delete = true
	res := f.deploy(d)
	if !slices.Equal(res.Stale, []string{"myapp/old-page"}) || res.Deleted != 1 {
		t.Errorf("stale %v, deleted %d; want only myapp/old-page", res.Stale, res.Deleted)
	}
	if _, ok := f.bucket()["myapp2/index.html"]; !ok {
		t.Error("deleted an object outside the prefix")
	}
}

// TestDeployFailureKeepsOldSite makes one upload of a new build fail and
// checks what stays: when a versioned file fails, the old site is untouched;
// when index.html fails, the pages before it are the new build's (whose
// versioned files are all there) and index.html is still the old one. Never
// is anything deleted, even with -delete.
func TestDeployFailureKeepsOldSite(t *testing.T) {
	for _, refused := range []string{"versioned app.css", "index.html"} {
		t.Run(refused, func(t *testing.T) {
			f := newDeployFixture(t, "")
			f.deploy(f.deployment(""))
			old := f.bucket()
			f.rebuild("body { color: blue }")
			key := "index.html"
			if refused != "index.html" {
				key = "v/" + f.m.Version + "/web/app.css"
			}
			f.s3.RefusePut(testBucket, key, true)
			d := f.deployment("")
			d.Delete = true
			res, err := d.Deploy(context.Background(), f.dir, f.m)
			var awsErr *AWSError
			if !errors.As(err, &awsErr) || awsErr.Code != "AccessDenied" || !strings.Contains(err.Error(), "s3:PutObject") {
				t.Fatalf("err = %v, want AccessDenied in a sentence", err)
			}
			if res == nil || res.Deleted != 0 || res.Uploaded >= len(res.Upload) {
				t.Fatalf("result %+v", res)
			}
			after := f.bucket()
			for key, etag := range old {
				switch {
				case after[key] == etag:
				case refused == "index.html" && !strings.HasPrefix(key, "v/") && key != "index.html":
					// replaced by the new build's page or script
				default:
					t.Errorf("%s: ETag %q after the failed deploy, was %q", key, after[key], etag)
				}
			}
			for _, o := range f.m.Objects {
				if o.Immutable() && refused == "index.html" && after[o.Key] != o.MD5 {
					t.Errorf("new versioned %s missing while pages that name it are up", o.Key)
				}
			}
			// Once the bucket takes it, deploying again completes the site.
			f.s3.RefusePut(testBucket, key, false)
			f.deploy(d)
			want := map[string]string{}
			for _, o := range f.m.Objects {
				want[o.Key] = o.MD5
			}
			if got := f.bucket(); !maps.Equal(got, want) {
				t.Errorf("after the retry the bucket holds %v", slices.Sorted(maps.Keys(got)))
			}
		})
	}
}

func TestDeployErrors(t *testing.T) {
	f := newDeployFixture(t, "")
	tests := []struct {
		name     string
		d        *Deployment
		code     string
		sentence string
	}{
		{"missing bucket", &Deployment{S3: f.s3.Client("AKIATEST"), Bucket: "no-such-bucket"}, "NoSuchBucket", "the bucket does not exist"},
		{"bad credentials", &Deployment{S3: f.s3.Client(s3test.BadAccessKey), Bucket: testBucket}, "InvalidAccessKeyId", "AWS does not know this access key"},
	}
	for _, tt := range tests {
		_, err := tt.d.Deploy(context.Background(), f.dir, f.m)
		var awsErr *AWSError
		if !errors.As(err, &awsErr) || awsErr.Code != tt.code || !strings.Contains(err.Error(), tt.sentence) {
			t.Errorf("%s: err = %v, want %s: %q", tt.name, err, tt.code, tt.sentence)
		}
	}
}
