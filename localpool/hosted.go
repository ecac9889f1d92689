package localpool

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"github.com/cognitowasm/cognitowasm/app/userpool"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The hosted UI (managed login): Cognito's OAuth 2.0 and OpenID Connect
// endpoints and the sign-in pages, served on the pool's own base URL and on
// http://<domain>.localhost:<port>. The pool is chosen by client_id (or by
// the access token at userInfo); on a domain host the client must belong to
// that domain's pool.

// hostedRoutes maps each hosted-UI path to its handler.
var hostedRoutes = map[string]hostedHandler{
	userpool.AuthorizePath:   {get: serveAuthorize},
	userpool.LoginPath:       {get: serveLoginPage, post: serveLoginPost, page: true},
	"/newPassword":           {post: serveNewPasswordPost, page: true},
	"/mfa":                   {post: serveMFAPost, page: true},
	"/signup":                {get: serveSignUpPage, post: serveSignUpPost, page: true},
	"/confirm":               {get: serveConfirmPage, post: serveConfirmPost, page: true},
	"/resendCode":            {post: serveResendCodePost, page: true},
	"/forgotPassword":        {get: serveForgotPage, post: serveForgotPost, page: true},
	"/confirmForgotPassword": {get: serveConfirmForgotPage, post: serveConfirmForgotPost, page: true},
	userpool.LogoutPath:      {get: serveLogout, page: true},
	userpool.TokenPath:       {post: serveToken, cors: true},
	userpool.UserInfoPath:    {get: serveUserInfo, post: serveUserInfo, cors: true},
	userpool.RevokePath:      {post: serveRevoke, cors: true},
}

type hostedHandler struct {
	get, post func(h *hostedCall)
	page      bool // an HTML page: no CORS, no framing
	cors      bool // called by apps with fetch
}

// hostedCall is one request to a hosted-UI endpoint.
type hostedCall struct {
	*call
	w http.ResponseWriter
	// hostPool is the pool of the domain in the Host header, or "" on the base URL.
	hostPool string
	// signedInVia is the SAML provider and NameID of the sign-in this call finishes.
	signedInVia struct{ provider, nameID string }
}

