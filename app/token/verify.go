package token

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// Use is the kind of Cognito token expected, the token_use claim.
type Use string

const (
	UseID     Use = "id"
	UseAccess Use = "access"
	UseAny    Use = "" // either kind; the app client is checked as the token's kind requires
)

// DefaultLeeway is the clock skew allowed on exp and iat when Config.Leeway is zero.
const DefaultLeeway = 30 * time.Second

// DefaultCacheSize is the number of verified tokens a Verifier remembers when
// Config.CacheSize is zero: a session holds two, an app a few sessions.
const DefaultCacheSize = 64

// Config describes the user pool and app client whose tokens a Verifier accepts.
type Config struct {
	Issuer     string       // e.g. https://cognito-idp.<region>.amazonaws.com/<poolId>; see userpool.Issuer
	ClientID   string       // the app client; "" accepts any client of the pool
	HTTPClient *http.Client // fetches the JWKS; nil means &http.Client{}
	Clock      func() time.Time
	Leeway     time.Duration // clock skew allowed on exp and iat; 0 means DefaultLeeway
	// CacheSize bounds the verified tokens remembered, so that verifying the
	// same token again skips its signature; 0 means DefaultCacheSize and a
	// negative size remembers none.
	CacheSize int
}

// Verifier verifies a user pool's tokens. It caches the pool's JWKS and
// fetches it again, at most once per 10 seconds, when a token names an
// unknown key ID. It remembers the tokens it verified until they expire, so
// that a second Verify of the same token checks only what can change: the
// time, revocation, and the use and app client asked for. It is safe for
// concurrent use.
type Verifier struct {
	issuer, clientID string
	now              func() time.Time
	leeway           time.Duration
	keys             *jwks
	verified         *verifiedCache
	revoked          *revocations
}

// NewVerifier returns a Verifier for cfg. It fetches nothing until the first
// Verify or Prefetch.
func NewVerifier(cfg Config) *Verifier {
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{}
	}
	now := cfg.Clock
	if now == nil {
		now = time.Now
	}
	leeway := cfg.Leeway
	if leeway == 0 {
		leeway = DefaultLeeway
	}
	size := cfg.CacheSize
	if size == 0 {
		size = DefaultCacheSize
	}
	return &Verifier{
		issuer:   cfg.Issuer,
		clientID: cfg.ClientID,
		now:      now,
		leeway:   leeway,
		keys:     &jwks{url: strings.TrimSuffix(cfg.Issuer, "/") + userpool.JWKSPath, client: client, now: now},
		verified: newVerifiedCache(max(size, 0)),
		revoked:  newRevocations(),
	}
}

// Prefetch fetches the pool's JWKS unless the Verifier holds it already, so
// that a later Verify need not wait for it. An app calls it as it starts,
// ahead of the first sign-in. A failed Prefetch leaves Verify free to fetch.
func (v *Verifier) Prefetch(ctx context.Context) error {
	return v.keys.prefetch(ctx)
}

// Verify checks raw as a token of the given use and returns its content,
// which the caller must not modify (a token verified again returns the same
// value). Checks run in this order and the first failure is returned as a
// [*VerifyError]: format, algorithm, key, signature, issuer, token_use,
// audience, expiry, issued_at, revoked.
func (v *Verifier) Verify(ctx context.Context, raw string, use Use) (*Decoded, error) {
	if len(raw) > MaxTokenLength {
		return nil, malformed("token is %d bytes, more than %d", len(raw), MaxTokenLength)
	}
	hash := sha256.Sum256([]byte(raw))
	if d := v.verified.get(hash); d != nil {
		if err := v.checkClaims(d, use); err != nil {
			return nil, err
		}
		return d, nil
	}
	d, err := Decode(raw)
	if err != nil {
		return nil, err
	}
	if err := v.checkSignature(ctx, d); err != nil {
		return nil, err
	}
	if iss, ok := d.Claims["iss"].(string); !ok || iss != v.issuer {
		return nil, &VerifyError{Check: "issuer", Err: fmt.Errorf("%w: iss %q, want %q", ErrIssuer, d.String("iss"), v.issuer)}
	}
	if err := v.checkClaims(d, use); err != nil {
		return nil, err
	}
	v.verified.put(hash, d, d.ExpiresAt.Add(v.leeway), v.now())
	return d, nil
}

