//go:build js

package srp

import "testing"

// BenchmarkCognitoJSClientSignIn is BenchmarkClientSignIn's work done by
// amazon-cognito-identity-js in the same engine (node, or Chromium through
// wasm/testdata/gotest.html): A, the key and the claim's signature.
func BenchmarkCognitoJSClientSignIn(b *testing.B) {
	in := struct {
		Iterations int          `json:"iterations"`
		Claim      jsClaimInput `json:"claim"`
	}{1, benchClaimInput(b)}
	claim := func() float64 {
		var result struct{ NsPerOp float64 }
		cognitoJS(b, "bench", in, &result)
		if result.NsPerOp <= 0 {
			b.Fatalf("cognito_srp.js bench returned %v ns/op", result.NsPerOp)
		}
		return result.NsPerOp
	}
	// The first call loads the library and meets a cold engine, as the
	// first rounds of b.Loop do for BenchmarkClientSignIn; it is not counted.
	claim()
	// ns/op is the time the script measures around the claim alone: each
	// call also loads the script, which is not the client's work.
	var total float64
	n := 0
	for b.Loop() {
		total += claim()
		n++
	}
	b.ReportMetric(total/float64(n), "ns/op")
}