// serveHosted answers a hosted-UI path; it reports false for other paths.
func (s *Server) serveHosted(w http.ResponseWriter, r *http.Request) bool {
	route, ok := hostedRoutes[r.URL.Path]
	if !ok {
		return false
	}
	if route.cors {
		setCORS(w, r)
	}
	if route.page {
		hdr := w.Header()
		hdr.Set("X-Frame-Options", "DENY")
		hdr.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'")
		hdr.Set("Referrer-Policy", "no-referrer")
		hdr.Set("X-Content-Type-Options", "nosniff")
	}
	h := &hostedCall{call: &call{s: s, r: r, now: s.now()}, w: w, hostPool: s.hostPool(r.Host)}
	switch {
	case r.Method == http.MethodOptions && route.cors:
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodGet && route.get != nil:
		route.get(h)
	case r.Method == http.MethodPost && route.post != nil:
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		route.post(h)
	default:
		var allow []string
		if route.get != nil {
			allow = append(allow, http.MethodGet)
		}
		if route.post != nil {
			allow = append(allow, http.MethodPost)
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		http.Error(w, "Method not allowed.", http.StatusMethodNotAllowed)
	}
	return true
}

// hostPool returns the pool whose domain the Host header names:
// "<domain>.localhost[:port]" for a prefix domain, or a custom domain itself.
func (s *Server) hostPool(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(host)
	if prefix, ok := strings.CutSuffix(host, ".localhost"); ok && prefixDomainPattern.MatchString(prefix) {
		return s.domainPool(prefix)
	}
	if strings.Contains(host, ".") && customDomainPattern.MatchString(host) {
		return s.domainPool(host)
	}
	return ""
}

// hostedClient loads an app client for a hosted-UI request.
func (h *hostedCall) hostedClient(clientID string) (*authRequest, error) {
	if clientID == "" || len(clientID) > maxID {
		return nil, errResourceNotFound("client_id is missing or unknown.")
	}
	a, err := h.authClient(clientID, "", false)
	if err != nil {
		return nil, err
	}
	if h.hostPool != "" && a.pool.Id != h.hostPool {
		return nil, errResourceNotFound("The client does not belong to this domain's user pool.")
	}
	a.hosted = true
	return a, nil
}

// The parameters /oauth2/authorize takes; the pages carry them from one to
// the next in their URLs, as Cognito's do.
var authorizeParams = []string{"response_type", "client_id", "redirect_uri", "state", "scope", "code_challenge",
	"code_challenge_method", "nonce", "identity_provider", "idp_identifier", "prompt", "lang", "login_hint"}

// authorizeRequest is a checked /oauth2/authorize request.
type authorizeRequest struct {
	*authRequest
	responseType, redirectURI, state, nonce string
	challenge, provider, prompt, loginHint  string
	scopes                                  []string // granted
	query                                   url.Values
}

// oauthRedirectError is an error sent back to the app's redirect URI.
type oauthRedirectError struct {
	code, description string
}

func (e *oauthRedirectError) Error() string { return e.code + ": " + e.description }

// pageError is an error the hosted UI can only show: the client or the
// redirect URI is not valid, so nothing may be sent to it.
type pageError struct {
	status  int
	message string
}

func (e *pageError) Error() string { return e.message }

// parseAuthorize checks the authorize parameters of a request, in
// Cognito's order: client and redirect URI first (an error page), then the
// rest (error redirects to the app).
func (h *hostedCall) parseAuthorize(q url.Values) (*authorizeRequest, error) {
	for _, name := range authorizeParams {
		if len(q[name]) > 1 || len(q.Get(name)) > maxValue {
			return nil, &pageError{http.StatusBadRequest, "The parameter " + name + " is repeated or too long."}
		}
	}
	a, err := h.hostedClient(q.Get("client_id"))
	if err != nil {
		return nil, &pageError{http.StatusBadRequest, "The app client in this link is unknown. Go back to the app and start again."}
	}
	ar := &authorizeRequest{authRequest: a, query: url.Values{}}
	for _, name := range authorizeParams {
		if v := q.Get(name); v != "" {
			ar.query.Set(name, v)
		}
	}
	ar.redirectURI = q.Get("redirect_uri")
	if ar.redirectURI == "" {
		ar.redirectURI = a.client.DefaultRedirectURI
		ar.query.Set("redirect_uri", ar.redirectURI)
	}
	if ar.redirectURI == "" || !callbackAllowed(a.client.CallbackURLs, ar.redirectURI) {
		return nil, &pageError{http.StatusBadRequest, "redirect_mismatch: the redirect URI is not registered with the app client. Check the app's callback URL."}
	}
	ar.state, ar.nonce, ar.loginHint = q.Get("state"), q.Get("nonce"), q.Get("login_hint")
	ar.responseType = q.Get("response_type")
	flow := map[string]string{"code": "code", "token": "implicit"}[ar.responseType]
	switch {
	case ar.responseType == "":
		return ar, &oauthRedirectError{userpool.OAuthInvalidRequest, "response_type is required"}
	case flow == "":
		return ar, &oauthRedirectError{userpool.OAuthUnsupportedResponseType, "response_type must be code or token"}
	case !a.client.oauthEnabled(flow):
		return ar, &oauthRedirectError{userpool.OAuthUnauthorizedClient, "The client is not allowed the " + flow + " flow"}
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	switch {
	case method != "" && method != "S256":
		return ar, &oauthRedirectError{userpool.OAuthInvalidRequest, "code_challenge_method must be S256"}
	case (method == "") != (challenge == ""):
		return ar, &oauthRedirectError{userpool.OAuthInvalidRequest, "code_challenge and code_challenge_method go together"}
	case challenge != "" && !pkcePattern(challenge, 43, 43):
		return ar, &oauthRedirectError{userpool.OAuthInvalidRequest, "code_challenge must be BASE64URL(SHA256(code_verifier)) without padding"}
	case challenge != "" && flow != "code":
		return ar, &oauthRedirectError{userpool.OAuthInvalidRequest, "PKCE applies to the code flow only"}
	}
	ar.challenge = challenge
	if ar.scopes, err = grantScopes(a.pool, a.client, q.Get("scope")); err != nil {
		return ar, err
	}
	ar.prompt = q.Get("prompt")
	if ar.prompt != "" && !slices.Contains([]string{"none", "login", "consent", "select_account"}, ar.prompt) {
		return ar, &oauthRedirectError{userpool.OAuthInvalidRequest, "prompt must be none, login, consent or select_account"}
	}
	ar.provider = q.Get("identity_provider")
	if id := q.Get("idp_identifier"); ar.provider == "" && id != "" {
		i := a.pool.providerByIdentifier(id)
		if i < 0 {
			return ar, &oauthRedirectError{userpool.OAuthInvalidRequest, "No identity provider has the identifier " + id}
		}
		ar.provider = a.pool.IdentityProviders[i].ProviderName
	}
	if ar.provider == "" {
		ar.provider = providerCognito
	}
	if !a.client.supportsProvider(ar.provider) {
		return ar, &oauthRedirectError{userpool.OAuthInvalidRequest, "The identity provider " + ar.provider + " is not enabled for the client"}
	}
	return ar, nil
}

// providerCognito is the pool's own users, signed in by the login page.
const providerCognito = userpool.ProviderCognito

// pkcePattern reports whether s is a PKCE verifier or challenge: unreserved
// characters only, of a length within [min, max] (RFC 7636 §4.1, §4.2).
func pkcePattern(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~", r)) {
			return false
		}
	}
	return true
}

