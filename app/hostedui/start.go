package hostedui

import (
	"context"
	"crypto/rand"
	"encoding/base64"

	"golang.org/x/oauth2"
)

// StartOptions adjust a sign-in.
type StartOptions struct {
	// Provider is the identity provider to go straight to (identity_provider):
	// "COGNITO" for the pool's own form, or a federated provider's name.
	// Empty lets the hosted UI choose.
	Provider string
	// Prompt is "login" to force the form although the hosted UI has a
	// session, or "none" to fail with login_required instead of showing it.
	Prompt string
	// LoginHint pre-fills the username.
	LoginHint string
}

// Start begins a sign-in: it stores a fresh state, PKCE verifier and nonce,
// replacing any sign-in still in flight, and returns the URL to send the
// browser to.
func (c *Client) Start(ctx context.Context, opts *StartOptions) (string, error) {
	if opts == nil {
		opts = &StartOptions{}
	}
	f := &flight{State: randomString(), Verifier: oauth2.GenerateVerifier(), Nonce: randomString(),
		Redirect: c.cfg.RedirectSignIn, Provider: opts.Provider, Started: c.cfg.Clock()}
	if err := c.saveFlight(f); err != nil {
		return "", err
	}
	params := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(f.Verifier), oauth2.SetAuthURLParam("nonce", f.Nonce)}
	for name, v := range map[string]string{"identity_provider": opts.Provider, "prompt": opts.Prompt, "login_hint": opts.LoginHint} {
		if v != "" {
			params = append(params, oauth2.SetAuthURLParam(name, v))
		}
	}
	return c.oauth.AuthCodeURL(f.State, params...), nil
}

// randomString is 256 random bits, base64url: a state or a nonce.
func randomString() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)
}
