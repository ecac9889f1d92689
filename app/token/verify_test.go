package token_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cognitowasm/cognitowasm/app/token"
	"github.com/golang-jwt/jwt/v5"
)

var sentinels = []error{
	token.ErrMalformed, token.ErrAlgorithm, token.ErrUnknownKey, token.ErrWeakKey, token.ErrSignature,
	token.ErrIssuer, token.ErrTokenUse, token.ErrAudience, token.ErrExpired, token.ErrIssuedInFuture, token.ErrRevoked, token.ErrJWKS,
}

// testPoolSetup is a pool's key set served from memory and a Verifier for it.
type testPoolSetup struct {
	key, other, weak signingKey
	clock            *fakeClock
	transport        *jwksTransport
	verifier         *token.Verifier
}

func newTestPool(t testing.TB) *testPoolSetup {
	p := &testPoolSetup{
		key:   loadKey(t, "rsa2048.pem", testKID),
		other: loadKey(t, "rsa2048other.pem", "other-key"),
		weak:  loadKey(t, "rsa1024.pem", "weak-key"),
		clock: newClock(),
	}
	// The pool publishes its key and, wrongly, a small one.
	p.transport = &jwksTransport{body: jwksJSON(t, p.key, p.weak)}
	p.verifier = token.NewVerifier(token.Config{
		Issuer:     testIssuer,
		ClientID:   testClient,
		HTTPClient: &http.Client{Transport: p.transport},
		Clock:      p.clock.Now,
	})
	return p
}

// tokenOf signs claims of use with the pool key after changing them.
func (p *testPoolSetup) tokenOf(t testing.TB, use string, change func(jwt.MapClaims)) string {
	c := cognitoClaims(testIssuer, use, p.clock.Now())
	if change != nil {
		change(c)
	}
	return sign(t, p.key, c)
}

// setClaim returns a change to claims that sets name to v.
func setClaim(name string, v any) func(jwt.MapClaims) {
	return func(c jwt.MapClaims) { c[name] = v }
}

// unsigned builds a token from a header and claims with the given signature.
func unsigned(t testing.TB, header map[string]any, claims jwt.MapClaims, sig string) string {
	t.Helper()
	h, err := json.Marshal(header)
	if err != nil {
		t.Fatal(err)
	}
	c, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding.EncodeToString
	return enc(h) + "." + enc(c) + "." + sig
}

