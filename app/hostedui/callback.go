package hostedui

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/token"
)

// IsCallback reports whether u is the hosted UI's answer: a code and a
// state, or an error.
func IsCallback(u *url.URL) bool {
	q := u.Query()
	return (q.Get("code") != "" && q.Get("state") != "") || q.Get("error") != ""
}

// Callback completes the sign-in the hosted UI redirected back with. u is
// the callback URL as the browser loaded it.
func (c *Client) Callback(ctx context.Context, u *url.URL) (*cognito.Session, error) {
	q := u.Query()
	f, err := c.loadFlight()
	if err != nil {
		return nil, err
	}
	state := q.Get("state")
	matches := f != nil && state != "" && subtle.ConstantTimeCompare([]byte(state), []byte(f.State)) == 1
	if code := q.Get("error"); code != "" {
		re := &RedirectError{Code: code, Description: q.Get("error_description")}
		if matches {
			re.Provider = f.Provider
			_ = c.dropFlight()
		}
		return nil, re
	}
	code := q.Get("code")
	switch {
	case code == "" || state == "":
		return nil, ErrNotCallback
	case f == nil:
		return nil, ErrNoPendingSignIn
	case !matches:
		// Another tab's, or an old, answer: the sign-in in flight may still come back.
		return nil, ErrStateMismatch
	}
	// The code is used once, whatever happens next.
	if err := c.dropFlight(); err != nil {
		return nil, err
	}
	tok, err := c.oauth.Exchange(context.WithValue(ctx, oauth2.HTTPClient, c.cfg.HTTPClient), code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return nil, &TokenError{Code: re.ErrorCode, Description: re.ErrorDescription, Status: re.Response.StatusCode}
		}
		return nil, err
	}
	idToken, _ := tok.Extra("id_token").(string)
	if idToken == "" {
		return nil, ErrNoIDToken
	}
	id, err := c.users.Verifier().Verify(ctx, idToken, token.UseID)
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(id.String("nonce")), []byte(f.Nonce)) != 1 {
		return nil, ErrNonceMismatch
	}
	return c.users.AdoptTokens(ctx, cognito.Tokens{IDToken: idToken, AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken})
}

// Scopes returns the scopes an access token was granted.
func Scopes(accessToken string) []string {
	d, err := token.Decode(accessToken)
	if err != nil {
		return nil
	}
	return strings.Fields(d.String("scope"))
}