// grantScopes is the requested ∩ allowed scope set; with none requested,
// every scope the client allows. An unknown scope is invalid_scope; a known
// one the client may not use is ignored, as Cognito does.
func grantScopes(pool *poolRecord, client *userPoolClient, requested string) ([]string, error) {
	fields := strings.Fields(requested)
	if len(fields) > maxListItems {
		return nil, &oauthRedirectError{userpool.OAuthInvalidScope, "Too many scopes"}
	}
	if len(fields) == 0 {
		fields = client.AllowedOAuthScopes
	}
	custom := pool.customScopes()
	var granted []string
	for _, s := range fields {
		if !slices.Contains(systemScopes, s) && !slices.Contains(custom, s) {
			return nil, &oauthRedirectError{userpool.OAuthInvalidScope, "Invalid scope requested: " + truncate(s, 256)}
		}
		if slices.Contains(client.AllowedOAuthScopes, s) && !slices.Contains(granted, s) {
			granted = append(granted, s)
		}
	}
	// UNSURE (reference §2.2): email, phone and profile need openid; without
	// it the request is refused rather than silently narrowed.
	if !slices.Contains(granted, "openid") && slices.ContainsFunc(granted, func(s string) bool {
		return s == "email" || s == "phone" || s == "profile"
	}) {
		return nil, &oauthRedirectError{userpool.OAuthInvalidScope, "The email, phone and profile scopes need openid"}
	}
	if len(granted) == 0 {
		return nil, &oauthRedirectError{userpool.OAuthInvalidScope, "None of the requested scopes is allowed for the client"}
	}
	return granted, nil
}

// redirectTo sends the browser to the app's redirect URI with params, in
// the query (code flow and errors) or the fragment (implicit flow).
func (h *hostedCall) redirectTo(target string, params url.Values, fragment bool) {
	u, err := url.Parse(target)
	if err != nil {
		h.errorPage(&pageError{http.StatusBadRequest, "The redirect URI is not a URL."})
		return
	}
	if fragment {
		u.Fragment, u.RawFragment = "", ""
		target = u.String() + "#" + params.Encode()
	} else {
		q := u.Query()
		for k, vs := range params {
			q[k] = vs
		}
		u.RawQuery = q.Encode()
		target = u.String()
	}
	http.Redirect(h.w, h.r, target, http.StatusFound)
}

