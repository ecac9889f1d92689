package localpool

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"github.com/cognitowasm/cognitowasm/app/userpool"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// codeValidity is how long an authorization code may be redeemed, once.
const codeValidity = 5 * time.Minute

// authCode is an issued authorization code. Codes live in memory: they are
// valid for minutes, and a restart only makes the user sign in again.
type authCode struct {
	PoolID, ClientID, RedirectURI string
	Scopes                        []string
	Nonce, Challenge              string
	Username                      string
	AuthTime, Expires             time.Time
	// redeemed is set on first use; sessionID is the session it started, revoked
	// if the code is presented again (RFC 6749 §4.1.2).
	redeemed  bool
	sessionID string
}

// issueCode stores a new code and returns it.
func (s *Server) issueCode(ac *authCode, now time.Time) (string, error) {
	code := uuid.NewString()
	key := sha256.Sum256([]byte(code))
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.codes) >= s.pruneCodes {
		maps.DeleteFunc(s.codes, func(_ [sha256.Size]byte, c *authCode) bool { return !now.Before(c.Expires) })
		s.pruneCodes = 2*len(s.codes) + 1024
	}
	s.codes[key] = ac
	return code, nil
}

// redeemCode marks a code used and returns it; a second use returns it with
// redeemed already set.
func (s *Server) redeemCode(code string) (ac authCode, found bool) {
	key := sha256.Sum256([]byte(code))
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.codes[key]
	if !ok {
		return authCode{}, false
	}
	ac = *c
	c.redeemed = true
	return ac, true
}

func (s *Server) codeSession(code, sessionID string) {
	key := sha256.Sum256([]byte(code))
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.codes[key]; ok {
		c.sessionID = sessionID
	}
}

// sessionEnded reports whether /logout ended the hosted-UI session id.
func (s *Server) sessionEnded(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ended := s.endedSessions[id]
	return ended
}

func (s *Server) endHostedSession(id string, until, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	maps.DeleteFunc(s.endedSessions, func(_ string, t time.Time) bool { return !now.Before(t) })
	s.endedSessions[id] = until
}

// oauthError is an error of the token and revocation endpoints.
type oauthError struct {
	status      int
	code        string
	description string
}

func (e *oauthError) Error() string { return e.code + ": " + e.description }

func errOAuth(code, description string) *oauthError {
	return &oauthError{status: http.StatusBadRequest, code: code, description: description}
}

func (h *hostedCall) writeOAuthError(err error) {
	var oe *oauthError
	if !errors.As(err, &oe) {
		var e *Error
		if errors.As(err, &e) {
			oe = errOAuth(userpool.OAuthInvalidRequest, e.Message)
		} else {
			h.s.log.Error("oauth endpoint failed", "path", h.r.URL.Path, "err", err)
			oe = &oauthError{status: http.StatusInternalServerError, code: userpool.OAuthServerError, description: "internal error"}
		}
	}
	h.w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	h.w.Header().Set("Cache-Control", "no-store")
	if oe.status == http.StatusUnauthorized {
		h.w.Header().Set("WWW-Authenticate", `Basic realm="cognito"`)
	}
	body := map[string]string{"error": oe.code}
	if oe.description != "" {
		body["error_description"] = oe.description
	}
	writeJSON(h.w, oe.status, body)
}

// oauthForm parses a form-encoded POST. Its values may also come in the query:
// the tutorial's Python script sends the token request's parameters there.
func (h *hostedCall) oauthForm() (url.Values, error) {
	mt, _, _ := mime.ParseMediaType(h.r.Header.Get("Content-Type"))
	if mt != "application/x-www-form-urlencoded" {
		return nil, errOAuth(userpool.OAuthInvalidRequest, "Content-Type must be application/x-www-form-urlencoded")
	}
	if err := h.r.ParseForm(); err != nil {
		return nil, errOAuth(userpool.OAuthInvalidRequest, "The request body is not a valid form")
	}
	for k, vs := range h.r.Form {
		if len(vs) > 1 {
			return nil, errOAuth(userpool.OAuthInvalidRequest, "The parameter "+truncate(k, 40)+" is repeated")
		}
		if len(vs[0]) > maxToken {
			return nil, errOAuth(userpool.OAuthInvalidRequest, "The parameter "+truncate(k, 40)+" is too long")
		}
	}
	return h.r.Form, nil
}

