//go:build !js

package token_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cognitowasm/cognitowasm/internal/jstest"

	"github.com/cognitowasm/cognitowasm/app/token"
	"github.com/golang-jwt/jwt/v5"
)

type jsToken struct {
	Name  string `json:"name"`
	Token string `json:"token"`
	Use   string `json:"use"`
}

type jsRequest struct {
	Issuer   string    `json:"issuer"`
	ClientID string    `json:"clientId"`
	JWKSURI  string    `json:"jwksUri"`
	Tokens   []jsToken `json:"tokens"`
	Bench    *jsBench  `json:"bench,omitempty"`
}

// jsBench asks for the time aws-jwt-verify takes to verify Token: Warmup
// untimed verifies, then a timed batch of Iterations.
type jsBench struct {
	Token      string `json:"token"`
	Use        string `json:"use"`
	Warmup     int    `json:"warmup"`
	Iterations int    `json:"iterations"`
}

type jsAnswer struct {
	Results []struct {
		Name  string `json:"name"`
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	} `json:"results"`
	Bench struct {
		NsPerOp float64 `json:"nsPerOp"`
	} `json:"bench"`
}

// awsJWTVerify runs testdata/aws_jwt_verify.js, which verifies with the
// official aws-jwt-verify.
func awsJWTVerify(t testing.TB, req jsRequest) jsAnswer {
	t.Helper()
	var answer jsAnswer
	jstest.Run(t, filepath.Join("testdata", "aws_jwt_verify.js"), req, &answer)
	return answer
}

// httpPool serves a pool's JWKS over HTTP on 127.0.0.1, like Cognito and the
// local pool.
type httpPool struct {
	key, other signingKey
	issuer     string
}

func newHTTPPool(t testing.TB) *httpPool {
	p := &httpPool{key: loadKey(t, "rsa2048.pem", testKID), other: loadKey(t, "rsa2048other.pem", "other-key")}
	jwks := jwksJSON(t, p.key)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /"+testPool+"/.well-known/jwks.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(jwks)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	p.issuer = srv.URL + "/" + testPool
	return p
}

// TestAgainstAWSJWTVerify checks our verdicts against aws-jwt-verify's on the
// same tokens and the same JWKS served over HTTP. Both run on the real clock,
// since aws-jwt-verify reads Date.now.
func TestAgainstAWSJWTVerify(t *testing.T) {
	p := newHTTPPool(t)
	now := time.Now()
	claims := func(use string, change func(jwt.MapClaims)) jwt.MapClaims {
		c := cognitoClaims(p.issuer, use, now)
		if change != nil {
			change(c)
		}
		return c
	}
	good := sign(t, p.key, claims("access", nil))
	parts := strings.Split(good, ".")
	forged := strings.Split(unsigned(t, map[string]any{}, claims("access", func(c jwt.MapClaims) { c["username"] = "admin" }), ""), ".")
	tampered := parts[0] + "." + forged[1] + "." + parts[2]
	hs256 := jwt.NewWithClaims(jwt.SigningMethodHS256, claims("access", nil))
	hs256.Header["kid"] = testKID
	hs256Token, err := hs256.SignedString(p.key.publicPEM(t))
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		jsToken
		want error
	}{
		{jsToken{"good ID token", sign(t, p.key, claims("id", nil)), "id"}, nil},
		{jsToken{"good access token", good, "access"}, nil},
		{jsToken{"tampered", tampered, "access"}, token.ErrSignature},
		{jsToken{"expired", sign(t, p.key, claims("id", func(c jwt.MapClaims) {
			c["iat"] = now.Add(-2 * time.Hour).Unix()
			c["exp"] = now.Add(-time.Hour).Unix()
		})), "id"}, token.ErrExpired},
		{jsToken{"wrong aud", sign(t, p.key, claims("id", func(c jwt.MapClaims) { c["aud"] = "otherclient" })), "id"}, token.ErrAudience},
		{jsToken{"wrong client_id", sign(t, p.key, claims("access", func(c jwt.MapClaims) { c["client_id"] = "otherclient" })), "access"}, token.ErrAudience},
		{jsToken{"alg none", unsigned(t, map[string]any{"alg": "none", "kid": testKID}, claims("access", nil), ""), "access"}, token.ErrAlgorithm},
		{jsToken{"HS256 with the public key", hs256Token, "access"}, token.ErrAlgorithm},
		{jsToken{"unknown kid", sign(t, p.other, claims("access", nil)), "access"}, token.ErrUnknownKey},
		{jsToken{"wrong issuer", sign(t, p.key, claims("access", func(c jwt.MapClaims) { c["iss"] = "https://evil.example/" + testPool })), "access"}, token.ErrIssuer},
		{jsToken{"ID token as access token", sign(t, p.key, claims("id", nil)), "access"}, token.ErrTokenUse},
		{jsToken{"access token as ID token", good, "id"}, token.ErrTokenUse},
	}
	req := jsRequest{Issuer: p.issuer, ClientID: testClient, JWKSURI: p.issuer + "/.well-known/jwks.json"}
	for _, tt := range tests {
		req.Tokens = append(req.Tokens, tt.jsToken)
	}
	answer := awsJWTVerify(t, req)
	if len(answer.Results) != len(tests) {
		t.Fatalf("aws-jwt-verify answered %d results, want %d", len(answer.Results), len(tests))
	}

	// HTTPClient nil: the default plain client fetches over real HTTP.
	v := token.NewVerifier(token.Config{Issuer: p.issuer, ClientID: testClient})
	for i, tt := range tests {
		theirs := answer.Results[i]
		_, ours := v.Verify(context.Background(), tt.Token, token.Use(tt.Use))
		if tt.want == nil {
			if ours != nil {
				t.Errorf("%s: we reject: %v", tt.Name, ours)
			}
			if !theirs.OK {
				t.Errorf("%s: aws-jwt-verify rejects: %s", tt.Name, theirs.Error)
			}
			continue
		}
		if ours == nil || !errorIs(ours, tt.want) {
			t.Errorf("%s: we answer %v, want %v", tt.Name, ours, tt.want)
		}
		if theirs.OK {
			t.Errorf("%s: aws-jwt-verify accepts it", tt.Name)
		}
		t.Logf("%s: ours %v; aws-jwt-verify %s", tt.Name, ours, theirs.Error)
	}
}

