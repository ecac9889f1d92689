//go:build !js

package cognito

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/aws/smithy-go"
)

func TestErrorIsMatchesByCode(t *testing.T) {
	got := apiError(fmt.Errorf("operation InitiateAuth: %w",
		&smithy.GenericAPIError{Code: "NotAuthorizedException", Message: "Incorrect username or password."}))
	var ce *Error
	if !errors.As(got, &ce) || ce.Code != "NotAuthorizedException" || ce.Message != "Incorrect username or password." {
		t.Fatalf("apiError = %#v, want *Error with Cognito's code and message", got)
	}
	if !errors.Is(got, ErrNotAuthorized) {
		t.Error("errors.Is(NotAuthorizedException, ErrNotAuthorized) = false")
	}
	if errors.Is(got, ErrUserNotFound) {
		t.Error("errors.Is(NotAuthorizedException, ErrUserNotFound) = true")
	}
	if errors.Is(got, ErrNoSession) {
		t.Error("errors.Is(NotAuthorizedException, ErrNoSession) = true")
	}
}

func TestNetworkErrorsStayDistinct(t *testing.T) {
	netErr := fmt.Errorf("operation InitiateAuth: %w", &net.OpError{Op: "dial", Err: errors.New("connection refused")})
	got := apiError(netErr)
	var ce *Error
	if errors.As(got, &ce) {
		t.Fatalf("apiError(network error) = %v, a *Error; want the network error as it was", got)
	}
	if got != netErr {
		t.Errorf("apiError changed a network error: %v", got)
	}
	if endsSession(got) {
		t.Error("a network error ends the session")
	}
}

func TestEndsSession(t *testing.T) {
	for _, tc := range []struct {
		err  error
		ends bool
	}{
		{&Error{Code: "NotAuthorizedException", Message: "Refresh Token has been revoked"}, true},
		{ErrUserNotFound, true},
		{ErrPasswordResetRequired, true},
		{ErrUserNotConfirmed, true},
		{ErrRefreshTokenReuse, true},
		{ErrTooManyRequests, false},
		{ErrInternal, false},
		{ErrInvalidParameter, false},
		{context.DeadlineExceeded, false},
		{errors.New("fetch failed"), false},
	} {
		if got := endsSession(tc.err); got != tc.ends {
			t.Errorf("endsSession(%v) = %v, want %v", tc.err, got, tc.ends)
		}
	}
}

func TestNoRetryOnClientErrors(t *testing.T) {
	r := newRetryer()
	for _, tc := range []struct {
		err   error
		retry bool
	}{
		{&statusError{400, "LimitExceededException"}, false},
		{&statusError{400, "TooManyRequestsException"}, false},
		{&statusError{429, "TooManyRequestsException"}, false},
		{&statusError{500, "InternalErrorException"}, true},
		{&statusError{503, "ServiceUnavailable"}, true},
	} {
		if got := r.IsErrorRetryable(tc.err); got != tc.retry {
			t.Errorf("IsErrorRetryable(%d %s) = %v, want %v", tc.err.(*statusError).status, tc.err.(*statusError).code, got, tc.retry)
		}
	}
}

// statusError is an API error with an HTTP status, as the SDK's response errors are.
type statusError struct {
	status int
	code   string
}

func (e *statusError) Error() string                 { return e.code }
func (e *statusError) HTTPStatusCode() int           { return e.status }
func (e *statusError) ErrorCode() string             { return e.code }
func (e *statusError) ErrorMessage() string          { return e.code }
func (e *statusError) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }
