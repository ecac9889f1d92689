package cognito

import (
	"context"
	"errors"

	"github.com/aws/smithy-go"

	"github.com/cognitowasm/cognitowasm/app/token"
	"github.com/cognitowasm/cognitowasm/app/userpool"
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
	ErrNotAuthorized          = &Error{Code: userpool.NotAuthorizedException}
	ErrUserNotFound           = &Error{Code: userpool.UserNotFoundException}
	ErrUsernameExists         = &Error{Code: userpool.UsernameExistsException}
	ErrAliasExists            = &Error{Code: userpool.AliasExistsException}
	ErrUserNotConfirmed       = &Error{Code: userpool.UserNotConfirmedException}
	ErrCodeMismatch           = &Error{Code: userpool.CodeMismatchException}
	ErrExpiredCode            = &Error{Code: userpool.ExpiredCodeException}
	ErrInvalidPassword        = &Error{Code: userpool.InvalidPasswordException}
	ErrPasswordHistory        = &Error{Code: userpool.PasswordHistoryPolicyViolationException}
	ErrInvalidParameter       = &Error{Code: userpool.InvalidParameterException}
	ErrLimitExceeded          = &Error{Code: userpool.LimitExceededException}
	ErrTooManyRequests        = &Error{Code: userpool.TooManyRequestsException}
	ErrTooManyFailedAttempts  = &Error{Code: userpool.TooManyFailedAttemptsException}
	ErrPasswordResetRequired  = &Error{Code: userpool.PasswordResetRequiredException}
	ErrResourceNotFound       = &Error{Code: userpool.ResourceNotFoundException}
	ErrRefreshTokenReuse      = &Error{Code: userpool.RefreshTokenReuseException}
	ErrCodeDeliveryFailure    = &Error{Code: userpool.CodeDeliveryFailureException}
	ErrUnsupportedTokenType   = &Error{Code: userpool.UnsupportedTokenTypeException}
	ErrInternal               = &Error{Code: userpool.InternalErrorException}
	ErrInvalidUserPoolConfig  = &Error{Code: userpool.InvalidUserPoolConfigurationException}
	ErrUserLambdaValidation   = &Error{Code: userpool.UserLambdaValidationException}
	ErrForbidden              = &Error{Code: userpool.ForbiddenException}
	ErrUnexpectedLambda       = &Error{Code: userpool.UnexpectedLambdaException}
	ErrInvalidLambdaResponse  = &Error{Code: userpool.InvalidLambdaResponseException}
	ErrOperationNotEnabled    = &Error{Code: userpool.OperationNotEnabledException}
	ErrConcurrentModification = &Error{Code: userpool.ConcurrentModificationException}
)

// Errors that do not come from Cognito.
var (
	// ErrNoSession means nobody is signed in (or the session was cleared).
	ErrNoSession = errors.New("cognito: no session")
	// ErrUnsupportedChallenge wraps the name of a challenge this package cannot answer yet.
	ErrUnsupportedChallenge = errors.New("cognito: unsupported challenge")
	// ErrTokenMismatch means AdoptTokens got an ID and an access token that
	// do not name the same user.
	ErrTokenMismatch = errors.New("cognito: the ID and access tokens are not one user's")
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
	case errors.As(err, &ve), errors.Is(err, ErrTokenMismatch):
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