func errorIs(err, target error) bool {
	for _, s := range sentinels {
		if (s == target) != errors.Is(err, s) {
			return false
		}
	}
	return true
}

// benchRounds is how many batches each side runs in TestTokenBenchReport.
// The batches alternate, ours then aws-jwt-verify's, so that load from the
// rest of the machine falls on both sides alike, and each side reports the
// median of its batches.
const benchRounds = 9

// TestTokenBenchReport compares Verify with aws-jwt-verify's verify on the
// same access token, both with the JWKS cached: once as an app verifies a
// token it has seen (our cache of verified tokens answers), once as it
// verifies a new token (no cache). It runs under make bench.
func TestTokenBenchReport(t *testing.T) {
	out := os.Getenv("COGNITOWASM_BENCH")
	if out == "" {
		t.Skip("set COGNITOWASM_BENCH to a file to append benchmark rows to")
	}
	p := newHTTPPool(t)
	raw := sign(t, p.key, cognitoClaims(p.issuer, "access", time.Now()))
	ctx := context.Background()
	verifier := func(cacheSize int) *token.Verifier {
		v := token.NewVerifier(token.Config{Issuer: p.issuer, ClientID: testClient, CacheSize: cacheSize})
		if _, err := v.Verify(ctx, raw, token.UseAccess); err != nil { // fetches the JWKS
			t.Fatal(err)
		}
		return v
	}
	// batch times n verifies after n/10 untimed ones, as the peer warms up.
	batch := func(v *token.Verifier, n int) float64 {
		for range n / 10 {
			v.Verify(ctx, raw, token.UseAccess)
		}
		start := time.Now()
		for range n {
			if _, err := v.Verify(ctx, raw, token.UseAccess); err != nil {
				t.Fatal(err)
			}
		}
		return float64(time.Since(start).Nanoseconds()) / float64(n)
	}
	cached, uncached := verifier(0), verifier(-1)
	req := jsRequest{Issuer: p.issuer, ClientID: testClient, JWKSURI: p.issuer + "/.well-known/jwks.json"}
	req.Bench = &jsBench{Token: raw, Use: "access", Warmup: 2000, Iterations: 3000}
	var seen, fresh, peer []float64
	for range benchRounds {
		seen = append(seen, batch(cached, 100000))
		fresh = append(fresh, batch(uncached, 3000))
		peer = append(peer, awsJWTVerify(t, req).Bench.NsPerOp)
	}
	t.Logf("ns/op per round: seen %.0f, new %.0f, aws-jwt-verify %.0f", seen, fresh, peer)
	s, f, pe := median(seen), median(fresh), median(peer)
	if s <= 0 || f <= 0 || pe <= 0 {
		t.Fatalf("no measurement: ours %v ns (seen), %v ns (new), aws-jwt-verify %v ns", s, f, pe)
	}
	file, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	rows := fmt.Sprintf("token\tverify access token, ns/op (ratio = ours/aws-jwt-verify)\t%.0f\t%.0f\t%.2f\n", s, pe, s/pe) +
		fmt.Sprintf("token\tverify access token never seen before (no verified-token cache), ns/op\t%.0f\t%.0f\t%.2f\n", f, pe, f/pe)
	if _, err := file.WriteString(rows); err != nil {
		t.Fatal(err)
	}
	t.Log(rows)
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
