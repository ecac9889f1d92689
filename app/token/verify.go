package token

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

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

// Config describes the user pool and app client whose tokens a Verifier accepts.
type Config struct {
	Issuer     string       // e.g. https://cognito-idp.<region>.amazonaws.com/<poolId>; see userpool.Issuer
	ClientID   string       // the app client; "" accepts any client of the pool
	HTTPClient *http.Client // fetches the JWKS; nil means &http.Client{}
	Clock      func() time.Time
	Leeway     time.Duration // clock skew allowed on exp and iat; 0 means DefaultLeeway
}

// Verifier verifies a user pool's tokens. It caches the pool's JWKS and
// fetches it again, at most once per 10 seconds, when a token names an
// unknown key ID. It is safe for concurrent use.
type Verifier struct {
	issuer, clientID string
	now              func() time.Time
	keys             *jwks
	parser           *jwt.Parser
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
	return &Verifier{
		issuer:   cfg.Issuer,
		clientID: cfg.ClientID,
		now:      now,
		keys:     &jwks{url: strings.TrimSuffix(cfg.Issuer, "/") + userpool.JWKSPath, client: client, now: now},
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{"RS256"}),
			jwt.WithTimeFunc(now),
			jwt.WithLeeway(leeway),
			jwt.WithIssuedAt(),
			jwt.WithExpirationRequired(),
			jwt.WithIssuer(cfg.Issuer),
		),
	}
}

// Prefetch fetches the pool's JWKS unless the Verifier holds it already, so
// that a later Verify need not wait for it. An app calls it as it starts,
// ahead of the first sign-in. A failed Prefetch leaves Verify free to fetch.
func (v *Verifier) Prefetch(ctx context.Context) error {
	return v.keys.prefetch(ctx)
}

// Verify checks raw as a token of the given use and returns its content.
// Checks run in this order and the first failure is returned as a
// [*VerifyError]: format, algorithm, key, signature, issuer, token_use,
// audience, expiry, issued_at.
func (v *Verifier) Verify(ctx context.Context, raw string, use Use) (*Decoded, error) {
	d, err := Decode(raw)
	if err != nil {
		return nil, err
	}
	if alg, _ := d.Header["alg"].(string); alg != "RS256" {
		return nil, &VerifyError{Check: "algorithm", Err: fmt.Errorf("%w: alg %q", ErrAlgorithm, alg)}
	}
	kid, _ := d.Header["kid"].(string)
	if kid == "" {
		return nil, &VerifyError{Check: "key", Err: fmt.Errorf("%w: header has no kid", ErrUnknownKey)}
	}
	if v.issuer == "" {
		return nil, &VerifyError{Check: "issuer", Err: fmt.Errorf("%w: no issuer configured", ErrIssuer)}
	}
	_, err = v.parser.Parse(raw, func(*jwt.Token) (any, error) { return v.keys.key(ctx, kid) })
	// golang-jwt reports key and signature failures alone, but joins every
	// claim failure; report the first in our check order.
	var verr *VerifyError
	switch {
	case err == nil:
	case errors.As(err, &verr):
		return nil, verr
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return nil, &VerifyError{Check: "signature", Err: fmt.Errorf("%w: %v", ErrSignature, err)}
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return nil, &VerifyError{Check: "issuer", Err: fmt.Errorf("%w: iss %q, want %q", ErrIssuer, d.String("iss"), v.issuer)}
	case !errors.Is(err, jwt.ErrTokenInvalidClaims):
		return nil, &VerifyError{Check: "format", Err: fmt.Errorf("%w: %v", ErrMalformed, err)}
	}
	if clientErr := v.checkClient(d, use); clientErr != nil {
		return nil, clientErr
	}
	switch {
	case err == nil && d.IssuedAt.IsZero():
		// Cognito always sets iat; without it the token's age, and the
		// clock drift measured from it, would be unknown.
		return nil, &VerifyError{Check: "issued_at", Err: fmt.Errorf("%w: it has no iat claim", ErrIssuedInFuture)}
	case err == nil:
		return d, nil
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return nil, &VerifyError{Check: "expiry", Err: fmt.Errorf("%w: it has no exp claim", ErrExpired)}
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, &VerifyError{Check: "expiry", Err: fmt.Errorf("%w: exp %s, now %s", ErrExpired, stamp(d.ExpiresAt), stamp(v.now()))}
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return nil, &VerifyError{Check: "issued_at", Err: fmt.Errorf("%w: iat %s, now %s", ErrIssuedInFuture, stamp(d.IssuedAt), stamp(v.now()))}
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return nil, &VerifyError{Check: "issued_at", Err: fmt.Errorf("%w: nbf is after now %s", ErrIssuedInFuture, stamp(v.now()))}
	default:
		return nil, &VerifyError{Check: "format", Err: fmt.Errorf("%w: %v", ErrMalformed, err)}
	}
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
