//go:build !js

package staticsite

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cognitowasm/cognitowasm/internal/s3test"
)

// TestDeployInvalidatesCloudFront checks the invalidation the real SDK sends
// for a deployment under /myapp: one request, for exactly the changed
// objects that are not immutable, as URL paths under the base path.
func TestDeployInvalidatesCloudFront(t *testing.T) {
	f := newDeployFixture(t, "/myapp")
	f.deploy(f.deployment("myapp"))
	f.rebuild("body { color: green }")
	ep := s3test.NewCloudFront(t, "E2EXAMPLE")
	cf := ep.Client()
	d := f.deployment("myapp")
	d.CloudFront, d.Distribution = cf, "E2EXAMPLE"

	dry := *d
	dry.DryRun = true
	plan := f.deploy(&dry)
	if len(ep.Requests()) != 0 {
		t.Fatal("a dry run sent an invalidation")
	}
	res := f.deploy(d)
	if len(ep.Requests()) != 1 || res.InvalidationID != "I2J0I21PCUYOIK" {
		t.Fatalf("%d invalidation requests, id %q", len(ep.Requests()), res.InvalidationID)
	}
	var want []string
	for _, o := range res.Upload {
		if o.Immutable() {
			continue
		}
		if o.Key == "index.html" {
			want = append(want, "/myapp/")
		}
		want = append(want, "/myapp/"+o.Key)
	}
	got := ep.Batches()[0]
	if !slices.Equal(got.Paths.Items, want) || got.Paths.Quantity != len(want) || !slices.Equal(plan.Invalidate, want) {
		t.Errorf("invalidated %v (quantity %d), planned %v; want %v", got.Paths.Items, got.Paths.Quantity, plan.Invalidate, want)
	}
	for _, p := range got.Paths.Items {
		if strings.Contains(p, "/v/") || strings.HasSuffix(p, "config.json") {
			t.Errorf("invalidated %s, which did not change or is immutable", p)
		}
	}
	if !strings.HasPrefix(got.CallerReference, "cognitowasm-"+f.m.Version+"-") {
		t.Errorf("CallerReference %q", got.CallerReference)
	}
	if auth := ep.Requests()[0].Header.Get("Authorization"); !strings.Contains(auth, "/us-east-1/cloudfront/aws4_request") {
		t.Errorf("Authorization %q is not SigV4 for cloudfront", auth)
	}

	// Nothing changed: no invalidation at all.
	f.deploy(d)
	if len(ep.Requests()) != 1 {
		t.Errorf("an unchanged deploy sent %d more invalidations", len(ep.Requests())-1)
	}

	f.rebuild("body { color: teal }")
	d.Distribution = "EUNKNOWN"
	_, err := d.Deploy(context.Background(), f.dir, f.m)
	var awsErr *AWSError
	if !errors.As(err, &awsErr) || awsErr.Code != "NoSuchDistribution" || !strings.Contains(err.Error(), "check -distribution") ||
		!strings.Contains(err.Error(), "to retry: aws cloudfront create-invalidation --distribution-id EUNKNOWN --paths /myapp/") {
		t.Errorf("unknown distribution: err = %v", err)
	}
}
