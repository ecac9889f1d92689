package token_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/cognitowasm/cognitowasm/app/token"
	"github.com/golang-jwt/jwt/v5"
)

// TestVerifyRemembersVerifiedTokens checks that a token verified again is
// answered from the cache (the same value comes back) and that a cache hit
// still runs every check that depends on the call or the clock.
func TestVerifyRemembersVerifiedTokens(t *testing.T) {
	ctx := context.Background()
	verified := func(t *testing.T, p *testPoolSetup, raw string, use token.Use) *token.Decoded {
		t.Helper()
		d, err := p.verifier.Verify(ctx, raw, use)
		if err != nil {
			t.Fatalf("Verify: %v", err)
		}
		return d
	}
	refused := func(t *testing.T, p *testPoolSetup, raw string, use token.Use, want error, check string) {
		t.Helper()
		d, err := p.verifier.Verify(ctx, raw, use)
		if d != nil || err == nil {
			t.Fatalf("Verify accepted the token, want %v", want)
		}
		assertOnly(t, err, want)
		var verr *token.VerifyError
		if !errors.As(err, &verr) || verr.Check != check {
			t.Errorf("error %v: want check %q", err, check)
		}
	}

	t.Run("hit returns the verified value", func(t *testing.T) {
		p := newTestPool(t)
		raw := p.tokenOf(t, "access", nil)
		first := verified(t, p, raw, token.UseAccess)
		if again := verified(t, p, raw, token.UseAccess); again != first {
			t.Errorf("second Verify decoded the token again; want the remembered value")
		}
	})
	t.Run("hit checks the time", func(t *testing.T) {
		p := newTestPool(t)
		raw := p.tokenOf(t, "access", nil)
		verified(t, p, raw, token.UseAccess)
		p.clock.Advance(time.Hour + token.DefaultLeeway - time.Second)
		verified(t, p, raw, token.UseAccess)
		p.clock.Advance(time.Second)
		refused(t, p, raw, token.UseAccess, token.ErrExpired, "expiry")
	})
	t.Run("hit checks the use", func(t *testing.T) {
		p := newTestPool(t)
		access, id := p.tokenOf(t, "access", nil), p.tokenOf(t, "id", nil)
		verified(t, p, access, token.UseAny)
		verified(t, p, id, token.UseID)
		refused(t, p, access, token.UseID, token.ErrTokenUse, "token_use")
		refused(t, p, id, token.UseAccess, token.ErrTokenUse, "token_use")
	})
	t.Run("hit checks the audience", func(t *testing.T) {
		// One pool's verifier with no client and one for testClient share
		// nothing: a token remembered by the first is still checked by the
		// second, and a refused token is never remembered.
		p := newTestPool(t)
		anyClient := token.NewVerifier(token.Config{Issuer: testIssuer, HTTPClient: &http.Client{Transport: p.transport}, Clock: p.clock.Now})
		raw := p.tokenOf(t, "id", setClaim("aud", "otherclient"))
		for range 2 {
			if _, err := anyClient.Verify(ctx, raw, token.UseID); err != nil {
				t.Fatalf("Verify without a client: %v", err)
			}
			refused(t, p, raw, token.UseID, token.ErrAudience, "audience")
		}
	})
	t.Run("hit checks revocation", func(t *testing.T) {
		p := newTestPool(t)
		access := p.tokenOf(t, "access", nil)
		id := p.tokenOf(t, "id", nil) // same origin_jti: the same sign-in
		other := p.tokenOf(t, "access", setClaim("origin_jti", "another-sign-in"))
		d := verified(t, p, access, token.UseAccess)
		verified(t, p, other, token.UseAccess)
		p.verifier.Revoke(d)
		refused(t, p, access, token.UseAccess, token.ErrRevoked, "revoked")
		refused(t, p, id, token.UseID, token.ErrRevoked, "revoked")
		verified(t, p, other, token.UseAccess)
	})
	t.Run("revocation lasts while the session's tokens can be valid", func(t *testing.T) {
		p := newTestPool(t)
		raw := p.tokenOf(t, "access", nil)
		p.verifier.Revoke(verified(t, p, raw, token.UseAccess))
		p.clock.Advance(23 * time.Hour)
		refused(t, p, p.tokenOf(t, "access", nil), token.UseAccess, token.ErrRevoked, "revoked")
	})
	t.Run("the cache is bounded", func(t *testing.T) {
		p := newTestPool(t)
		small := token.NewVerifier(token.Config{Issuer: testIssuer, ClientID: testClient, HTTPClient: &http.Client{Transport: p.transport}, Clock: p.clock.Now, CacheSize: 2})
		var raws []string
		var first []*token.Decoded
		for i := range 3 {
			raw := p.tokenOf(t, "access", setClaim("jti", fmt.Sprint("token-", i)))
			d, err := small.Verify(ctx, raw, token.UseAccess)
			if err != nil {
				t.Fatal(err)
			}
			raws, first = append(raws, raw), append(first, d)
		}
		hits := 0
		for i, raw := range raws {
			d, err := small.Verify(ctx, raw, token.UseAccess)
			if err != nil {
				t.Fatal(err)
			}
			if d == first[i] {
				hits++
			}
		}
		if hits > 2 {
			t.Errorf("a cache of 2 answered %d of 3 tokens", hits)
		}
	})
	t.Run("no cache", func(t *testing.T) {
		p := newTestPool(t)
		none := token.NewVerifier(token.Config{Issuer: testIssuer, ClientID: testClient, HTTPClient: &http.Client{Transport: p.transport}, Clock: p.clock.Now, CacheSize: -1})
		raw := p.tokenOf(t, "access", nil)
		a, err := none.Verify(ctx, raw, token.UseAccess)
		if err != nil {
			t.Fatal(err)
		}
		if b, err := none.Verify(ctx, raw, token.UseAccess); err != nil || a == b {
			t.Errorf("Verify with CacheSize -1 remembered the token (err %v)", err)
		}
	})
}

// TestVerifyNotBefore checks the nbf claim, which Cognito does not set but a
// token may carry.
func TestVerifyNotBefore(t *testing.T) {
	p := newTestPool(t)
	raw := p.tokenOf(t, "access", func(c jwt.MapClaims) { c["nbf"] = p.clock.Now().Add(2 * time.Minute).Unix() })
	_, err := p.verifier.Verify(context.Background(), raw, token.UseAccess)
	assertOnly(t, err, token.ErrIssuedInFuture)
}