func TestVerify(t *testing.T) {
	p := newTestPool(t)
	now := p.clock.Now()

	tampered := func() string {
		parts := strings.Split(p.tokenOf(t, "access", nil), ".")
		c := cognitoClaims(testIssuer, "access", now)
		c["username"] = "admin"
		payload, _ := json.Marshal(c)
		return parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]
	}()
	hs256 := func() string {
		tok := jwt.NewWithClaims(jwt.SigningMethodHS256, cognitoClaims(testIssuer, "access", now))
		tok.Header["kid"] = testKID
		s, err := tok.SignedString(p.key.publicPEM(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}()

	tests := []struct {
		name      string
		raw       string
		use       token.Use
		want      error // nil: accepted
		wantCheck string
	}{
		{"id token", p.tokenOf(t, "id", nil), token.UseID, nil, ""},
		{"access token", p.tokenOf(t, "access", nil), token.UseAccess, nil, ""},
		{"id token as any", p.tokenOf(t, "id", nil), token.UseAny, nil, ""},
		{"access token as any", p.tokenOf(t, "access", nil), token.UseAny, nil, ""},
		{"aud list containing the client", p.tokenOf(t, "id", setClaim("aud", []string{"x", testClient})), token.UseID, nil, ""},
		{"expired within leeway", p.tokenOf(t, "access", setClaim("exp", now.Add(-20*time.Second).Unix())), token.UseAccess, nil, ""},
		{"issued in future within leeway", p.tokenOf(t, "access", setClaim("iat", now.Add(20*time.Second).Unix())), token.UseAccess, nil, ""},

		{"alg none", unsigned(t, map[string]any{"alg": "none", "kid": testKID}, cognitoClaims(testIssuer, "access", now), ""), token.UseAccess, token.ErrAlgorithm, "algorithm"},
		{"alg none without kid", unsigned(t, map[string]any{"alg": "none"}, cognitoClaims(testIssuer, "access", now), ""), token.UseAccess, token.ErrAlgorithm, "algorithm"},
		{"HS256 signed with the public key", hs256, token.UseAccess, token.ErrAlgorithm, "algorithm"},
		{"RS512", func() string {
			tok := jwt.NewWithClaims(jwt.SigningMethodRS512, cognitoClaims(testIssuer, "access", now))
			tok.Header["kid"] = testKID
			s, _ := tok.SignedString(p.key.priv)
			return s
		}(), token.UseAccess, token.ErrAlgorithm, "algorithm"},
		{"unknown kid", sign(t, p.other, cognitoClaims(testIssuer, "access", now)), token.UseAccess, token.ErrUnknownKey, "key"},
		{"no kid", unsigned(t, map[string]any{"alg": "RS256", "typ": "JWT"}, cognitoClaims(testIssuer, "access", now), "c2ln"), token.UseAccess, token.ErrUnknownKey, "key"},
		{"key too small", sign(t, p.weak, cognitoClaims(testIssuer, "access", now)), token.UseAccess, token.ErrWeakKey, "key"},
		{"signed by another key under the pool's kid", sign(t, signingKey{kid: testKID, priv: p.other.priv}, cognitoClaims(testIssuer, "access", now)), token.UseAccess, token.ErrSignature, "signature"},
		{"tampered payload", tampered, token.UseAccess, token.ErrSignature, "signature"},
		{"empty signature", func() string {
			parts := strings.Split(p.tokenOf(t, "access", nil), ".")
			return parts[0] + "." + parts[1] + "."
		}(), token.UseAccess, token.ErrSignature, "signature"},
		{"expired", p.tokenOf(t, "access", setClaim("exp", now.Add(-2*time.Minute).Unix())), token.UseAccess, token.ErrExpired, "expiry"},
		{"no exp", p.tokenOf(t, "access", func(c jwt.MapClaims) { delete(c, "exp") }), token.UseAccess, token.ErrExpired, "expiry"},
		{"no iat", p.tokenOf(t, "access", func(c jwt.MapClaims) { delete(c, "iat") }), token.UseAccess, token.ErrIssuedInFuture, "issued_at"},
		{"issued in future beyond leeway", p.tokenOf(t, "access", setClaim("iat", now.Add(2*time.Minute).Unix())), token.UseAccess, token.ErrIssuedInFuture, "issued_at"},
		{"wrong issuer", p.tokenOf(t, "access", setClaim("iss", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other")), token.UseAccess, token.ErrIssuer, "issuer"},
		{"wrong issuer and expired: issuer first", p.tokenOf(t, "access", func(c jwt.MapClaims) {
			c["iss"] = "https://evil.example"
			c["exp"] = now.Add(-time.Hour).Unix()
		}), token.UseAccess, token.ErrIssuer, "issuer"},
		{"wrong client (aud)", p.tokenOf(t, "id", setClaim("aud", "otherclient")), token.UseID, token.ErrAudience, "audience"},
		{"wrong client (client_id)", p.tokenOf(t, "access", setClaim("client_id", "otherclient")), token.UseAccess, token.ErrAudience, "audience"},
		{"no aud", p.tokenOf(t, "id", func(c jwt.MapClaims) { delete(c, "aud") }), token.UseID, token.ErrAudience, "audience"},
		{"ID token as access token", p.tokenOf(t, "id", nil), token.UseAccess, token.ErrTokenUse, "token_use"},
		{"access token as ID token", p.tokenOf(t, "access", nil), token.UseID, token.ErrTokenUse, "token_use"},
		{"no token_use", p.tokenOf(t, "access", func(c jwt.MapClaims) { delete(c, "token_use") }), token.UseAny, token.ErrTokenUse, "token_use"},
		{"token_use refresh", p.tokenOf(t, "access", setClaim("token_use", "refresh")), token.UseAny, token.ErrTokenUse, "token_use"},
		{"not a JWT", "hello", token.UseAny, token.ErrMalformed, "format"},
		{"too long", strings.Repeat("a", token.MaxTokenLength+1), token.UseAny, token.ErrMalformed, "format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := p.verifier.Verify(context.Background(), tt.raw, tt.use)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if d.String("sub") == "" || d.ExpiresAt.IsZero() {
					t.Errorf("Verify returned %+v, want decoded claims", d)
				}
				return
			}
			if err == nil {
				t.Fatalf("Verify accepted the token, want %v", tt.want)
			}
			if d != nil {
				t.Errorf("Verify returned claims with error %v", err)
			}
			assertOnly(t, err, tt.want)
			var verr *token.VerifyError
			if !errors.As(err, &verr) || verr.Check != tt.wantCheck {
				t.Errorf("error %v: Check %q, want %q", err, verr.Check, tt.wantCheck)
			}
		})
	}
}

func TestVerifyTimeErrorsNameTheTimes(t *testing.T) {
	p := newTestPool(t)
	now := p.clock.Now()
	exp := now.Add(-2 * time.Minute)
	_, err := p.verifier.Verify(context.Background(), p.tokenOf(t, "access", setClaim("exp", exp.Unix())), token.UseAccess)
	want := "token: expiry: token has expired: exp " + exp.UTC().Format(time.RFC3339) + ", now " + now.UTC().Format(time.RFC3339)
	if err == nil || err.Error() != want {
		t.Errorf("expired: %v, want %q", err, want)
	}
	iat := now.Add(10 * time.Minute)
	_, err = p.verifier.Verify(context.Background(), p.tokenOf(t, "access", setClaim("iat", iat.Unix())), token.UseAccess)
	want = "token: issued_at: token is issued in the future: iat " + iat.UTC().Format(time.RFC3339) + ", now " + now.UTC().Format(time.RFC3339)
	if err == nil || err.Error() != want {
		t.Errorf("issued in the future: %v, want %q", err, want)
	}
}

// assertOnly fails unless err matches want and no other sentinel.
func assertOnly(t *testing.T, err, want error) {
	t.Helper()
	for _, s := range sentinels {
		if got := errors.Is(err, s); got != (s == want) {
			t.Errorf("errors.Is(%v, %v) = %v, want %v", err, s, got, !got)
		}
	}
}

func TestVerifyClientIDOptional(t *testing.T) {
	p := newTestPool(t)
	v := token.NewVerifier(token.Config{Issuer: testIssuer, HTTPClient: &http.Client{Transport: p.transport}, Clock: p.clock.Now})
	raw := p.tokenOf(t, "id", func(c jwt.MapClaims) { c["aud"] = "anyclient" })
	if _, err := v.Verify(context.Background(), raw, token.UseID); err != nil {
		t.Fatalf("Verify without ClientID: %v", err)
	}
	v = token.NewVerifier(token.Config{HTTPClient: &http.Client{Transport: p.transport}, Clock: p.clock.Now})
	_, err := v.Verify(context.Background(), raw, token.UseID)
	assertOnly(t, err, token.ErrIssuer)
}

func TestVerifyJWKSURL(t *testing.T) {
	p := newTestPool(t)
	if _, err := p.verifier.Verify(context.Background(), p.tokenOf(t, "id", nil), token.UseID); err != nil {
		t.Fatal(err)
	}
	if want := testIssuer + "/.well-known/jwks.json"; len(p.transport.urls) != 1 || p.transport.urls[0] != want {
		t.Errorf("fetched %q, want [%q]", p.transport.urls, want)
	}
}

// TestVerifyJWKSRateLimit checks that unknown key IDs cause at most one fetch
// per 10 seconds of the injected clock, and that a rotated key is found.
func TestVerifyJWKSRateLimit(t *testing.T) {
	p := newTestPool(t)
	ctx := context.Background()
	rotated := sign(t, p.other, cognitoClaims(testIssuer, "access", p.clock.Now()))
	verify := func(wantErr error, wantFetches int) {
		t.Helper()
		_, err := p.verifier.Verify(ctx, rotated, token.UseAccess)
		if wantErr == nil && err != nil {
			t.Fatalf("Verify: %v", err)
		}
		if wantErr != nil {
			assertOnly(t, err, wantErr)
		}
		if got := p.transport.count(); got != wantFetches {
			t.Fatalf("%d JWKS fetches, want %d", got, wantFetches)
		}
	}
	verify(token.ErrUnknownKey, 1) // first use fetches
	verify(token.ErrUnknownKey, 1) // unknown again at once: no fetch
	p.clock.Advance(9 * time.Second)
	verify(token.ErrUnknownKey, 1)
	// The pool rotates its keys; after 10 s an unknown kid fetches again.
	p.transport.set(jwksJSON(t, p.key, p.other))
	p.clock.Advance(time.Second)
	verify(nil, 2)
	// Known keys never fetch.
	if _, err := p.verifier.Verify(ctx, p.tokenOf(t, "access", nil), token.UseAccess); err != nil {
		t.Fatal(err)
	}
	verify(nil, 2)
}

// TestVerifyConcurrent checks that concurrent first uses share one fetch.
func TestVerifyConcurrent(t *testing.T) {
	p := newTestPool(t)
	gate := make(chan struct{})
	p.transport.gate = gate
	raw := p.tokenOf(t, "access", nil)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, err := p.verifier.Verify(context.Background(), raw, token.UseAccess)
			errs <- err
		})
	}
	time.Sleep(20 * time.Millisecond) // let the goroutines reach the fetch; the result must not depend on it
	close(gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := p.transport.count(); n != 1 {
		t.Errorf("%d JWKS fetches, want 1", n)
	}
}

