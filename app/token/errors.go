package token

import "errors"

// Sentinel errors, one per check. A [*VerifyError] matches exactly one of them
// through [errors.Is].
var (
	ErrMalformed      = errors.New("token is not a well-formed JWT")
	ErrAlgorithm      = errors.New("token algorithm is not RS256")
	ErrUnknownKey     = errors.New("token key ID is not in the pool's JWKS")
	ErrWeakKey        = errors.New("token key is too small")
	ErrSignature      = errors.New("token signature is invalid")
	ErrIssuer         = errors.New("token issuer is not the user pool")
	ErrTokenUse       = errors.New("token_use is not the expected kind")
	ErrAudience       = errors.New("token was issued to another app client")
	ErrExpired        = errors.New("token has expired")
	ErrIssuedInFuture = errors.New("token is issued in the future")
	ErrRevoked        = errors.New("token belongs to a session that was signed out")
	ErrJWKS           = errors.New("cannot fetch the pool's JWKS")
)

// VerifyError reports which check a token failed.
type VerifyError struct {
	Check string // "format", "algorithm", "key", "signature", "issuer", "token_use", "audience", "expiry", "issued_at", "revoked" or "jwks"
	Err   error  // wraps one of the package's sentinel errors
}

func (e *VerifyError) Error() string { return "token: " + e.Check + ": " + e.Err.Error() }

func (e *VerifyError) Unwrap() error { return e.Err }
