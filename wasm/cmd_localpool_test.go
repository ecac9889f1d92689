//go:build !js

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// endpointFrom reads the command's banner and returns the endpoint and pool ID it prints.
func endpointFrom(t *testing.T, out io.Reader) (endpoint, poolID string) {
	t.Helper()
	sc := bufio.NewScanner(out)
	for sc.Scan() && (endpoint == "" || poolID == "") {
		line := sc.Text()
		if _, after, ok := strings.Cut(line, "endpoint "); ok {
			endpoint = strings.TrimSpace(after)
		}
		if _, after, ok := strings.Cut(line, "user pool ID:"); ok {
			poolID = strings.TrimSpace(after)
		}
	}
	if endpoint == "" || poolID == "" {
		t.Fatalf("no endpoint and pool ID in the output (scan error %v)", sc.Err())
	}
	go io.Copy(io.Discard, out) // keep the command from blocking on output
	return endpoint, poolID
}

// checkPool makes one API call and one JWKS request against a running pool.
func checkPool(t *testing.T, endpoint, poolID string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, endpoint+"/", strings.NewReader(`{"UserPoolId":"`+poolID+`"}`))
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService.DescribeUserPool")
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var out struct{ UserPool struct{ Id string } }
	err = json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || out.UserPool.Id != poolID {
		t.Fatalf("DescribeUserPool: status %d, %+v, %v", resp.StatusCode, out, err)
	}
	resp, err = http.Get(endpoint + "/" + poolID + "/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("jwks status %d", resp.StatusCode)
	}
}

func TestLocalPoolCommand(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"localpool", "-addr", "127.0.0.1:0", "-data", dir, "-allow-origin", "http://admin.localhost:3000"},
			stdio{out: outW, err: io.Discard})
		outW.Close()
	}()
	endpoint, poolID := endpointFrom(t, outR)
	if poolID != "us-east-1_LocalPool" {
		t.Errorf("pool ID = %q", poolID)
	}
	checkPool(t, endpoint, poolID)
	for origin, want := range map[string]int{"http://admin.localhost:3000": http.StatusOK, "http://other.localhost:3000": http.StatusBadRequest} {
		req, _ := http.NewRequest(http.MethodPost, endpoint+"/", strings.NewReader(`{"UserPoolId":"`+poolID+`"}`))
		req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService.DescribeUserPool")
		req.Header.Set("Origin", origin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("DescribeUserPool from a page on %s: status %d, want %d", origin, resp.StatusCode, want)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit code %d after cancel", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("localpool did not stop after its context ended")
	}
	if _, err := os.Stat(filepath.Join(dir, "localpool.db")); err != nil {
		t.Fatalf("state file: %v", err)
	}
}

func TestLocalPoolCommandBadFlags(t *testing.T) {
	for _, args := range [][]string{{"localpool", "-nope"}, {"localpool", "extra"}, {"localpool", "-config", "/does/not/exist", "-data", t.TempDir(), "-addr", "127.0.0.1:0"},
		{"localpool", "-allow-origin", "localhost:3000", "-data", t.TempDir(), "-addr", "127.0.0.1:0"}} {
		if code := run(context.Background(), args, stdio{out: io.Discard, err: io.Discard}); code == 0 {
			t.Errorf("%v: exit code 0", args)
		}
	}
}

// TestLocalPoolSIGTERM builds the command and checks it exits cleanly on SIGTERM.
func TestLocalPoolSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := filepath.Join(t.TempDir(), "cognitowasm")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "localpool", "-addr", "127.0.0.1:0", "-data", t.TempDir())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	endpoint, poolID := endpointFrom(t, out)
	checkPool(t, endpoint, poolID)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- cmd.Wait() }()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no exit after SIGTERM")
	}
}