// oauthClient authenticates the client of a token or revocation request:
// HTTP Basic, client_secret in the body, or (public clients) client_id alone.
func (h *hostedCall) oauthClient(form url.Values) (*authRequest, error) {
	clientID, secret := form.Get("client_id"), form.Get("client_secret")
	basicID, basicSecret, basic := h.r.BasicAuth()
	if basic {
		id, err1 := url.QueryUnescape(basicID)
		sec, err2 := url.QueryUnescape(basicSecret)
		if err1 != nil || err2 != nil || (clientID != "" && clientID != id) || secret != "" {
			return nil, &oauthError{status: http.StatusBadRequest, code: userpool.OAuthInvalidRequest, description: "Use one client authentication method"}
		}
		clientID, secret = id, sec
	}
	// Cognito answers 400 at the token endpoint even for a Basic header
	// (reference §2.4); /oauth2/revoke makes it 401.
	invalid := &oauthError{status: http.StatusBadRequest, code: userpool.OAuthInvalidClient, description: "Client authentication failed"}
	if clientID == "" {
		return nil, invalid
	}
	a, err := h.hostedClient(clientID)
	if err != nil {
		return nil, invalid
	}
	if a.client.ClientSecret != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(a.client.ClientSecret)) != 1 {
		return nil, invalid
	}
	if a.client.ClientSecret == "" && secret != "" {
		return nil, invalid
	}
	return a, nil
}

// tokenResponse is the JSON of a successful /oauth2/token.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	IDToken      string `json:"id_token,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
}

// serveToken is POST /oauth2/token.
func serveToken(h *hostedCall) {
	out, err := h.token()
	if err != nil {
		h.writeOAuthError(err)
		return
	}
	h.w.Header().Set("Cache-Control", "no-store")
	h.w.Header().Set("Pragma", "no-cache")
	h.w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	writeJSON(h.w, http.StatusOK, out)
}

func (h *hostedCall) token() (*tokenResponse, error) {
	form, err := h.oauthForm()
	if err != nil {
		return nil, err
	}
	grant := form.Get("grant_type")
	if grant == "" {
		return nil, errOAuth(userpool.OAuthInvalidRequest, "grant_type is required")
	}
	if !slices.Contains([]string{"authorization_code", "refresh_token", "client_credentials"}, grant) {
		return nil, errOAuth(userpool.OAuthUnsupportedGrantType, "grant_type must be authorization_code, refresh_token or client_credentials")
	}
	a, err := h.oauthClient(form)
	if err != nil {
		return nil, err
	}
	switch grant {
	case "authorization_code":
		return h.codeGrant(a, form)
	case "refresh_token":
		return h.refreshGrant(a, form)
	}
	return h.clientCredentialsGrant(a, form)
}

