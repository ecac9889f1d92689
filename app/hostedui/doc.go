// Package hostedui signs users in through a user pool's hosted UI (managed
// login) with the OAuth 2.0 authorization code flow and PKCE S256, built on
// golang.org/x/oauth2.
//
// Start stores the in-flight request (state, PKCE verifier, nonce) in a
// storage.Store — sessionStorage in the browser — and returns the
// /oauth2/authorize URL to send the browser to. Callback takes the URL the
// hosted UI sent the browser back to: it compares the state in constant
// time, exchanges the code, verifies the ID token with app/token (nonce
// included) and hands the tokens to cognito.Client.AdoptTokens, so the
// session is stored and refreshed like any other. SignOut ends the session,
// revokes its refresh token and returns the /logout URL.
//
// Federation needs nothing per provider: StartOptions.Provider names one
// ("Google", "SignInWithApple", a SAML or OIDC provider's name) and the
// hosted UI sends the browser straight to it (identity_provider). The
// session is then the federated user's, named <Provider>_<id>, with the
// identities claim (userpool.ParseIdentities reads it).
//
// Two failure modes of other hosted-UI clients cannot happen here. A user
// who cancels or presses Back leaves at most a stale in-flight request,
// which blocks nothing: Start replaces it and it expires by itself. And a
// callback that carries a code and a state is never reported as
// "cancelled": it either completes or fails with an error that names what
// went wrong (ErrNoPendingSignIn, ErrStateMismatch, a *TokenError...). Only
// an error redirect from the hosted UI is a *RedirectError.
package hostedui
