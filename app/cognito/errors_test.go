//go:build !js

package cognito

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/cognitowasm/cognitowasm/app/token"
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

func TestMessage(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{ErrNotAuthorized, "Incorrect username or password."},
		{fmt.Errorf("wrapped: %w", &Error{Code: "ExpiredCodeException", Message: "Invalid code provided, please request a code again."}), "That code has expired. Ask for a new one."},
		{&Error{Code: "SomeNewException", Message: "Cognito says so."}, "Cognito says so."},
		{&Error{Code: "SomeNewException"}, "The sign-in service refused the request."},
		{ErrNoSession, "You are not signed in."},
		// A refresh refused for a dead refresh token ends the session; "Incorrect
		// username or password." would be wrong when no password was asked for.
		{fmt.Errorf("%w: %w", ErrNoSession, &Error{Code: "NotAuthorizedException", Message: "Refresh Token has been revoked"}), "You are not signed in."},
		{fmt.Errorf("%w: SMS_MFA", ErrUnsupportedChallenge), "This account needs a sign-in step this app does not support yet."},
		{&token.VerifyError{Check: "signature", Err: token.ErrSignature}, "The sign-in service sent a token that failed verification."},
		{context.Canceled, "The request was cancelled or timed out."},
		{&net.OpError{Op: "dial", Err: errors.New("refused")}, "Could not reach the sign-in service. Check your connection and try again."},
	} {
		if got := Message(tc.err); got != tc.want {
			t.Errorf("Message(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

// Every sentinel has its own sentence, ending like one.
func TestEverySentinelHasASentence(t *testing.T) {
	for code, msg := range messages {
		if !strings.HasSuffix(code, "Exception") {
			t.Errorf("code %q is not a Cognito exception name", code)
		}
		if msg == "" || !strings.HasSuffix(msg, ".") {
			t.Errorf("message for %s = %q, want a sentence", code, msg)
		}
	}
	for _, e := range []*Error{ErrNotAuthorized, ErrUserNotFound, ErrUsernameExists, ErrUserNotConfirmed, ErrCodeMismatch,
		ErrExpiredCode, ErrInvalidPassword, ErrInvalidParameter, ErrLimitExceeded, ErrTooManyFailedAttempts,
		ErrPasswordResetRequired, ErrResourceNotFound, ErrRefreshTokenReuse} {
		if _, ok := messages[e.Code]; !ok {
			t.Errorf("no message for %s", e.Code)
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