// fail answers an authorize error: a redirect to the app when its redirect
// URI is known good, else an error page.
func (h *hostedCall) fail(ar *authorizeRequest, err error) {
	var re *oauthRedirectError
	if errors.As(err, &re) && ar != nil {
		params := url.Values{"error": {re.code}, "error_description": {re.description}}
		if ar.state != "" {
			params.Set("state", ar.state)
		}
		h.redirectTo(ar.redirectURI, params, ar.responseType == "token")
		return
	}
	var pe *pageError
	if !errors.As(err, &pe) {
		h.s.log.Error("hosted UI failed", "path", h.r.URL.Path, "err", err)
		pe = &pageError{http.StatusInternalServerError, "Something went wrong on the sign-in server. Try again."}
	}
	h.errorPage(pe)
}

// serveAuthorize is GET /oauth2/authorize: a signed-in browser goes straight
// back to the app, others to the login page (or, with federation, an IdP).
func serveAuthorize(h *hostedCall) {
	ar, err := h.parseAuthorize(h.r.URL.Query())
	if err != nil {
		h.fail(ar, err)
		return
	}
	if h.answeredBySession(ar) {
		return
	}
	if ar.provider != providerCognito {
		h.startFederation(ar)
		return
	}
	// prompt=login travels on, so /login shows the form despite a session.
	http.Redirect(h.w, h.r, "/login?"+ar.query.Encode(), http.StatusFound)
}

