//go:build !js

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/cognitowasm/cognitowasm/internal/s3test"
)

// fakeWeb is a web/ with stand-ins for the build outputs, enough for the
// site's files and objects; the browser tests use the real build.
func fakeWeb(t *testing.T) string {
	t.Helper()
	web := t.TempDir()
	for name, data := range map[string]string{
		"app.wasm":     "\x00asm" + strings.Repeat("stand-in ", 4000),
		"wasm_exec.js": "// wasm_exec.js\n",
		"app.css":      "body{}",
		"icon.svg":     "<svg/>",
	} {
		if err := os.WriteFile(filepath.Join(web, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return web
}

// awsEnv gives the command static credentials from the environment and no
// shared config, so the SDK's standard chain finds exactly these.
func awsEnv(t *testing.T, accessKey string) {
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_ACCESS_KEY_ID", accessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
}

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, stdio{in: strings.NewReader(""), out: &out, err: &errOut})
	return code, out.String(), errOut.String()
}

// TestStaticAndDeployCommands runs the two commands of the README against
// gofakes3 and a local CloudFront endpoint, through the SDK's standard
// credential chain and AWS_ENDPOINT_URL_CLOUDFRONT.
func TestStaticAndDeployCommands(t *testing.T) {
	store := s3test.New(t)
	store.CreateBucket(t, "my-bucket")
	cf := s3test.NewCloudFront(t, "E2EXAMPLE")
	awsEnv(t, "AKIATEST")
	t.Setenv("AWS_ENDPOINT_URL_CLOUDFRONT", cf.URL)
	site := filepath.Join(t.TempDir(), "site")

	code, out, errOut := runCmd(t, "static", "-out", site, "-web", fakeWeb(t), "-pool", "eu-west-1_AbC123", "-client", "c1", "-base-path", "/myapp")
	if code != 0 || !strings.Contains(out, "objects") {
		t.Fatalf("static: exit %d\n%s%s", code, out, errOut)
	}

	code, out, errOut = runCmd(t, "deploy", "-dir", site, "-bucket", "my-bucket", "-endpoint", store.URL, "-dry-run")
	if code != 0 || !strings.Contains(out, "dry run, nothing changed") || !strings.Contains(out, "upload v/") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errOut)
	}
	if n := countObjects(t, store); n != 0 {
		t.Fatalf("the dry run stored %d objects", n)
	}

	code, out, errOut = runCmd(t, "deploy", "-dir", site, "-bucket", "my-bucket", "-endpoint", store.URL, "-distribution", "E2EXAMPLE")
	for _, want := range []string{
		"deployed to s3://my-bucket/myapp: ",
		"CloudFront invalidation I2J0I21PCUYOIK for ",
		"403 and 404 -> /myapp/index.html, response code 200",
		`"Resource":"arn:aws:s3:::my-bucket/myapp/*"`,
		"distribution/E2EXAMPLE",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("deploy: exit %d, output lacks %q:\n%s%s", code, want, out, errOut)
		}
	}
	if !strings.Contains(errOut, "\ruploaded ") {
		t.Errorf("no progress line on stderr: %q", errOut)
	}
	if n := countObjects(t, store); n == 0 || len(cf.Requests()) != 1 {
		t.Errorf("%d objects stored, %d invalidations", n, len(cf.Requests()))
	}

	code, out, _ = runCmd(t, "deploy", "-dir", site, "-bucket", "my-bucket", "-endpoint", store.URL)
	if code != 0 || !strings.Contains(out, ": 0 objects uploaded (0.0 KB)") || !strings.Contains(out, "aws s3 website s3://my-bucket --index-document index.html --error-document myapp/index.html") {
		t.Errorf("second deploy: exit %d\n%s", code, out)
	}
}

func countObjects(t *testing.T, store *s3test.Server) int {
	t.Helper()
	out, err := store.Client("AKIATEST").ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String("my-bucket")})
	if err != nil {
		t.Fatal(err)
	}
	return len(out.Contents)
}

func TestDeployCommandErrors(t *testing.T) {
	store := s3test.New(t)
	store.CreateBucket(t, "my-bucket")
	site := filepath.Join(t.TempDir(), "site")
	if code, out, errOut := runCmd(t, "static", "-out", site, "-web", fakeWeb(t), "-pool", "eu-west-1_AbC123", "-client", "c1"); code != 0 {
		t.Fatalf("static: exit %d\n%s%s", code, out, errOut)
	}
	tests := []struct {
		name      string
		accessKey string
		args      []string
		code      int
		want      string
	}{
		{"no bucket flag", "AKIATEST", []string{"-dir", site}, 2, "-bucket is required"},
		{"no site", "AKIATEST", []string{"-dir", t.TempDir(), "-bucket", "my-bucket", "-endpoint", store.URL}, 1, "generate the site first"},
		{"no credentials", "", []string{"-dir", site, "-bucket", "my-bucket", "-endpoint", store.URL}, 1, "no AWS credentials found"},
		{"unknown access key", s3test.BadAccessKey, []string{"-dir", site, "-bucket", "my-bucket", "-endpoint", store.URL}, 1, "AWS does not know this access key"},
		{"missing bucket", "AKIATEST", []string{"-dir", site, "-bucket", "no-such-bucket", "-endpoint", store.URL}, 1, "the bucket does not exist: create it, or check -bucket (NoSuchBucket)"},
		{"no region for AWS", "AKIATEST", []string{"-dir", site, "-bucket", "my-bucket"}, 2, "no region"},
	}
	for _, tt := range tests {
		awsEnv(t, tt.accessKey)
		if tt.accessKey == "" {
			os.Unsetenv("AWS_ACCESS_KEY_ID")
			os.Unsetenv("AWS_SECRET_ACCESS_KEY")
		}
		code, _, errOut := runCmd(t, append([]string{"deploy"}, tt.args...)...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", tt.name, code, errOut, tt.code, tt.want)
		}
	}
}
