//go:build !js

package srp

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"testing"
)

// TestSRPBenchReport appends to $COGNITOWASM_BENCH the time of one full
// client computation (A + claim) natively and as js/wasm under node, next to
// amazon-cognito-identity-js in node on the same inputs.
func TestSRPBenchReport(t *testing.T) {
	out := os.Getenv("COGNITOWASM_BENCH")
	if out == "" {
		t.Skip("set COGNITOWASM_BENCH to a file to append benchmark rows to")
	}
	native := testing.Benchmark(BenchmarkClientSignIn)
	if native.N == 0 {
		t.Fatal("BenchmarkClientSignIn did not run")
	}
	nativeNs := float64(native.NsPerOp())
	wasmNs := wasmClientSignIn(t)
	jsNs := cognitoJSClientSignIn(t)

	verify := testing.Benchmark(BenchmarkServerVerify)
	challenge := testing.Benchmark(BenchmarkServerChallenge)

	f, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := []struct {
		metric     string
		ours, peer float64
	}{
		{"client sign-in (A + claim), native Go vs cognito-js", nativeNs, jsNs},
		{"client sign-in (A + claim), js/wasm vs cognito-js", wasmNs, jsNs},
		{"server challenge (B), native Go", float64(challenge.NsPerOp()), 0},
		{"server verify (claim), native Go", float64(verify.NsPerOp()), 0},
	}
	for _, r := range rows {
		peer, ratio := "-", "-"
		if r.peer > 0 {
			peer, ratio = millis(r.peer), fmt.Sprintf("%.1fx", r.peer/r.ours)
		}
		if _, err := fmt.Fprintf(f, "srp\t%s\t%s\t%s\t%s\n", r.metric, millis(r.ours), peer, ratio); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: ours %s, peer %s, ratio %s", r.metric, millis(r.ours), peer, ratio)
	}
}

func millis(ns float64) string { return fmt.Sprintf("%.2f ms", ns/1e6) }

// wasmClientSignIn runs BenchmarkClientSignIn as js/wasm under node.
func wasmClientSignIn(t *testing.T) float64 {
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	execWasm := filepath.Join(runtime.GOROOT(), "lib", "wasm", "go_js_wasm_exec")
	cmd := exec.Command(goCmd, "test", "-exec", execWasm, "-count=1", "-run", "^$", "-bench", "^BenchmarkClientSignIn$", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	output, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("js/wasm benchmark: %v\n%s", err, output)
	}
	m := regexp.MustCompile(`BenchmarkClientSignIn\S*\s+\d+\s+([0-9.]+) ns/op`).FindSubmatch(output)
	if m == nil {
		t.Fatalf("no ns/op in js/wasm benchmark output:\n%s", output)
	}
	ns, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

// cognitoJSClientSignIn times getLargeAValue, getPasswordAuthenticationKey
// and the claim HMAC in amazon-cognito-identity-js on the benchmark's inputs.
func cognitoJSClientSignIn(t *testing.T) float64 {
	in := struct {
		Iterations int          `json:"iterations"`
		Claim      jsClaimInput `json:"claim"`
	}{20, benchClaimInput(t)}
	var result struct{ NsPerOp float64 }
	cognitoJS(t, "bench", in, &result)
	if result.NsPerOp <= 0 {
		t.Fatalf("cognito_srp.js bench returned %v ns/op", result.NsPerOp)
	}
	return result.NsPerOp
}
