//go:build !js

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/cognitowasm/cognitowasm/app/staticsite"
)

func init() {
	register(command{name: "deploy", summary: "upload a static site to S3 (-bucket B), only what changed", run: runDeploy})
}

func runDeploy(ctx context.Context, args []string, std stdio) error {
	fs := flag.NewFlagSet("deploy", flag.ContinueOnError)
	fs.SetOutput(std.err)
	dir := fs.String("dir", "site", "`directory` that cognitowasm static -out wrote")
	bucket := fs.String("bucket", "", "S3 bucket to upload to (required)")
	prefix := fs.String("prefix", "", "key prefix of the site in the bucket (default: the site's -base-path)")
	distribution := fs.String("distribution", "", "CloudFront distribution ID to invalidate the changed pages and scripts of")
	dryRun := fs.Bool("dry-run", false, "print what would change, change nothing")
	deleteStale := fs.Bool("delete", false, "delete objects under the prefix that the site does not have, after every upload succeeded")
	endpoint := fs.String("endpoint", "", "URL of an S3-compatible server instead of AWS (path-style requests)")
	region := fs.String("region", "", "the bucket's region (default: from the AWS configuration; us-east-1 with -endpoint)")
	if _, err := parseArgs(fs, args, 0, 0, ""); err != nil {
		return err
	}
	if *bucket == "" {
		return &exitError{code: 2, err: errors.New("-bucket is required")}
	}
	m, err := staticsite.ReadManifest(*dir)
	if err != nil {
		return err
	}
	prefixSet := false
	fs.Visit(func(f *flag.Flag) { prefixSet = prefixSet || f.Name == "prefix" })
	if !prefixSet {
		*prefix = m.BasePath
	}

	opts := []func(*config.LoadOptions) error{}
	if *region != "" {
		opts = append(opts, config.WithRegion(*region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return fmt.Errorf("reading the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		if *endpoint == "" {
			return &exitError{code: 2, err: errors.New("no region: set -region or AWS_REGION to the bucket's region")}
		}
		cfg.Region = "us-east-1"
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return fmt.Errorf("no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (`aws configure`, `aws sso login`) (%v)", err)
	}
	d := &staticsite.Deployment{
		S3: s3.NewFromConfig(cfg, func(o *s3.Options) {
			if *endpoint != "" {
				o.BaseEndpoint = aws.String(*endpoint)
				o.UsePathStyle = true
			}
		}),
		Bucket:       *bucket,
		Prefix:       *prefix,
		Distribution: *distribution,
		DryRun:       *dryRun,
		Delete:       *deleteStale,
		Progress:     std.err,
	}
	if *distribution != "" {
		d.CloudFront = cloudfront.NewFromConfig(cfg)
	}
	res, err := d.Deploy(ctx, *dir, m)
	if res != nil {
		printDeployResult(std.out, d, res, err != nil && res.Uploaded < len(res.Upload))
	}
	if err != nil {
		return err
	}
	printHostingSettings(std.out, d, m, cfg.Region)
	return nil
}

func printDeployResult(w io.Writer, d *staticsite.Deployment, res *staticsite.Result, failed bool) {
	where := "s3://" + d.Bucket + "/" + strings.Trim(d.Prefix, "/")
	if d.DryRun {
		fmt.Fprintf(w, "dry run, nothing changed: %s would get %d objects (%s), %d unchanged\n", where, len(res.Upload), staticsite.ByteSize(res.Bytes()), res.Unchanged)
		for _, o := range res.Upload {
			fmt.Fprintf(w, "  upload %s (%s, %s)\n", o.Key, staticsite.ByteSize(o.Size), o.CacheControl)
		}
		for _, key := range res.Stale {
			verb := "keep (no -delete)"
			if d.Delete {
				verb = "delete"
			}
			fmt.Fprintf(w, "  %s %s\n", verb, key)
		}
		for _, p := range res.Invalidate {
			fmt.Fprintf(w, "  invalidate %s\n", p)
		}
		return
	}
	if failed {
		fmt.Fprintf(w, "deploy failed after %d of %d uploads; nothing was deleted, and the objects already there are untouched\n", res.Uploaded, len(res.Upload))
		return
	}
	fmt.Fprintf(w, "deployed to %s: %d objects uploaded (%s), %d unchanged", where, res.Uploaded, staticsite.ByteSize(res.UploadedBytes), res.Unchanged)
	switch {
	case d.Delete:
		fmt.Fprintf(w, ", %d stale deleted\n", res.Deleted)
	case len(res.Stale) > 0:
		fmt.Fprintf(w, ", %d stale kept (-delete removes them)\n", len(res.Stale))
	default:
		fmt.Fprintln(w)
	}
	if res.InvalidationID != "" {
		fmt.Fprintf(w, "CloudFront invalidation %s for %d paths: %s\n", res.InvalidationID, len(res.Invalidate), strings.Join(res.Invalidate, " "))
	}
}

// printHostingSettings says how to configure the bucket or the CloudFront
// distribution so that the site's single-page fallback works.
func printHostingSettings(w io.Writer, d *staticsite.Deployment, m *staticsite.Manifest, region string) {
	prefix := strings.Trim(d.Prefix, "/")
	keys := prefix + "/*"
	index := prefix + "/index.html"
	if prefix == "" {
		keys, index = "*", "index.html"
	}
	if d.Distribution == "" && m.Target != staticsite.CloudFront {
		fmt.Fprintf(w, `
S3 website settings (plain HTTP; brotli needs CloudFront):
  index document index.html, error document %[2]s (the single-page fallback):
    aws s3 website s3://%[1]s --index-document index.html --error-document %[2]s
  public read for the site's objects (Block Public Access off for this bucket), bucket policy:
    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::%[1]s/%[3]s"}]}
  the site: http://%[1]s.s3-website-%[4]s.amazonaws.com%[5]s/
`, d.Bucket, index, keys, region, m.BasePath)
		return
	}
	dist := d.Distribution
	if dist == "" {
		dist = "DISTRIBUTION_ID"
	}
	fmt.Fprintf(w, `
CloudFront settings:
  origin %[1]s.s3.%[4]s.amazonaws.com (the REST endpoint, not the website one) with an origin access control
  default root object index.html; compression on (stored Content-Encoding is passed through)
  custom error responses: 403 and 404 -> /%[2]s, response code 200, error caching minimum TTL 0 (the single-page fallback)
  bucket policy for the origin access control (ACCOUNT_ID is the distribution's account):
    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::%[1]s/%[3]s","Condition":{"StringEquals":{"AWS:SourceArn":"arn:aws:cloudfront::ACCOUNT_ID:distribution/%[5]s"}}}]}
`, d.Bucket, index, keys, region, dist)
	if m.Target != staticsite.CloudFront {
		fmt.Fprintln(w, "  note: this site was generated for an S3 website (gzip); `cognitowasm static -target cloudfront` stores brotli, which is smaller")
	}
}
