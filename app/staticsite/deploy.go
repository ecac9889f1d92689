//go:build !js

package staticsite

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// partSize is the upload manager's part size. Objects up to it go up in one
// PutObject, whose ETag is their MD5; larger ones in parts, whose ETag
// expectedETag computes the same way S3 does.
const partSize = 64 << 20

// uploadWorkers is how many objects go up at once.
const uploadWorkers = 4

// A Deployment publishes a generated site to a bucket.
type Deployment struct {
	S3     *s3.Client
	Bucket string
	// Prefix is the key prefix of the site in the bucket ("myapp"), or "".
	Prefix string
	// CloudFront and Distribution, when set, get one invalidation for the
	// paths of the changed objects that are not immutable.
	CloudFront   *cloudfront.Client
	Distribution string
	// DryRun only reports what would change.
	DryRun bool
	// Delete removes the objects under Prefix that the site does not have,
	// once every upload has succeeded.
	Delete bool
	// Progress receives a progress line while objects go up; nil for none.
	Progress io.Writer
}

// A Plan is what a deployment changes.
type Plan struct {
	Upload     []Object // new or changed, immutable ones first
	Unchanged  int
	Stale      []string // keys under the prefix that the site does not have; deleted with Delete
	Invalidate []string // URL paths for CloudFront
}

// Bytes is the total size of the objects to upload.
func (p *Plan) Bytes() int64 {
	var n int64
	for _, o := range p.Upload {
		n += o.Size
	}
	return n
}

// A Result is what a deployment did.
type Result struct {
	Plan
	Uploaded       int
	UploadedBytes  int64
	Deleted        int
	InvalidationID string
}

// Deploy uploads the objects of the site in dir that the bucket lacks or
// holds in another version (by ETag), the versioned files first and the
// pages and scripts that refer to them last, so visitors never load a page
// whose files are missing. Stale objects are deleted only after every upload
// has succeeded, so a failed deployment leaves the old site whole.
func (d *Deployment) Deploy(ctx context.Context, dir string, m *Manifest) (*Result, error) {
	prefix := cleanPrefix(d.Prefix)
	existing, err := d.list(ctx, prefix)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	keep := map[string]bool{}
	for _, o := range m.Objects {
		key := prefix + o.Key
		keep[key] = true
		if etag, ok := existing[key]; ok && etag == expectedETag(dir, o) {
			res.Unchanged++
			continue
		}
		res.Upload = append(res.Upload, o)
	}
	for key := range existing {
		if !keep[key] {
			res.Stale = append(res.Stale, key)
		}
	}
	slices.Sort(res.Stale)
	slices.SortStableFunc(res.Upload, func(a, b Object) int { return uploadRank(a) - uploadRank(b) })
	for _, o := range res.Upload {
		if !o.Immutable() {
			res.Invalidate = append(res.Invalidate, urlPaths(m.BasePath, o.Key)...)
		}
	}
	if len(res.Invalidate) > maxInvalidationPaths {
		res.Invalidate = []string{m.BasePath + "/*"}
	}
	if d.CloudFront == nil || d.Distribution == "" {
		res.Invalidate = nil
	}
	if d.DryRun {
		return res, nil
	}

	if err := d.upload(ctx, dir, prefix, res); err != nil {
		return res, err
	}
	if d.Delete && len(res.Stale) > 0 {
		if err := d.delete(ctx, res); err != nil {
			return res, err
		}
	}
	if len(res.Invalidate) > 0 {
		out, err := d.CloudFront.CreateInvalidation(ctx, &cloudfront.CreateInvalidationInput{
			DistributionId: aws.String(d.Distribution),
			InvalidationBatch: &cftypes.InvalidationBatch{
				CallerReference: aws.String(fmt.Sprintf("cognitowasm-%s-%d", m.Version, time.Now().UnixNano())),
				Paths:           &cftypes.Paths{Quantity: aws.Int32(int32(len(res.Invalidate))), Items: res.Invalidate},
			},
		})
		if err != nil {
			// The objects are up; a later deploy finds nothing changed and
			// would not invalidate again, so say how to do it by hand.
			return res, fmt.Errorf("the upload succeeded, but invalidating CloudFront distribution %s failed: %w; to retry: aws cloudfront create-invalidation --distribution-id %s --paths %s",
				d.Distribution, Explain(err), d.Distribution, strings.Join(res.Invalidate, " "))
		}
		res.InvalidationID = aws.ToString(out.Invalidation.Id)
	}
	return res, nil
}

// uploadRank orders uploads: the versioned files, which no live page names
// yet, then the pages and scripts that name them, index.html last.
func uploadRank(o Object) int {
	switch {
	case o.Immutable():
		return 0
	case o.Key == "index.html":
		return 2
	}
	return 1
}

// maxInvalidationPaths is where one wildcard path replaces the list; CloudFront
// charges per path beyond a free allowance.
const maxInvalidationPaths = 50

// cleanPrefix turns "/myapp/", "myapp" or "" into "myapp/" or "".
func cleanPrefix(p string) string {
	p = strings.Trim(p, "/")
	if p == "" {
		return ""
	}
	return p + "/"
}

// urlPaths are the URL paths under which CloudFront caches the object key
// of a site hosted at base: index.html is also its directory's URL.
func urlPaths(base, key string) []string {
	p := base + "/" + key
	if key == "index.html" {
		return []string{base + "/", p}
	}
	return []string{p}
}