func (h *hostedCall) codeGrant(a *authRequest, form url.Values) (*tokenResponse, error) {
	code, redirectURI, verifier := form.Get("code"), form.Get("redirect_uri"), form.Get("code_verifier")
	if code == "" {
		return nil, errOAuth(userpool.OAuthInvalidRequest, "code is required")
	}
	if redirectURI == "" {
		return nil, errOAuth(userpool.OAuthInvalidRequest, "redirect_uri is required")
	}
	if !a.client.oauthEnabled("code") {
		return nil, errOAuth(userpool.OAuthUnauthorizedClient, "The client is not allowed the code flow")
	}
	ac, found := h.s.redeemCode(code)
	invalid := errOAuth(userpool.OAuthInvalidGrant, "The code is unknown, expired or already used")
	switch {
	case !found || ac.ClientID != a.client.ClientId || ac.PoolID != a.pool.Id:
		return nil, invalid
	case ac.redeemed:
		// A code presented twice may have been stolen: end what it started.
		if ac.sessionID != "" {
			_ = h.s.update(ac.PoolID, func(p *poolTx) error {
				if sess, err := p.session(ac.sessionID); err == nil {
					sess.Revoked = true
					return p.putSession(sess)
				}
				return nil
			})
		}
		return nil, invalid
	case !h.now.Before(ac.Expires):
		return nil, invalid
	case subtle.ConstantTimeCompare([]byte(redirectURI), []byte(ac.RedirectURI)) != 1:
		return nil, errOAuth(userpool.OAuthInvalidGrant, "redirect_uri does not match the one of the authorization request")
	}
	if ac.Challenge != "" {
		if !pkcePattern(verifier, 43, 128) {
			return nil, errOAuth(userpool.OAuthInvalidGrant, "code_verifier is missing or malformed")
		}
		sum := sha256.Sum256([]byte(verifier))
		if subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(ac.Challenge)) != 1 {
			return nil, errOAuth(userpool.OAuthInvalidGrant, "code_verifier does not match the code_challenge")
		}
	}
	var user *userRecord
	err := h.s.view(a.pool.Id, func(p *poolTx) error {
		u, err := p.user(ac.Username)
		if err != nil {
			return invalid
		}
		if !u.Enabled {
			return errOAuth(userpool.OAuthInvalidGrant, "User is disabled.")
		}
		user = u
		return nil
	})
	if err != nil {
		return nil, err
	}
	res, err := h.startSession(a.pool, a.client, user, sessionOptions{AuthTime: ac.AuthTime, Scopes: ac.Scopes, Nonce: ac.Nonce})
	if err != nil {
		return nil, err
	}
	if _, sessionID, _, ok := parseRefreshToken(res.RefreshToken); ok {
		h.s.codeSession(code, sessionID)
	}
	return oauthTokens(res, ac.Scopes), nil
}

// oauthTokens is an SDK result as /oauth2/token answers it: no ID token without openid.
func oauthTokens(res *authenticationResult, scopes []string) *tokenResponse {
	out := &tokenResponse{AccessToken: res.AccessToken, RefreshToken: res.RefreshToken, TokenType: "Bearer", ExpiresIn: res.ExpiresIn}
	if slices.Contains(scopes, "openid") {
		out.IDToken = res.IdToken
	}
	return out
}

func (h *hostedCall) refreshGrant(a *authRequest, form url.Values) (*tokenResponse, error) {
	token := form.Get("refresh_token")
	if token == "" {
		return nil, errOAuth(userpool.OAuthInvalidRequest, "refresh_token is required")
	}
	if !a.client.refreshesOutsideInitiateAuth() {
		return nil, errOAuth(userpool.OAuthUnauthorizedClient, "The client is not allowed to refresh tokens")
	}
	res, err := h.refresh(a, token, "", "", true)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			return nil, errOAuth(userpool.OAuthInvalidGrant, e.Message)
		}
		return nil, err
	}
	// The session's scopes decide the ID token, as at the first exchange.
	var scopes []string
	if _, sessionID, _, ok := parseRefreshToken(token); ok {
		_ = h.s.view(a.pool.Id, func(p *poolTx) error {
			if sess, err := p.session(sessionID); err == nil {
				scopes = sess.Scopes
			}
			return nil
		})
	}
	if len(scopes) == 0 {
		scopes = []string{"openid"} // an API sign-in's refresh token keeps its ID token
	}
	return oauthTokens(res, scopes), nil
}

