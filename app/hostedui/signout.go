package hostedui

import (
	"context"
	"net/url"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// SignOut ends s here (its tokens leave the store and its refresh token is
// revoked, with the access tokens issued from it), then returns the /logout
// URL that ends the hosted UI's own session and comes back to
// RedirectSignOut. The URL comes back even when revocation failed: the
// error says the refresh token may still be valid.
func (c *Client) SignOut(ctx context.Context, s *cognito.Session) (string, error) {
	var err error
	if s != nil {
		err = s.SignOut(ctx)
	}
	return c.LogoutURL(), err
}

// LogoutURL is the hosted UI's /logout for this client, back to RedirectSignOut.
func (c *Client) LogoutURL() string {
	q := url.Values{"client_id": {c.cfg.ClientID}}
	if c.cfg.RedirectSignOut != "" {
		q.Set("logout_uri", c.cfg.RedirectSignOut)
	} else {
		q.Set("redirect_uri", c.cfg.RedirectSignIn)
		q.Set("response_type", "code")
	}
	return c.base + userpool.LogoutPath + "?" + q.Encode()
}
