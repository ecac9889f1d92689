//go:build !js

package main

import (
	"context"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

// served is a running `cognitowasm serve` on a fresh local pool.
type served struct {
	appURL, poolURL, poolID, clientID string
}

var bannerLine = regexp.MustCompile(`the app is at (http://\S+)|local pool (http://\S+) \((\S+)\), app client (\S+)`)

// startServe runs `cognitowasm serve` as `make run` does, on free ports and
// a fresh data directory, until the test ends.
func startServe(t *testing.T) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &lineWriter{lines: make(chan string, 64)}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-pool-addr", "127.0.0.1:0", "-data", t.TempDir(),
			"-root", filepath.Dir(webDir(t))}, stdio{in: strings.NewReader(""), out: out, err: io.Discard})
	}()
	t.Cleanup(func() { cancel(); <-done })
	s := &served{}
	for s.appURL == "" || s.poolURL == "" {
		select {
		case line := <-out.lines:
			if m := bannerLine.FindStringSubmatch(line); m != nil && m[1] != "" {
				s.appURL = m[1]
			} else if m != nil {
				s.poolURL, s.poolID, s.clientID = m[2], m[3], m[4]
			}
		case code := <-done:
			t.Fatalf("serve exited %d before it served the app: %s", code, out.buf.String())
		case <-time.After(60 * time.Second):
			t.Fatal("serve printed no banner")
		}
	}
	return s
}

// TestServeRegistersTheAppsCallback: the hosted UI returns to the app's
// own /callback (on 127.0.0.1 and localhost), not to the pool's origin.
func TestServeRegistersTheAppsCallback(t *testing.T) {
	s := startServe(t)
	region, _, _ := strings.Cut(s.poolID, "_")
	out, err := localPoolAPI(s.poolURL, region).DescribeUserPoolClient(context.Background(),
		&cip.DescribeUserPoolClientInput{UserPoolId: &s.poolID, ClientId: &s.clientID})
	if err != nil {
		t.Fatal(err)
	}
	if got := out.UserPoolClient.CallbackURLs; !slices.Contains(got, s.appURL+"/callback") || slices.Contains(got, s.poolURL+"/callback") {
		t.Errorf("callback URLs %v, want the app's %s/callback and not the pool's", got, s.appURL)
	}
}