// answeredBySession returns to the app without the form when the browser
// has a session (unless prompt=login), and with login_required when it has
// none and prompt=none; it reports whether it answered.
func (h *hostedCall) answeredBySession(ar *authorizeRequest) bool {
	if ar.prompt != "login" {
		if user, authTime := h.currentSession(ar.pool); user != nil {
			h.completeAuthorize(ar, user, authTime)
			return true
		}
	}
	if ar.prompt == "none" {
		h.fail(ar, &oauthRedirectError{userpool.OAuthLoginRequired, "The user is not signed in"})
		return true
	}
	return false
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// completeAuthorize finishes a sign-in: an authorization code in the query,
// or (implicit flow) the tokens in the fragment.
func (h *hostedCall) completeAuthorize(ar *authorizeRequest, user *userRecord, authTime time.Time) {
	params := url.Values{}
	if ar.state != "" {
		params.Set("state", ar.state)
	}
	if ar.responseType == "token" {
		res, err := h.startSession(ar.pool, ar.client, user, sessionOptions{AuthTime: authTime, Scopes: ar.scopes, Nonce: ar.nonce})
		if err != nil {
			h.fail(ar, err)
			return
		}
		if slices.Contains(ar.scopes, "openid") {
			params.Set("id_token", res.IdToken)
		}
		params.Set("access_token", res.AccessToken)
		params.Set("token_type", "Bearer")
		params.Set("expires_in", strconv.Itoa(res.ExpiresIn))
		h.redirectTo(ar.redirectURI, params, true)
		return
	}
	code, err := h.s.issueCode(&authCode{
		PoolID: ar.pool.Id, ClientID: ar.client.ClientId, RedirectURI: ar.redirectURI, Scopes: ar.scopes, Nonce: ar.nonce,
		Challenge: ar.challenge, Username: user.Username, AuthTime: authTime, Expires: h.now.Add(codeValidity),
	}, h.now)
	if err != nil {
		h.fail(ar, err)
		return
	}
	params.Set("code", code)
	h.redirectTo(ar.redirectURI, params, false)
}

// The hosted-UI session: a cookie, sealed with the pool's key, that lets a
// later authorize skip the form for an hour.
const (
	hostedSessionValidity = time.Hour
	hostedSessionPurpose  = "hosted-ui-session"
	csrfCookie            = "XSRF-TOKEN"
	csrfField             = "_csrf"
)

type hostedSession struct {
	ID       string    `json:"id"`
	Username string    `json:"u"`
	AuthTime time.Time `json:"at"`
	Expires  time.Time `json:"exp"`
	// Provider and NameID name the SAML provider and subject a federated
	// sign-in came through, for its sign-out (IDPSignout).
	Provider string `json:"p,omitempty"`
	NameID   string `json:"nid,omitempty"`
}

// sessionCookieName is per pool, as pools share the base URL.
func sessionCookieName(poolID string) string { return "cognito_" + poolID }

// setSession starts a hosted-UI session for user.
func (h *hostedCall) setSession(pool *poolRecord, user *userRecord) (time.Time, error) {
	keys, err := h.s.poolKeys(pool)
	if err != nil {
		return time.Time{}, err
	}
	sess := hostedSession{ID: rand.Text(), Username: user.Username, AuthTime: h.now, Expires: h.now.Add(hostedSessionValidity),
		Provider: h.signedInVia.provider, NameID: h.signedInVia.nameID}
	sealed, err := keys.seal(hostedSessionPurpose, sess)
	if err != nil {
		return time.Time{}, err
	}
	http.SetCookie(h.w, &http.Cookie{Name: sessionCookieName(pool.Id), Value: sealed, Path: "/", MaxAge: int(hostedSessionValidity / time.Second),
		Expires: sess.Expires, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: h.r.TLS != nil})
	return h.now, nil
}

// session is the valid session of the browser's session cookie.
func (h *hostedCall) session(pool *poolRecord) (hostedSession, bool) {
	var sess hostedSession
	cookie, err := h.r.Cookie(sessionCookieName(pool.Id))
	if err != nil || len(cookie.Value) > maxToken {
		return sess, false
	}
	keys, err := h.s.poolKeys(pool)
	if err != nil {
		return sess, false
	}
	ok := keys.open(hostedSessionPurpose, cookie.Value, &sess) && h.now.Before(sess.Expires) && !h.s.sessionEnded(sess.ID)
	return sess, ok
}

// currentSession returns the signed-in user of a valid session cookie.
func (h *hostedCall) currentSession(pool *poolRecord) (*userRecord, time.Time) {
	sess, ok := h.session(pool)
	if !ok {
		return nil, time.Time{}
	}
	var user *userRecord
	_ = h.s.view(pool.Id, func(p *poolTx) error {
		u, err := p.user(sess.Username)
		if err == nil {
			if newPassword, err := h.signInState(u); err == nil && !newPassword {
				user = u
			}
		}
		return nil
	})
	return user, sess.AuthTime
}

// endSession clears the session cookie and refuses its value from now on.
func (h *hostedCall) endSession(pool *poolRecord) {
	if sess, ok := h.session(pool); ok {
		h.s.endHostedSession(sess.ID, sess.Expires, h.now)
	}
	http.SetCookie(h.w, &http.Cookie{Name: sessionCookieName(pool.Id), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: h.r.TLS != nil})
}

// csrfToken returns the browser's CSRF token, setting a new one if it has none.
func (h *hostedCall) csrfToken() string {
	if c, err := h.r.Cookie(csrfCookie); err == nil && validCSRF(c.Value) {
		return c.Value
	}
	buf := make([]byte, 32)
	_, _ = rand.Read(buf)
	token := base64.RawURLEncoding.EncodeToString(buf)
	http.SetCookie(h.w, &http.Cookie{Name: csrfCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: h.r.TLS != nil})
	return token
}

func validCSRF(v string) bool {
	raw, err := base64.RawURLEncoding.DecodeString(v)
	return err == nil && len(raw) == 32
}

// checkCSRF compares the form's token with the cookie's, in constant time.
func (h *hostedCall) checkCSRF() bool {
	c, err := h.r.Cookie(csrfCookie)
	given := h.r.PostFormValue(csrfField)
	return err == nil && validCSRF(c.Value) && subtle.ConstantTimeCompare([]byte(c.Value), []byte(given)) == 1
}
