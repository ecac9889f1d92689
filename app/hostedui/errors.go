package hostedui

import (
	"errors"
	"strings"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// Errors of Callback. None of them means the user cancelled: only a
// *RedirectError with Code access_denied does.
var (
	// ErrNotCallback: the URL has neither a code and a state nor an error.
	ErrNotCallback = errors.New("hostedui: the address carries no answer from the sign-in page")
	// ErrNoPendingSignIn: no sign-in was started in this store (another
	// tab or browser, or storage was cleared), or it expired.
	ErrNoPendingSignIn = errors.New("hostedui: no sign-in was started here, or it expired")
	// ErrStateMismatch: the state is not the one of the sign-in in flight.
	ErrStateMismatch = errors.New("hostedui: the answer does not belong to the sign-in started here")
	// ErrNoIDToken: the token endpoint sent no ID token (the openid scope is missing).
	ErrNoIDToken = errors.New("hostedui: the sign-in gave no ID token; ask for the openid scope")
	// ErrNonceMismatch: the ID token's nonce is not the sign-in's.
	ErrNonceMismatch = errors.New("hostedui: the ID token does not belong to this sign-in (nonce)")
)

// RedirectError is an error the hosted UI sent back to the redirect URI,
// such as access_denied or invalid_scope.
type RedirectError struct {
	Code        string // the OAuth error code, e.g. "access_denied"
	Description string // the hosted UI's error_description, if any
	// Provider is the identity provider the sign-in went to, set only when
	// the answer carries the state of the sign-in started here: a crafted
	// link cannot name one.
	Provider string
}

func (e *RedirectError) Error() string {
	if e.Description == "" {
		return "hostedui: " + e.Code
	}
	return "hostedui: " + e.Code + ": " + e.Description
}

// TokenError is an error answer of the token endpoint.
type TokenError struct {
	Code        string // e.g. "invalid_grant"
	Description string
	Status      int
}

func (e *TokenError) Error() string {
	return "hostedui: token endpoint: " + e.Code + ": " + e.Description
}

// Message says what went wrong with a hosted-UI sign-in in a plain sentence
// that says what to do next, or "" when err is not one of this package's.
func Message(err error) string {
	var re *RedirectError
	var te *TokenError
	switch {
	case errors.As(err, &re):
		switch re.Code {
		case userpool.OAuthAccessDenied:
			return "The sign-in was declined. You can try again."
		case userpool.OAuthLoginRequired:
			return "You are not signed in on the sign-in page. Sign in again."
		case userpool.OAuthInvalidScope:
			return "The app asked for permissions its client does not have. Check the app's oauth scopes."
		case userpool.OAuthUnauthorizedClient:
			return "The app client is not allowed to sign in this way. Check its OAuth flows."
		}
		if re.Provider != "" {
			// Cognito passes a provider's refusal on as invalid_request,
			// "<provider> Error - access_denied …".
			who := userpool.ProviderTitle(re.Provider)
			if strings.Contains(re.Description, userpool.OAuthAccessDenied) {
				return "Signing in with " + who + " was cancelled or declined. Try again, or choose another way to sign in."
			}
			return "Signing in with " + who + " did not work. Try again, or choose another way to sign in."
		}
		return "The sign-in page could not sign you in. Try again, or go back and choose another way to sign in."
	case errors.As(err, &te):
		if te.Code == userpool.OAuthInvalidGrant {
			return "The sign-in took too long or was already used. Sign in again."
		}
		return "The sign-in could not be completed (" + te.Code + "). Sign in again."
	case errors.Is(err, ErrNoPendingSignIn), errors.Is(err, ErrStateMismatch):
		return "This sign-in was not started in this tab, or it expired. Sign in again."
	case errors.Is(err, ErrNonceMismatch), errors.Is(err, ErrNoIDToken):
		return "The sign-in answer could not be trusted. Sign in again."
	case errors.Is(err, ErrNotCallback):
		return "This page has no sign-in answer. Go back and sign in."
	}
	return ""
}