// checkSignature checks the header and the RS256 signature of d, parsed once
// by Decode: the signature covers the first two segments as sent.
func (v *Verifier) checkSignature(ctx context.Context, d *Decoded) error {
	if alg, _ := d.Header["alg"].(string); alg != "RS256" {
		return &VerifyError{Check: "algorithm", Err: fmt.Errorf("%w: alg %q", ErrAlgorithm, alg)}
	}
	kid, _ := d.Header["kid"].(string)
	if kid == "" {
		return &VerifyError{Check: "key", Err: fmt.Errorf("%w: header has no kid", ErrUnknownKey)}
	}
	if v.issuer == "" {
		return &VerifyError{Check: "issuer", Err: fmt.Errorf("%w: no issuer configured", ErrIssuer)}
	}
	key, err := v.keys.key(ctx, kid)
	if err != nil {
		return err
	}
	dot := strings.LastIndexByte(d.Raw, '.')
	sig, err := base64.RawURLEncoding.DecodeString(d.Raw[dot+1:])
	if err != nil {
		return malformed("signature is not base64url: %v", err)
	}
	if err := key.verifyRS256(d.Raw[:dot], sig); err != nil {
		return &VerifyError{Check: "signature", Err: fmt.Errorf("%w: %v", ErrSignature, err)}
	}
	return nil
}

// checkClaims runs the checks that depend on the caller and the time, on a
// fresh token and on a remembered one alike.
func (v *Verifier) checkClaims(d *Decoded, use Use) error {
	if err := v.checkClient(d, use); err != nil {
		return err
	}
	if err := v.checkTimes(d); err != nil {
		return err
	}
	if v.revoked.has(d) {
		return &VerifyError{Check: "revoked", Err: fmt.Errorf("%w: its session was signed out", ErrRevoked)}
	}
	return nil
}

// checkTimes checks exp, iat and nbf against the clock with the leeway.
func (v *Verifier) checkTimes(d *Decoded) error {
	now := v.now()
	switch {
	case d.ExpiresAt.IsZero():
		return &VerifyError{Check: "expiry", Err: fmt.Errorf("%w: it has no exp claim", ErrExpired)}
	case !now.Before(d.ExpiresAt.Add(v.leeway)):
		return &VerifyError{Check: "expiry", Err: fmt.Errorf("%w: exp %s, now %s", ErrExpired, stamp(d.ExpiresAt), stamp(now))}
	case d.IssuedAt.IsZero():
		// Cognito always sets iat; without it the token's age, and the
		// clock drift measured from it, would be unknown.
		return &VerifyError{Check: "issued_at", Err: fmt.Errorf("%w: it has no iat claim", ErrIssuedInFuture)}
	case now.Add(v.leeway).Before(d.IssuedAt):
		return &VerifyError{Check: "issued_at", Err: fmt.Errorf("%w: iat %s, now %s", ErrIssuedInFuture, stamp(d.IssuedAt), stamp(now))}
	case !d.NotBefore.IsZero() && now.Add(v.leeway).Before(d.NotBefore):
		return &VerifyError{Check: "issued_at", Err: fmt.Errorf("%w: nbf %s is after now %s", ErrIssuedInFuture, stamp(d.NotBefore), stamp(now))}
	}
	return nil
}

// checkClient checks token_use and the app client: aud for ID tokens,
// client_id for access tokens.
func (v *Verifier) checkClient(d *Decoded, use Use) error {
	got := Use(d.String("token_use"))
	if got != UseID && got != UseAccess || use != UseAny && got != use {
		want := string(use)
		if use == UseAny {
			want = "id or access"
		}
		return &VerifyError{Check: "token_use", Err: fmt.Errorf("%w: token_use %q, want %s", ErrTokenUse, got, want)}
	}
	if v.clientID == "" {
		return nil
	}
	if got == UseID {
		if aud := d.Strings("aud"); !slices.Contains(aud, v.clientID) {
			return &VerifyError{Check: "audience", Err: fmt.Errorf("%w: aud %q, want %q", ErrAudience, aud, v.clientID)}
		}
		return nil
	}
	if cid := d.String("client_id"); cid != v.clientID {
		return &VerifyError{Check: "audience", Err: fmt.Errorf("%w: client_id %q, want %q", ErrAudience, cid, v.clientID)}
	}
	return nil
}

// stamp formats a time for an error message.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
