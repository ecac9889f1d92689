package cognito

import (
	"errors"

	"github.com/aws/smithy-go"

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
	ErrUnknownOperation       = &Error{Code: userpool.UnknownOperationException}
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
	// ErrWrongStep means ConfirmSignIn got a step it does not answer: one
	// not from a sign-in of this Client, or StepConfirmSignUp.
	ErrWrongStep = errors.New("cognito: ConfirmSignIn cannot answer this step")
	// ErrNoSignUpSession means SignInAfterSignUp has no ConfirmSignUp
	// Session for the user: sign in with a factor instead.
	ErrNoSignUpSession = errors.New("cognito: no sign-up session for this user; sign in instead")
	// ErrNoPasskeys means Config.Passkeys is not set (native builds).
	ErrNoPasskeys = errors.New("cognito: no passkey support here (Config.Passkeys is nil)")
)

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