// clientCredentialsGrant issues a machine-to-machine access token with the
// client's custom scopes: no user, no refresh token, no ID token.
func (h *hostedCall) clientCredentialsGrant(a *authRequest, form url.Values) (*tokenResponse, error) {
	if !a.client.oauthEnabled("client_credentials") || a.client.ClientSecret == "" {
		return nil, errOAuth(userpool.OAuthUnauthorizedClient, "The client is not allowed the client_credentials flow")
	}
	custom := slices.DeleteFunc(slices.Clone(a.client.AllowedOAuthScopes), func(s string) bool { return slices.Contains(systemScopes, s) })
	scopes := custom
	if requested := strings.Fields(form.Get("scope")); len(requested) > 0 {
		scopes = nil
		for _, s := range requested {
			if !slices.Contains(custom, s) {
				return nil, errOAuth(userpool.OAuthInvalidScope, "The client may not request the scope "+truncate(s, 256))
			}
			if !slices.Contains(scopes, s) {
				scopes = append(scopes, s)
			}
		}
	}
	if len(scopes) == 0 {
		return nil, errOAuth(userpool.OAuthInvalidScope, "The client has no custom scopes")
	}
	keys, err := h.s.poolKeys(a.pool)
	if err != nil {
		return nil, err
	}
	ttl := a.client.accessValidity()
	// UNSURE (reference §2.9): sub is the client ID, as there is no user.
	access, err := keys.sign(jwt.MapClaims{
		"sub": a.client.ClientId, "client_id": a.client.ClientId, "token_use": "access", "scope": strings.Join(scopes, " "),
		"auth_time": h.now.Unix(), "iss": h.issuer(a.pool.Id), "exp": h.now.Add(ttl).Unix(), "iat": h.now.Unix(),
		"jti": uuid.NewString(), "version": 2,
	})
	if err != nil {
		return nil, err
	}
	return &tokenResponse{AccessToken: access, TokenType: "Bearer", ExpiresIn: int(ttl / time.Second)}, nil
}

// serveRevoke is POST /oauth2/revoke.
func serveRevoke(h *hostedCall) {
	err := h.revoke()
	if err != nil {
		h.writeOAuthError(err)
		return
	}
	h.w.Header().Set("Cache-Control", "no-store")
	h.w.WriteHeader(http.StatusOK)
}

func (h *hostedCall) revoke() error {
	form, err := h.oauthForm()
	if err != nil {
		return err
	}
	a, err := h.oauthClient(form)
	if err != nil {
		var oe *oauthError
		if errors.As(err, &oe) && oe.code == userpool.OAuthInvalidClient {
			oe.status = http.StatusUnauthorized
		}
		return err
	}
	token := form.Get("token")
	if token == "" {
		return errOAuth(userpool.OAuthInvalidRequest, "token is required")
	}
	switch err := h.revokeRefresh(a, token); {
	case isAPIError(err, userpool.UnsupportedOperationException):
		return errOAuth(userpool.OAuthInvalidRequest, "Token revocation is not enabled for this client")
	case isAPIError(err, userpool.UnsupportedTokenTypeException):
		return errOAuth(userpool.OAuthUnsupportedTokenType, "Only refresh tokens can be revoked")
	case isAPIError(err, userpool.NotAuthorizedException):
		return nil // an invalid or foreign token answers 200, as Cognito does
	default:
		return err
	}
}

