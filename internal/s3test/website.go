package s3test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Website serves a bucket's stored objects over HTTP, each with the metadata
// it was stored with, by the rules of one of two hosts:
//
//   - an S3 website endpoint: a path ending in / serves its index.html; a
//     missing key whose key/index.html exists redirects to key/; any other
//     missing key serves the error document with status 404;
//   - CloudFront with an origin access control on the bucket's REST
//     endpoint: / serves the default root object index.html; a missing key
//     is a 403 from S3, which the distribution's custom error response turns
//     into the error document with status 200.
type Website struct {
	Server *Server
	Bucket string
	// ErrorDocument is the key served for missing keys: "index.html", or
	// "myapp/index.html" for a site under a prefix.
	ErrorDocument string
	// CloudFront selects CloudFront's rules instead of the website endpoint's.
	CloudFront bool
}

// Start serves w until the test ends and returns its URL.
func (w *Website) Start(t testing.TB) string {
	t.Helper()
	srv := httptest.NewServer(w)
	t.Cleanup(srv.Close)
	return srv.URL
}

func (w *Website) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		rw.Header().Set("Allow", "GET, HEAD")
		http.Error(rw, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	key := strings.TrimPrefix(r.URL.Path, "/")
	switch {
	case key == "":
		key = "index.html" // the index document, or CloudFront's default root object
	case strings.HasSuffix(key, "/") && !w.CloudFront:
		key += "index.html"
	}
	if w.serve(rw, r, key, http.StatusOK) {
		return
	}
	if !w.CloudFront && !strings.HasSuffix(key, "/") && w.exists(r, key+"/index.html") {
		http.Redirect(rw, r, "/"+key+"/", http.StatusFound)
		return
	}
	status := http.StatusNotFound
	if w.CloudFront {
		status = http.StatusOK
	}
	if !w.serve(rw, r, w.ErrorDocument, status) {
		http.Error(rw, "no error document "+w.ErrorDocument, http.StatusNotFound)
	}
}

// serve writes the object key with its stored headers, or returns false
// when there is no such object.
func (w *Website) serve(rw http.ResponseWriter, r *http.Request, key string, status int) bool {
	in := &s3.GetObjectInput{Bucket: aws.String(w.Bucket), Key: aws.String(key)}
	if inm := r.Header.Get("If-None-Match"); inm != "" && status == http.StatusOK {
		in.IfNoneMatch = aws.String(inm)
	}
	out, err := w.Server.Client("AKIATEST").GetObject(r.Context(), in)
	if err != nil {
		var nsk *types.NoSuchKey
		if errors.As(err, &nsk) || strings.Contains(err.Error(), "StatusCode: 404") {
			return false
		}
		if strings.Contains(err.Error(), "StatusCode: 304") {
			rw.WriteHeader(http.StatusNotModified)
			return true
		}
		http.Error(rw, err.Error(), http.StatusBadGateway)
		return true
	}
	defer out.Body.Close()
	h := rw.Header()
	set := func(name string, v *string) {
		if v != nil && *v != "" {
			h.Set(name, *v)
		}
	}
	set("Content-Type", out.ContentType)
	set("Content-Encoding", out.ContentEncoding)
	set("ETag", out.ETag)
	set("Cache-Control", aws.String(w.Server.CacheControl(w.Bucket, key)))
	if out.LastModified != nil {
		h.Set("Last-Modified", out.LastModified.UTC().Format(http.TimeFormat))
	}
	for k, v := range out.Metadata {
		h.Set("X-Amz-Meta-"+k, v)
	}
	if out.ContentLength != nil {
		h.Set("Content-Length", strconv.FormatInt(*out.ContentLength, 10))
	}
	rw.WriteHeader(status)
	if r.Method == http.MethodGet {
		io.Copy(rw, out.Body)
	}
	return true
}

func (w *Website) exists(r *http.Request, key string) bool {
	_, err := w.Server.Client("AKIATEST").HeadObject(r.Context(), &s3.HeadObjectInput{Bucket: aws.String(w.Bucket), Key: aws.String(path.Clean(key))})
	return err == nil
}