// list returns the ETag of every object under prefix.
func (d *Deployment) list(ctx context.Context, prefix string) (map[string]string, error) {
	etags := map[string]string{}
	pages := s3.NewListObjectsV2Paginator(d.S3, &s3.ListObjectsV2Input{Bucket: aws.String(d.Bucket), Prefix: aws.String(prefix)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing s3://%s/%s: %w", d.Bucket, prefix, Explain(err))
		}
		for _, o := range page.Contents {
			etags[aws.ToString(o.Key)] = strings.Trim(aws.ToString(o.ETag), `"`)
		}
	}
	return etags, nil
}

// expectedETag is the ETag S3 gives the object's file when the upload
// manager stores it: its MD5 when it fits one part, else the MD5 of its
// parts' MD5s and their count.
func expectedETag(dir string, o Object) string {
	if o.Size <= partSize {
		return o.MD5
	}
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(o.File)))
	if err != nil {
		return "" // uploaded again, which reports the error
	}
	defer f.Close()
	var sums []byte
	parts := 0
	for {
		h := md5.New()
		n, err := io.CopyN(h, f, partSize)
		if n > 0 {
			sums, parts = h.Sum(sums), parts+1
		}
		if err != nil {
			break
		}
	}
	sum := md5.Sum(sums)
	return fmt.Sprintf("%s-%d", hex.EncodeToString(sum[:]), parts)
}

// upload puts res.Upload: the immutable objects a few at a time, then the
// others one by one in order, so that a failure among them leaves the pages
// after it, index.html last, as they were.
func (d *Deployment) upload(ctx context.Context, dir, prefix string, res *Result) error {
	up := manager.NewUploader(d.S3, func(u *manager.Uploader) { u.PartSize = partSize })
	progress := &progressLine{w: d.Progress, total: len(res.Upload), totalBytes: res.Bytes()}
	defer progress.done()
	split := slices.IndexFunc(res.Upload, func(o Object) bool { return !o.Immutable() })
	if split < 0 {
		split = len(res.Upload)
	}
	for i, group := range [][]Object{res.Upload[:split], res.Upload[split:]} {
		workers := uploadWorkers
		if i == 1 {
			workers = 1
		}
		if err := d.uploadGroup(ctx, up, dir, prefix, group, workers, progress); err != nil {
			res.Uploaded, res.UploadedBytes = progress.count()
			return err
		}
	}
	res.Uploaded, res.UploadedBytes = progress.count()
	return nil
}

func (d *Deployment) uploadGroup(ctx context.Context, up *manager.Uploader, dir, prefix string, group []Object, workers int, progress *progressLine) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	slots := make(chan struct{}, workers)
	for _, o := range group {
		if ctx.Err() != nil {
			break
		}
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			if err := d.put(ctx, up, dir, prefix, o); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
				cancel()
				return
			}
			progress.add(o.Size)
		}()
	}
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}

func (d *Deployment) put(ctx context.Context, up *manager.Uploader, dir, prefix string, o Object) error {
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(o.File)))
	if err != nil {
		return err
	}
	defer f.Close()
	in := &s3.PutObjectInput{
		Bucket:       aws.String(d.Bucket),
		Key:          aws.String(prefix + o.Key),
		Body:         f,
		ContentType:  aws.String(o.ContentType),
		CacheControl: aws.String(o.CacheControl),
		Metadata:     o.Metadata,
	}
	if o.ContentEncoding != "" {
		in.ContentEncoding = aws.String(o.ContentEncoding)
	}
	if o.Size <= partSize {
		sum, err := hex.DecodeString(o.MD5)
		if err != nil {
			return fmt.Errorf("object %q: md5 %q: %w", o.Key, o.MD5, err)
		}
		in.ContentMD5 = aws.String(base64.StdEncoding.EncodeToString(sum))
	}
	if _, err := up.Upload(ctx, in); err != nil {
		return fmt.Errorf("uploading %s to s3://%s/%s: %w", o.File, d.Bucket, prefix+o.Key, Explain(err))
	}
	return nil
}

// delete removes res.Stale, a thousand keys per request (S3's limit).
func (d *Deployment) delete(ctx context.Context, res *Result) error {
	for batch := range slices.Chunk(res.Stale, 1000) {
		ids := make([]s3types.ObjectIdentifier, len(batch))
		for i, key := range batch {
			ids[i] = s3types.ObjectIdentifier{Key: aws.String(key)}
		}
		out, err := d.S3.DeleteObjects(ctx, &s3.DeleteObjectsInput{
			Bucket: aws.String(d.Bucket),
			Delete: &s3types.Delete{Objects: ids, Quiet: aws.Bool(true)},
		})
		if err != nil {
			return fmt.Errorf("deleting stale objects from s3://%s: %w", d.Bucket, Explain(err))
		}
		if len(out.Errors) > 0 {
			e := out.Errors[0]
			return fmt.Errorf("deleting s3://%s/%s: %s: %s (and %d more)", d.Bucket, aws.ToString(e.Key), aws.ToString(e.Code), aws.ToString(e.Message), len(out.Errors)-1)
		}
		res.Deleted += len(batch)
	}
	return nil
}

// progressLine rewrites one line: objects and bytes uploaded so far.
type progressLine struct {
	w          io.Writer
	total      int
	totalBytes int64
	mu         sync.Mutex
	objects    int
	bytes      int64
	printed    bool
}

func (p *progressLine) add(n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.objects++
	p.bytes += n
	if p.w != nil {
		fmt.Fprintf(p.w, "\ruploaded %d/%d objects, %s of %s", p.objects, p.total, ByteSize(p.bytes), ByteSize(p.totalBytes))
		p.printed = true
	}
}

func (p *progressLine) count() (int, int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.objects, p.bytes
}

func (p *progressLine) done() {
	if p.printed {
		fmt.Fprintln(p.w)
	}
}
