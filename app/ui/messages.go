package ui

import (
	"context"
	"errors"
	"strings"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/hostedui"
	"github.com/cognitowasm/cognitowasm/app/token"
)

// messages are the sentences shown for Cognito's exceptions, by exception
// name. Each says what happened and what to do next. Pages that know more
// (the change-password form knows which password was wrong) override some
// through Message's overrides.
var messages = map[string]string{
	cognito.ErrNotAuthorized.Code:          "Incorrect email or password. Check them and try again.",
	cognito.ErrUserNotFound.Code:           "No account was found with that email. Check it, or create an account.",
	cognito.ErrUsernameExists.Code:         "An account with this email already exists. Sign in, or reset your password if you forgot it.",
	cognito.ErrAliasExists.Code:            "Another account already uses that email address or phone number. Use a different one.",
	cognito.ErrUserNotConfirmed.Code:       "Your account is not confirmed yet. Enter the code we sent you.",
	cognito.ErrCodeMismatch.Code:           "That code is not right. Check it and try again, or ask for a new one.",
	cognito.ErrExpiredCode.Code:            "That code has expired. Ask for a new one.",
	cognito.ErrInvalidPassword.Code:        "That password does not meet the requirements. Choose one that meets each rule listed.",
	cognito.ErrPasswordHistory.Code:        "You used that password recently. Choose a different one.",
	cognito.ErrInvalidParameter.Code:       "Some of the information entered is not valid. Check it and try again.",
	cognito.ErrLimitExceeded.Code:          "Too many attempts. Wait a few minutes and try again.",
	cognito.ErrTooManyRequests.Code:        "Too many requests. Wait a moment and try again.",
	cognito.ErrTooManyFailedAttempts.Code:  "Too many failed attempts. Wait a few minutes and try again.",
	cognito.ErrPasswordResetRequired.Code:  "You need to reset your password before signing in. Use “Forgot your password?”.",
	cognito.ErrResourceNotFound.Code:       "The app points at a user pool or app client that does not exist. Tell whoever runs this site.",
	cognito.ErrRefreshTokenReuse.Code:      "Your session was used elsewhere. Sign in again.",
	cognito.ErrCodeDeliveryFailure.Code:    "We could not send the code. Try again later.",
	cognito.ErrUnsupportedTokenType.Code:   "That token cannot be revoked.",
	cognito.ErrInternal.Code:               "The sign-in service had a problem. Try again later.",
	cognito.ErrInvalidUserPoolConfig.Code:  "The user pool is not set up for this. Tell whoever runs this site.",
	cognito.ErrUserLambdaValidation.Code:   "The user pool's own rules refused this. Check what you entered and try again.",
	cognito.ErrForbidden.Code:              "The request was blocked. Try again later.",
	cognito.ErrUnexpectedLambda.Code:       "The sign-in service had a problem. Try again later.",
	cognito.ErrInvalidLambdaResponse.Code:  "The sign-in service had a problem. Try again later.",
	cognito.ErrOperationNotEnabled.Code:    "This app does not allow that. Tell whoever runs this site.",
	cognito.ErrConcurrentModification.Code: "The account was changed at the same time. Try again.",
}

// Message returns a sentence for the user that describes err, from package
// cognito or on the way to it. An override, keyed by a cognito sentinel,
// replaces the general sentence where the page knows better.
func Message(err error, overrides ...override) string {
	var ce *cognito.Error
	var ve *token.VerifyError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, cognito.ErrNoSession):
		return "You are not signed in. Sign in again."
	case hostedui.Message(err) != "":
		return hostedui.Message(err)
	case errors.As(err, &ce):
		for _, o := range overrides {
			if errors.Is(err, o.err) {
				return o.text
			}
		}
		if errors.Is(err, cognito.ErrInvalidParameter) {
			return invalidParameter(ce.Message)
		}
		if m, ok := messages[ce.Code]; ok {
			return m
		}
		return "The sign-in service refused the request. Try again later."
	case errors.Is(err, cognito.ErrUnsupportedChallenge):
		return "This account needs a sign-in step this app does not support yet."
	case errors.As(err, &ve), errors.Is(err, cognito.ErrTokenMismatch):
		return "The sign-in service sent a token that failed verification. Try again later."
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "The request was cancelled or took too long. Try again."
	default:
		return "Could not reach the sign-in service. Check your connection and try again."
	}
}

// override is a page's own sentence for one exception, and the links to
// what the user may do next.
type override struct {
	err   *cognito.Error
	text  string
	links []link
}

// invalidParameter words the InvalidParameterException cases a user can
// fix, without repeating Cognito's developer-facing text.
func invalidParameter(cognitoText string) string {
	switch {
	case strings.Contains(cognitoText, "already confirmed"):
		return "This account is already confirmed. Sign in to continue."
	case strings.Contains(cognitoText, "does not exist in the schema"):
		return "This user pool has no attribute of that name. Use a standard one such as family_name, or a custom:… one the pool defines."
	case strings.Contains(cognitoText, "phone number"), strings.Contains(cognitoText, "phone_number"):
		return "Enter the phone number with its country code, like +15551234567."
	case strings.Contains(cognitoText, "email"):
		return "Enter an email address like name@example.com."
	case strings.Contains(cognitoText, "Cannot modify") || strings.Contains(cognitoText, "cannot be updated") || strings.Contains(cognitoText, "not mutable"):
		return "That attribute cannot be changed."
	}
	return messages[cognito.ErrInvalidParameter.Code]
}

// verifyReasons say, per check, why a token failed verification.
var verifyReasons = map[string]string{
	"format":    "It is not a well-formed JWT: three base64url parts separated by dots.",
	"algorithm": "It is not signed with RS256, the only algorithm Cognito uses.",
	"key":       "It is signed with a key this user pool does not publish.",
	"signature": "Its signature does not match its contents: it was changed after it was issued, or signed by someone else.",
	"issuer":    "It was issued by another user pool.",
	"token_use": "It is another kind of token than expected.",
	"audience":  "It was issued to another app client.",
	"expiry":    "It has expired.",
	"issued_at": "Its issue time is in the future, or missing.",
	"jwks":      "The user pool's keys could not be fetched. Check your connection and try again.",
}

// verifyReason explains a failed verification in one sentence: which check
// failed, and what that means. Go's error chain is not shown.
func verifyReason(err error) string {
	var ve *token.VerifyError
	if errors.As(err, &ve) {
		check := strings.ReplaceAll(ve.Check, "_", " ")
		if r, ok := verifyReasons[ve.Check]; ok {
			return "Failed the " + check + " check. " + r
		}
		return "Failed the " + check + " check."
	}
	return Message(err)
}
