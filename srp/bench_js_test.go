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
	for b.Loop() {
		var result struct{ NsPerOp float64 }
		cognitoJS(b, "bench", in, &result)
		if result.NsPerOp <= 0 {
			b.Fatalf("cognito_srp.js bench returned %v ns/op", result.NsPerOp)
		}
	}
}
