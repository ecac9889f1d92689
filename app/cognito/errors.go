package cognito

import (
	"context"
	"errors"

	"github.com/aws/smithy-go"

	"github.com/cognitowasm/cognitowasm/app/token"
)

// Error is an exception Cognito answered with. Code is the exception name,
// e.g. "NotAuthorizedException"; Message is Cognito's own text.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string {
	if e.Message == "" {
		return "cognito: " + e.Code
	}
	return "cognito: " + e.Code + ": " + e.Message
}

// Is reports whether target is an *Error with the same Code, so
// errors.Is(err, ErrNotAuthorized) matches any NotAuthorizedException.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Sentinels for the exceptions callers commonly branch on.
var (
	ErrNotAuthorized          = &Error{Code: "NotAuthorizedException"}
	ErrUserNotFound           = &Error{Code: "UserNotFoundException"}
	ErrUsernameExists         = &Error{Code: "UsernameExistsException"}
	ErrAliasExists            = &Error{Code: "AliasExistsException"}
	ErrUserNotConfirmed       = &Error{Code: "UserNotConfirmedException"}
	ErrCodeMismatch           = &Error{Code: "CodeMismatchException"}
	ErrExpiredCode            = &Error{Code: "ExpiredCodeException"}
	ErrInvalidPassword        = &Error{Code: "InvalidPasswordException"}
	ErrPasswordHistory        = &Error{Code: "PasswordHistoryPolicyViolationException"}
	ErrInvalidParameter       = &Error{Code: "InvalidParameterException"}
	ErrLimitExceeded          = &Error{Code: "LimitExceededException"}
	ErrTooManyRequests        = &Error{Code: "TooManyRequestsException"}
	ErrTooManyFailedAttempts  = &Error{Code: "TooManyFailedAttemptsException"}
	ErrPasswordResetRequired  = &Error{Code: "PasswordResetRequiredException"}
	ErrResourceNotFound       = &Error{Code: "ResourceNotFoundException"}
	ErrRefreshTokenReuse      = &Error{Code: "RefreshTokenReuseException"}
	ErrCodeDeliveryFailure    = &Error{Code: "CodeDeliveryFailureException"}
	ErrUnsupportedTokenType   = &Error{Code: "UnsupportedTokenTypeException"}
	ErrInternal               = &Error{Code: "InternalErrorException"}
	ErrInvalidUserPoolConfig  = &Error{Code: "InvalidUserPoolConfigurationException"}
	ErrUserLambdaValidation   = &Error{Code: "UserLambdaValidationException"}
	ErrForbidden              = &Error{Code: "ForbiddenException"}
	ErrUnexpectedLambda       = &Error{Code: "UnexpectedLambdaException"}
	ErrInvalidLambdaResponse  = &Error{Code: "InvalidLambdaResponseException"}
	ErrOperationNotEnabled    = &Error{Code: "OperationNotEnabledException"}
	ErrConcurrentModification = &Error{Code: "ConcurrentModificationException"}
)

// Errors that do not come from Cognito.
var (
	// ErrNoSession means nobody is signed in (or the session was cleared).
	ErrNoSession = errors.New("cognito: no session")
	// ErrUnsupportedChallenge wraps the name of a challenge this package cannot answer yet.
	ErrUnsupportedChallenge = errors.New("cognito: unsupported challenge")
	// ErrWrongStep means a Continue method got a step of another kind.
	ErrWrongStep = errors.New("cognito: step does not match the method")
)

// messages are the sentences the UI shows, by exception name.
var messages = map[string]string{
	ErrNotAuthorized.Code:          "Incorrect username or password.",
	ErrUserNotFound.Code:           "No account was found with that username.",
	ErrUsernameExists.Code:         "An account with that username already exists.",
	ErrAliasExists.Code:            "Another account already uses that email address or phone number.",
	ErrUserNotConfirmed.Code:       "This account is not confirmed yet. Enter the code we sent you.",
	ErrCodeMismatch.Code:           "That code is not right. Check it and try again.",
	ErrExpiredCode.Code:            "That code has expired. Ask for a new one.",
	ErrInvalidPassword.Code:        "That password does not meet the requirements.",
	ErrPasswordHistory.Code:        "You used that password recently. Choose a different one.",
	ErrInvalidParameter.Code:       "Some of the information entered is not valid.",
	ErrLimitExceeded.Code:          "Too many attempts. Wait a while and try again.",
	ErrTooManyRequests.Code:        "Too many requests. Wait a moment and try again.",
	ErrTooManyFailedAttempts.Code:  "Too many failed attempts. Wait a while and try again.",
	ErrPasswordResetRequired.Code:  "You need to reset your password before signing in.",
	ErrResourceNotFound.Code:       "The sign-in settings point at a user pool or app client that does not exist.",
	ErrRefreshTokenReuse.Code:      "Your session was used elsewhere. Please sign in again.",
	ErrCodeDeliveryFailure.Code:    "We could not send the code. Try again later.",
	ErrUnsupportedTokenType.Code:   "That token cannot be revoked.",
	ErrInternal.Code:               "The sign-in service had a problem. Try again later.",
	ErrInvalidUserPoolConfig.Code:  "The user pool is not set up for this.",
	ErrUserLambdaValidation.Code:   "The request was refused by the pool's validation rules.",
	ErrForbidden.Code:              "The request was blocked.",
	ErrUnexpectedLambda.Code:       "The sign-in service had a problem. Try again later.",
	ErrInvalidLambdaResponse.Code:  "The sign-in service had a problem. Try again later.",
	ErrOperationNotEnabled.Code:    "This app client does not allow that.",
	ErrConcurrentModification.Code: "The account was changed at the same time. Try again.",
}

// Message returns a sentence for the user that describes err.
func Message(err error) string {
	var ce *Error
	var ve *token.VerifyError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrNoSession):
		return "You are not signed in."
	case errors.As(err, &ce):
		if m, ok := messages[ce.Code]; ok {
			return m
		}
		if ce.Message != "" {
			return ce.Message
		}
		return "The sign-in service refused the request."
	case errors.Is(err, ErrUnsupportedChallenge):
		return "This account needs a sign-in step this app does not support yet."
	case errors.As(err, &ve):
		return "The sign-in service sent a token that failed verification."
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "The request was cancelled or timed out."
	default:
		return "Could not reach the sign-in service. Check your connection and try again."
	}
}

// apiError turns an exception from the SDK into an *Error and leaves every
// other error (network, cancellation) as it is.
func apiError(err error) error {
	var ae smithy.APIError
	if err == nil || !errors.As(err, &ae) {
		return err
	}
	return &Error{Code: ae.ErrorCode(), Message: ae.ErrorMessage()}
}

// endsSession reports whether a refresh error proves the refresh token is
// dead. Only then are the stored tokens dropped; a network error keeps them.
// Cognito reports a revoked or expired refresh token as NotAuthorizedException.
func endsSession(err error) bool {
	for _, dead := range []*Error{ErrNotAuthorized, ErrUserNotFound, ErrPasswordResetRequired, ErrUserNotConfirmed, ErrRefreshTokenReuse} {
		if errors.Is(err, dead) {
			return true
		}
	}
	return false
}
