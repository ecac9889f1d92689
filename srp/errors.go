package srp

import "errors"

// Sentinel errors. Every error the package returns is an [*Error] that
// matches one of these through [errors.Is], except failures of the random
// source, which wrap the reader's own error.
var (
	// ErrInvalidInput reports a malformed, over-long or illegal parameter,
	// such as bad hex, B mod N = 0 or u = 0.
	ErrInvalidInput = errors.New("invalid SRP input")
	// ErrBadClaim reports a password claim whose signature does not match.
	ErrBadClaim = errors.New("password claim does not match")
)

// Error describes what went wrong in which operation.
type Error struct {
	Op     string // the function, e.g. "Claim" or "Verify"
	Reason string // what was wrong, never containing a secret
	Err    error  // ErrInvalidInput, ErrBadClaim or the random source's error
}

func (e *Error) Error() string { return "srp: " + e.Op + ": " + e.Reason }

func (e *Error) Unwrap() error { return e.Err }

func invalid(op, reason string) error {
	return &Error{Op: op, Reason: reason, Err: ErrInvalidInput}
}