func TestVerifyJWKSErrors(t *testing.T) {
	key := loadKey(t, "rsa2048.pem", testKID)
	good := string(jwksJSON(t, key))
	tests := []struct {
		name   string
		status int
		body   string
		want   error
	}{
		{"server error", http.StatusInternalServerError, good, token.ErrJWKS},
		{"not found", http.StatusNotFound, "", token.ErrJWKS},
		{"not JSON", 0, "<html>", token.ErrJWKS},
		{"too large", 0, `{"keys":[],"pad":"` + strings.Repeat("x", 70<<10) + `"}`, token.ErrJWKS},
		{"bad modulus", 0, strings.Replace(good, `"n":"`, `"n":"!`, 1), token.ErrJWKS},
		{"even exponent", 0, strings.Replace(good, `"e":"AQAB"`, `"e":"AQAC"`, 1), token.ErrJWKS},
		{"EC key under the kid", 0, strings.Replace(good, `"kty":"RSA"`, `"kty":"EC"`, 1), token.ErrAlgorithm},
		{"key for another alg", 0, strings.Replace(good, `"alg":"RS256"`, `"alg":"RS512"`, 1), token.ErrAlgorithm},
		{"empty set", 0, `{"keys":[]}`, token.ErrUnknownKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newClock()
			tr := &jwksTransport{status: tt.status, body: []byte(tt.body)}
			v := token.NewVerifier(token.Config{Issuer: testIssuer, ClientID: testClient, HTTPClient: &http.Client{Transport: tr}, Clock: clock.Now})
			raw := sign(t, key, cognitoClaims(testIssuer, "access", clock.Now()))
			_, err := v.Verify(context.Background(), raw, token.UseAccess)
			assertOnly(t, err, tt.want)
			// A failed fetch is not retried within 10 s either.
			_, err = v.Verify(context.Background(), raw, token.UseAccess)
			assertOnly(t, err, tt.want)
			if tr.count() != 1 {
				t.Errorf("%d fetches, want 1", tr.count())
			}
		})
	}
}

