// Package s3test starts an S3 API for tests: github.com/johannesboyne/gofakes3
// over HTTP, spoken to through the real aws-sdk-go-v2 S3 client, and
// serves what it stores the way an S3 website endpoint or CloudFront would.
//
// In front of gofakes3 sits a thin layer that only watches and, when a test
// asks, refuses: it records each PUT's Cache-Control, which gofakes3 v1.2.0
// does not store (real S3 keeps it as system metadata and returns it on
// GET), and it can answer chosen requests with S3's own error documents
// (AccessDenied, InvalidAccessKeyId) to test how failures are reported.
package s3test

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// Region is the region the test clients sign for.
const Region = "us-east-1"

// BadAccessKey is an access key the server refuses with InvalidAccessKeyId.
const BadAccessKey = "AKIAUNKNOWNKEY000000"

// A Server is gofakes3 listening on 127.0.0.1.
type Server struct {
	URL string

	mu           sync.Mutex
	cacheControl map[string]string // "bucket/key" -> Cache-Control of its last PUT
	refusePut    map[string]bool   // "bucket/key" -> answer PUTs with AccessDenied
	puts         int
}

// New starts a server that lives as long as the test.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{cacheControl: map[string]string{}, refusePut: map[string]bool{}}
	fake := gofakes3.New(s3mem.New(), gofakes3.WithLogger(gofakes3.DiscardLog()))
	srv := httptest.NewServer(s.watch(fake.Server()))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Client is the real SDK's S3 client for the server, signing with accessKey.
func (s *Server) Client(accessKey string) *s3.Client {
	return s3.New(s3.Options{
		Region:       Region,
		BaseEndpoint: aws.String(s.URL),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(accessKey, "secret", ""),
	})
}

// CreateBucket makes a bucket through the SDK.
func (s *Server) CreateBucket(t testing.TB, bucket string) {
	t.Helper()
	if _, err := s.Client("AKIATEST").CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
}

// CacheControl is the Cache-Control the last PUT of bucket/key carried.
func (s *Server) CacheControl(bucket, key string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cacheControl[bucket+"/"+key]
}

// Puts counts the PUT requests the server has answered, parts included.
func (s *Server) Puts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.puts
}

// RefusePut makes PUTs of bucket/key fail with AccessDenied, as S3 answers
// a principal without s3:PutObject on it.
func (s *Server) RefusePut(bucket, key string, refuse bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refusePut[bucket+"/"+key] = refuse
}

func (s *Server) watch(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.Header.Get("Authorization"), "Credential="+BadAccessKey+"/") {
			writeError(w, http.StatusForbidden, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
			return
		}
		name := strings.TrimPrefix(r.URL.Path, "/")
		if r.Method == http.MethodPut && !r.URL.Query().Has("uploadId") && !strings.HasSuffix(name, "/") && strings.Contains(name, "/") {
			s.mu.Lock()
			refused := s.refusePut[name]
			if !refused {
				s.puts++
				s.cacheControl[name] = r.Header.Get("Cache-Control")
			}
			s.mu.Unlock()
			if refused {
				writeError(w, http.StatusForbidden, "AccessDenied", "Access Denied")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// writeError answers with S3's error document.
func writeError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	xml.NewEncoder(w).Encode(struct {
		XMLName   xml.Name `xml:"Error"`
		Code      string
		Message   string
		RequestId string
	}{Code: code, Message: message, RequestId: "s3test"})
}
