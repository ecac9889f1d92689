package ui

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/token"
)

func TestMessage(t *testing.T) {
	wrongCurrent := override{err: cognito.ErrNotAuthorized, text: "Your current password is not right."}
	tests := []struct {
		err       error
		overrides []override
		want      string
	}{
		{nil, nil, ""},
		{cognito.ErrNotAuthorized, nil, "Incorrect email or password. Check them and try again."},
		{cognito.ErrNotAuthorized, []override{wrongCurrent}, "Your current password is not right."},
		{fmt.Errorf("wrapped: %w", &cognito.Error{Code: "ExpiredCodeException", Message: "Invalid code provided, please request a code again."}), nil,
			"That code has expired. Ask for a new one."},
		// Cognito's own text never reaches the user.
		{&cognito.Error{Code: "InvalidParameterException", Message: "Attribute does not exist in the schema: custom:x"}, nil,
			"This user pool has no attribute of that name. Use a standard one such as family_name, or a custom:… one the pool defines."},
		{&cognito.Error{Code: "InvalidParameterException", Message: "1 validation error detected"}, nil,
			"Some of the information entered is not valid. Check it and try again."},
		{&cognito.Error{Code: "SomeNewException", Message: "Cognito says so."}, nil, "The sign-in service refused the request. Try again later."},
		{cognito.ErrNoSession, nil, "You are not signed in. Sign in again."},
		{fmt.Errorf("%w: %w", cognito.ErrNoSession, &cognito.Error{Code: "NotAuthorizedException", Message: "Refresh Token has been revoked"}), nil,
			"You are not signed in. Sign in again."},
		{fmt.Errorf("%w: SMS_MFA", cognito.ErrUnsupportedChallenge), nil, "This account needs a sign-in step this app does not support yet."},
		{&token.VerifyError{Check: "signature", Err: token.ErrSignature}, nil, "The sign-in service sent a token that failed verification. Try again later."},
		{context.Canceled, nil, "The request was cancelled or took too long. Try again."},
		{&net.OpError{Op: "dial", Err: errors.New("refused")}, nil, "Could not reach the sign-in service. Check your connection and try again."},
	}
	for _, tt := range tests {
		if got := Message(tt.err, tt.overrides...); got != tt.want {
			t.Errorf("Message(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

// Every sentence is a sentence, and the common exceptions have one.
func TestEveryExceptionHasASentence(t *testing.T) {
	for code, msg := range messages {
		if !strings.HasSuffix(code, "Exception") {
			t.Errorf("code %q is not a Cognito exception name", code)
		}
		if msg == "" || !strings.HasSuffix(msg, ".") {
			t.Errorf("message for %s = %q, want a sentence", code, msg)
		}
	}
	for _, e := range []*cognito.Error{cognito.ErrNotAuthorized, cognito.ErrUserNotFound, cognito.ErrUsernameExists,
		cognito.ErrUserNotConfirmed, cognito.ErrCodeMismatch, cognito.ErrExpiredCode, cognito.ErrInvalidPassword,
		cognito.ErrInvalidParameter, cognito.ErrLimitExceeded, cognito.ErrTooManyFailedAttempts,
		cognito.ErrPasswordResetRequired, cognito.ErrResourceNotFound, cognito.ErrRefreshTokenReuse} {
		if _, ok := messages[e.Code]; !ok {
			t.Errorf("no message for %s", e.Code)
		}
	}
}

// verifyReason names the failed check once, without Go's error chain.
func TestVerifyReason(t *testing.T) {
	err := &token.VerifyError{Check: "signature", Err: fmt.Errorf("%w: %w", token.ErrSignature, errors.New("crypto/rsa: verification error"))}
	got := verifyReason(err)
	if strings.Contains(got, "crypto/rsa") || strings.Count(got, "signature") > 2 || !strings.HasPrefix(got, "Failed the signature check.") {
		t.Errorf("verifyReason = %q", got)
	}
}