// serveUserInfo is GET/POST /oauth2/userInfo: the user's claims, by the
// access token's scopes. Errors travel in WWW-Authenticate.
func serveUserInfo(h *hostedCall) {
	auth := h.r.Header.Get("Authorization")
	raw, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || raw == "" || len(raw) > maxToken {
		h.w.Header().Set("WWW-Authenticate", `Bearer error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"`)
		h.w.WriteHeader(http.StatusBadRequest)
		return
	}
	principal, err := h.authenticateScope(raw, "openid")
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			h.s.log.Error("userInfo failed", "err", err)
			h.w.WriteHeader(http.StatusInternalServerError)
			return
		}
		h.w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="Access token is expired, disabled, or deleted, or the user has globally signed out."`)
		h.w.WriteHeader(http.StatusUnauthorized)
		return
	}
	h.w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	h.w.Header().Set("Cache-Control", "no-store")
	raw2, _ := json.Marshal(userInfoClaims(principal))
	h.w.WriteHeader(http.StatusOK)
	_, _ = h.w.Write(raw2)
}

// Claims each scope adds to userInfo (reference §2.5).
var (
	profileClaims = []string{"name", "family_name", "given_name", "middle_name", "nickname", "preferred_username", "profile",
		"picture", "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at"}
	emailClaims = []string{"email", "email_verified"}
	phoneClaims = []string{"phone_number", "phone_number_verified"}
)

// userInfoClaims answers userInfo: with openid alone, every attribute;
// with profile, email or phone, the claims of those scopes.
// UNSURE (reference §10.3): the _verified claims are JSON booleans, as in
// the ID token and the OpenID Connect spec.
func userInfoClaims(p *accessPrincipal) map[string]any {
	narrowed := slices.ContainsFunc(p.scopes, func(s string) bool { return s == "profile" || s == "email" || s == "phone" })
	want := func(name string) bool {
		if !narrowed {
			return true
		}
		return (slices.Contains(p.scopes, "profile") && (slices.Contains(profileClaims, name) || strings.HasPrefix(name, "custom:"))) ||
			(slices.Contains(p.scopes, "email") && slices.Contains(emailClaims, name)) ||
			(slices.Contains(p.scopes, "phone") && slices.Contains(phoneClaims, name))
	}
	out := map[string]any{"sub": p.user.sub(), "username": p.user.Username}
	for _, a := range p.user.Attributes {
		switch {
		case a.Name == "sub" || !want(a.Name):
		case a.Name == "email_verified" || a.Name == "phone_number_verified":
			out[a.Name] = a.Value == "true"
		default:
			out[a.Name] = a.Value
		}
	}
	return out
}

// serveLogout is GET /logout: it ends the hosted-UI session, then sends the
// browser to logout_uri, or to the login page with redirect_uri.
func serveLogout(h *hostedCall) {
	q := h.r.URL.Query()
	a, err := h.hostedClient(q.Get("client_id"))
	if err != nil {
		h.errorPage(&pageError{http.StatusBadRequest, "The app client in this link is unknown. Go back to the app."})
		return
	}
	if logoutURI := q.Get("logout_uri"); logoutURI != "" {
		if !slices.Contains(a.client.LogoutURLs, logoutURI) {
			h.errorPage(&pageError{http.StatusBadRequest, "The sign-out URL is not registered with the app client. Check the app's sign-out URL."})
			return
		}
		if h.startSAMLSignOut(a.pool, logoutURI) {
			return
		}
		h.endSession(a.pool)
		http.Redirect(h.w, h.r, logoutURI, http.StatusFound)
		return
	}
	if q.Get("redirect_uri") == "" {
		h.errorPage(&pageError{http.StatusBadRequest, "The sign-out link needs logout_uri or redirect_uri. Go back to the app."})
		return
	}
	ar, err := h.parseAuthorize(q)
	if err != nil {
		h.fail(ar, err)
		return
	}
	if h.startSAMLSignOut(a.pool, "/login?"+ar.query.Encode()) {
		return
	}
	h.endSession(a.pool)
	http.Redirect(h.w, h.r, "/login?"+ar.query.Encode(), http.StatusFound)
}

// oauthEndpoints are the discovery document's entries for a pool with a domain.
func oauthEndpoints(base string) map[string]any {
	return map[string]any{
		"authorization_endpoint": base + userpool.AuthorizePath,
		"token_endpoint":         base + userpool.TokenPath,
		"userinfo_endpoint":      base + userpool.UserInfoPath,
	}
}
