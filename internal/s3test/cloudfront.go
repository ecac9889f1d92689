package s3test

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
)

// InvalidationBatch is CloudFront's CreateInvalidation request body (API
// version 2020-05-31), decoded here on its own rather than with the SDK's
// types, so a check does not trust the code that wrote it.
type InvalidationBatch struct {
	XMLName         xml.Name `xml:"http://cloudfront.amazonaws.com/doc/2020-05-31/ InvalidationBatch"`
	CallerReference string
	Paths           struct {
		Quantity int
		Items    []string `xml:"Items>Path"`
	}
}

// CloudFront is a local endpoint for the real SDK's CloudFront client. It
// records the CreateInvalidation requests it gets and answers as CloudFront
// documents: 201 with the Invalidation for the known distribution, 404
// NoSuchDistribution for any other. It does not check signatures, so it
// shows what the SDK sends, not that CloudFront would accept it.
type CloudFront struct {
	URL string

	known    string
	mu       sync.Mutex
	requests []*http.Request
	batches  []InvalidationBatch
}

// NewCloudFront starts an endpoint that knows the distribution known.
func NewCloudFront(t testing.TB, known string) *CloudFront {
	t.Helper()
	c := &CloudFront{known: known}
	srv := httptest.NewServer(c)
	t.Cleanup(srv.Close)
	c.URL = srv.URL
	return c
}

// Client is the real SDK's CloudFront client for the endpoint.
func (c *CloudFront) Client() *cloudfront.Client {
	return cloudfront.New(cloudfront.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(c.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIATEST", "secret", ""),
	})
}

// Requests are the requests received so far.
func (c *CloudFront) Requests() []*http.Request {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]*http.Request(nil), c.requests...)
}

// Batches are the decoded bodies of Requests.
func (c *CloudFront) Batches() []InvalidationBatch {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]InvalidationBatch(nil), c.batches...)
}

func (c *CloudFront) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var batch InvalidationBatch
	err := xml.Unmarshal(body, &batch)
	c.mu.Lock()
	c.requests = append(c.requests, r)
	c.batches = append(c.batches, batch)
	c.mu.Unlock()
	w.Header().Set("Content-Type", "text/xml")
	if r.URL.Path != "/2020-05-31/distribution/"+c.known+"/invalidation" {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>NoSuchDistribution</Code><Message>The specified distribution does not exist.</Message></Error><RequestId>r1</RequestId></ErrorResponse>`)
		return
	}
	start := strings.Index(string(body), "<InvalidationBatch")
	if err != nil || r.Method != http.MethodPost || start < 0 {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>MalformedInput</Code><Message>not an InvalidationBatch</Message></Error><RequestId>r2</RequestId></ErrorResponse>`)
		return
	}
	w.Header().Set("Location", "https://cloudfront.amazonaws.com"+r.URL.Path+"/I2J0I21PCUYOIK")
	w.WriteHeader(http.StatusCreated)
	io.WriteString(w, `<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status><CreateTime>2026-12-01T10:00:00Z</CreateTime>`+string(body[start:])+`</Invalidation>`)
}