func TestVerifyCanceled(t *testing.T) {
	p := newTestPool(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := p.verifier.Verify(ctx, p.tokenOf(t, "access", nil), token.UseAccess)
	assertOnly(t, err, token.ErrJWKS)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v does not wrap context.Canceled", err)
	}
	// A canceled caller does not hold back the next one.
	if _, err := p.verifier.Verify(context.Background(), p.tokenOf(t, "access", nil), token.UseAccess); err != nil {
		t.Errorf("Verify after a canceled Verify: %v", err)
	}
}

func BenchmarkVerify(b *testing.B) {
	p := newTestPool(b)
	raw := p.tokenOf(b, "access", nil)
	ctx := context.Background()
	if _, err := p.verifier.Verify(ctx, raw, token.UseAccess); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.verifier.Verify(ctx, raw, token.UseAccess); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyNew verifies a token as if never seen: no verified-token cache.
func BenchmarkVerifyNew(b *testing.B) {
	p := newTestPool(b)
	v := token.NewVerifier(token.Config{
		Issuer:     testIssuer,
		ClientID:   testClient,
		HTTPClient: &http.Client{Transport: p.transport},
		Clock:      p.clock.Now,
		CacheSize:  -1,
	})
	raw := p.tokenOf(b, "access", nil)
	ctx := context.Background()
	if _, err := v.Verify(ctx, raw, token.UseAccess); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(ctx, raw, token.UseAccess); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPrefetch checks that Prefetch fetches the JWKS once, that Verify then
// uses it without fetching, and that a failed Prefetch does not hold back
// the first Verify.
func TestPrefetch(t *testing.T) {
	ctx := context.Background()
	t.Run("then verify", func(t *testing.T) {
		p := newTestPool(t)
		for range 2 {
			if err := p.verifier.Prefetch(ctx); err != nil {
				t.Fatalf("Prefetch: %v", err)
			}
		}
		if _, err := p.verifier.Verify(ctx, p.tokenOf(t, "access", nil), token.UseAccess); err != nil {
			t.Fatal(err)
		}
		if n := p.transport.count(); n != 1 {
			t.Errorf("%d JWKS fetches, want 1", n)
		}
	})
	t.Run("failure", func(t *testing.T) {
		p := newTestPool(t)
		good := p.transport.body
		p.transport.status = http.StatusServiceUnavailable
		assertOnly(t, p.verifier.Prefetch(ctx), token.ErrJWKS)
		p.transport.status = 0
		p.transport.set(good)
		if _, err := p.verifier.Verify(ctx, p.tokenOf(t, "access", nil), token.UseAccess); err != nil {
			t.Fatalf("Verify after a failed Prefetch: %v", err)
		}
		if n := p.transport.count(); n != 2 {
			t.Errorf("%d JWKS fetches, want 2", n)
		}
	})
}
