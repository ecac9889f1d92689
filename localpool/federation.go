package localpool

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// Federation through the hosted UI: /oauth2/authorize with
// identity_provider or idp_identifier sends the browser to the provider;
// the provider comes back to /oauth2/idpresponse (OAuth 2.0 and OpenID
// Connect) or /saml2/idpresponse (SAML), which signs the user in as
// <ProviderName>_<id> and finishes the app's authorize request.

const (
	idpResponsePath  = "/oauth2/idpresponse"
	idpStatePurpose  = "idp-state"
	idpStateValidity = 10 * time.Minute
	// statusExternal is the status of users created by a federated sign-in.
	statusExternal = "EXTERNAL_PROVIDER"
	// idpTimeout bounds each call to a provider's token, keys or profile endpoint.
	idpTimeout = 10 * time.Second
)

func init() {
	hostedRoutes[idpResponsePath] = hostedHandler{get: serveIdpResponse, post: serveIdpResponse, page: true}
}

// idpState is what the pool needs when the provider sends the browser back:
// sealed into the state parameter it gives the provider (or RelayState).
type idpState struct {
	ID       string     `json:"id"`
	Query    url.Values `json:"q"` // the app's authorize parameters
	Provider string     `json:"p"`
	Nonce    string     `json:"n,omitempty"`
	Verifier string     `json:"v,omitempty"`
	Expires  time.Time  `json:"exp"`
}

// idpHTTPClient calls identity providers as Cognito does: with its
// User-Agent, a timeout and at most 20 redirects (reference §2.1).
func idpHTTPClient() *http.Client {
	return &http.Client{
		Timeout:   idpTimeout,
		Transport: userAgentTransport{http.DefaultTransport},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 20 {
				return errors.New("stopped after 20 redirects")
			}
			return nil
		},
	}
}

type userAgentTransport struct{ next http.RoundTripper }

func (t userAgentTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("User-Agent", "Amazon/Cognito")
	return t.next.RoundTrip(r)
}

// idpContext carries the provider HTTP client for oauth2 and go-oidc.
func (s *Server) idpContext(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(parent, 3*idpTimeout)
	return oidc.ClientContext(ctx, s.idp), cancel
}

// deriveProviderDetails completes the caller's ProviderDetails with the
// derived keys Describe shows: the social defaults, the endpoints an OIDC
// issuer's discovery document names, and what SAML metadata says.
func (s *Server) deriveProviderDetails(ctx context.Context, providerType string, given map[string]string) (map[string]string, error) {
	details := socialDefaults(providerType, given)
	if details == nil {
		details = map[string]string{}
	}
	for k, v := range given {
		details[k] = v
	}
	switch providerType {
	case typeOIDC:
		if details["authorize_url"] == "" || details["token_url"] == "" || details["jwks_uri"] == "" {
			if err := s.discoverOIDC(ctx, details); err != nil {
				return nil, errInvalidParameter("Unable to contact the OIDC issuer %s: %s", truncate(details["oidc_issuer"], 200), truncate(err.Error(), 200))
			}
		}
	case typeSAML:
		return s.deriveSAMLDetails(ctx, details)
	}
	return details, nil
}

// discoverOIDC fills the endpoints the caller left out from the issuer's
// discovery document (go-oidc checks that it names the same issuer).
func (s *Server) discoverOIDC(parent context.Context, details map[string]string) error {
	ctx, cancel := s.idpContext(parent)
	defer cancel()
	provider, err := oidc.NewProvider(ctx, details["oidc_issuer"])
	if err != nil {
		return err
	}
	var doc struct {
		UserInfo string `json:"userinfo_endpoint"`
		JWKS     string `json:"jwks_uri"`
	}
	if err := provider.Claims(&doc); err != nil {
		return err
	}
	found := map[string]string{"authorize_url": provider.Endpoint().AuthURL, "token_url": provider.Endpoint().TokenURL,
		"attributes_url": doc.UserInfo, "jwks_uri": doc.JWKS}
	for k, v := range found {
		if details[k] != "" || v == "" {
			continue
		}
		if err := checkProviderURL(k, v); err != nil {
			return err
		}
		details[k] = v
	}
	return nil
}

// startFederation sends the browser to the provider with a sealed state.
func (h *hostedCall) startFederation(ar *authorizeRequest) {
	i := ar.pool.identityProvider(ar.provider)
	if i < 0 {
		h.fail(ar, &oauthRedirectError{userpool.OAuthInvalidRequest, "The identity provider " + ar.provider + " does not exist"})
		return
	}
	ip := ar.pool.IdentityProviders[i]
	st := idpState{ID: rand.Text(), Query: ar.query, Provider: ip.ProviderName, Expires: h.now.Add(idpStateValidity)}
	if ip.ProviderType == typeSAML {
		h.startSAML(ar, ip, st)
		return
	}
	conf, err := h.oauthConfig(ip)
	if err != nil {
		h.fail(ar, err)
		return
	}
	var opts []oauth2.AuthCodeOption
	switch ip.ProviderType {
	case typeOIDC, typeGoogle, typeApple:
		st.Nonce = rand.Text()
		opts = append(opts, oidc.Nonce(st.Nonce))
	}
	if ip.ProviderType == typeOIDC {
		st.Verifier = oauth2.GenerateVerifier()
		opts = append(opts, oauth2.S256ChallengeOption(st.Verifier))
	}
	if ip.ProviderType == typeApple {
		opts = append(opts, oauth2.SetAuthURLParam("response_mode", "form_post"))
	}
	state, err := h.sealIdpState(ar.pool, st)
	if err != nil {
		h.fail(ar, err)
		return
	}
	http.Redirect(h.w, h.r, conf.AuthCodeURL(state, opts...), http.StatusFound)
}

// sealIdpState is "<poolId>.<sealed state>": the provider's answer names no client.
func (h *hostedCall) sealIdpState(pool *poolRecord, st idpState) (string, error) {
	keys, err := h.s.poolKeys(pool)
	if err != nil {
		return "", err
	}
	sealed, err := keys.seal(idpStatePurpose, st)
	if err != nil {
		return "", err
	}
	return pool.Id + "." + sealed, nil
}

// openIdpState opens and spends a state: each can finish one sign-in.
func (h *hostedCall) openIdpState(raw string) (*idpState, error) {
	bad := &pageError{http.StatusBadRequest, "This sign-in link has expired or was already used. Go back to the app and sign in again."}
	poolID, sealed, ok := strings.Cut(raw, ".")
	if !ok || len(raw) > maxToken || !validPoolID(poolID) {
		return nil, bad
	}
	pool, err := h.loadPool(poolID)
	if err != nil {
		return nil, bad
	}
	keys, err := h.s.poolKeys(pool)
	if err != nil {
		return nil, err
	}
	var st idpState
	if !keys.open(idpStatePurpose, sealed, &st) || !h.now.Before(st.Expires) {
		return nil, bad
	}
	if !h.s.spendBlock([]byte("idp-state\x00"+st.ID), st.Expires, h.now) {
		return nil, bad
	}
	return &st, nil
}

// redirectURI is the pool's provider callback on the host the browser used.
func (h *hostedCall) redirectURI(path string) string { return h.s.issuerBase(h.r) + path }

// oauthConfig is the OAuth 2.0 client the pool is at a provider.
func (h *hostedCall) oauthConfig(ip identityProvider) (*oauth2.Config, error) {
	d := ip.ProviderDetails
	secret := d["client_secret"]
	if ip.ProviderType == typeApple {
		var err error
		if secret, err = appleClientSecret(d, h.now); err != nil {
			return nil, &oauthRedirectError{userpool.OAuthInvalidRequest, "SignInWithApple Error - the private key cannot sign the client secret"}
		}
	}
	return &oauth2.Config{
		ClientID: d["client_id"], ClientSecret: secret, RedirectURL: h.redirectURI(idpResponsePath),
		Scopes:   strings.FieldsFunc(d["authorize_scopes"], func(r rune) bool { return r == ' ' || r == ',' }),
		Endpoint: oauth2.Endpoint{AuthURL: d["authorize_url"], TokenURL: d["token_url"], AuthStyle: oauth2.AuthStyleInParams},
	}, nil
}

// serveIdpResponse is /oauth2/idpresponse, where OAuth and OIDC providers
// send the browser back (GET, or POST for Apple's form_post).
func serveIdpResponse(h *hostedCall) {
	if err := h.r.ParseForm(); err != nil {
		h.errorPage(&pageError{http.StatusBadRequest, "The answer from the identity provider could not be read."})
		return
	}
	form := h.r.Form
	st, err := h.openIdpState(form.Get("state"))
	if err != nil {
		h.fail(nil, err)
		return
	}
	ar, ip, ok := h.resumeAuthorize(st)
	if !ok {
		return
	}
	if e := form.Get("error"); e != "" {
		desc := ip.ProviderName + " Error - " + truncate(e, 100)
		if d := form.Get("error_description"); d != "" {
			desc += " " + truncate(d, 300)
		}
		h.fail(ar, &oauthRedirectError{userpool.OAuthInvalidRequest, desc})
		return
	}
	code := form.Get("code")
	if code == "" || len(code) > maxToken {
		h.fail(ar, &oauthRedirectError{userpool.OAuthInvalidRequest, ip.ProviderName + " Error - no authorization code"})
		return
	}
	ctx, cancel := h.s.idpContext(h.r.Context())
	defer cancel()
	profile, err := h.exchangeAtProvider(ctx, ip, st, code)
	if err != nil {
		h.fail(ar, err)
		return
	}
	h.finishFederation(ar, ip, profile)
}

// resumeAuthorize checks the app's authorize request again and finds the
// provider a state names; it answers the browser itself when it reports false.
func (h *hostedCall) resumeAuthorize(st *idpState) (*authorizeRequest, identityProvider, bool) {
	ar, err := h.parseAuthorize(st.Query)
	if err != nil {
		h.fail(ar, err)
		return nil, identityProvider{}, false
	}
	i := ar.pool.identityProvider(st.Provider)
	if i < 0 {
		h.fail(ar, &oauthRedirectError{userpool.OAuthInvalidRequest, "The identity provider " + st.Provider + " no longer exists"})
		return nil, identityProvider{}, false
	}
	return ar, ar.pool.IdentityProviders[i], true
}

// providerProfile is what a provider says about its user.
type providerProfile struct {
	userID string
	claims map[string]any
}

func idpError(ip identityProvider, format string, args ...any) error {
	return &oauthRedirectError{userpool.OAuthInvalidRequest, ip.ProviderName + " Error - " + fmt.Sprintf(format, args...)}
}

// exchangeAtProvider trades the code for tokens and reads the user's claims:
// from the verified ID token (OIDC, Google, Apple) and the attributes URL.
func (h *hostedCall) exchangeAtProvider(ctx context.Context, ip identityProvider, st *idpState, code string) (*providerProfile, error) {
	conf, err := h.oauthConfig(ip)
	if err != nil {
		return nil, err
	}
	token, err := h.exchangeCode(ctx, ip, conf, code, st.Verifier)
	if err != nil {
		return nil, err
	}
	claims := map[string]any{}
	switch ip.ProviderType {
	case typeOIDC, typeGoogle, typeApple:
		raw, _ := token.Extra("id_token").(string)
		if raw == "" {
			return nil, idpError(ip, "the token response has no id_token")
		}
		idToken, err := h.verifierFor(ctx, ip).Verify(ctx, raw)
		if err != nil {
			return nil, idpError(ip, "invalid id_token: %s", truncate(err.Error(), 200))
		}
		if idToken.Nonce != st.Nonce {
			return nil, idpError(ip, "the id_token nonce does not match")
		}
		if err := idToken.Claims(&claims); err != nil {
			return nil, idpError(ip, "unreadable id_token claims")
		}
	}
	if ip.ProviderType == typeApple {
		addAppleUser(claims, h.r.PostForm.Get("user"))
	}
	if err := h.readAttributes(ctx, ip, token, claims); err != nil {
		return nil, err
	}
	idClaim := subjectClaim(ip.ProviderType)
	userID := claimString(claims[idClaim])
	if userID == "" {
		return nil, idpError(ip, "the provider did not name its user (%s)", idClaim)
	}
	return &providerProfile{userID: userID, claims: claims}, nil
}

// verifierFor checks ID tokens of the provider: signature by its keys,
// issuer, audience = our client ID, expiry on the pool's clock.
func (h *hostedCall) verifierFor(ctx context.Context, ip identityProvider) *oidc.IDTokenVerifier {
	d := ip.ProviderDetails
	jwks := d["jwks_uri"]
	if jwks == "" {
		jwks = strings.TrimSuffix(d["oidc_issuer"], "/") + "/.well-known/jwks.json"
		if ip.ProviderType == typeGoogle && d["oidc_issuer"] == "https://accounts.google.com" {
			jwks = "https://www.googleapis.com/oauth2/v3/certs"
		} else if ip.ProviderType == typeApple && d["oidc_issuer"] == "https://appleid.apple.com" {
			jwks = "https://appleid.apple.com/auth/keys"
		}
	}
	now := h.now
	return oidc.NewVerifier(d["oidc_issuer"], oidc.NewRemoteKeySet(ctx, jwks), &oidc.Config{ClientID: d["client_id"], Now: func() time.Time { return now }})
}

// exchangeCode runs the token request, by GET for providers whose
// token_request_method is GET (Facebook's documented form).
func (h *hostedCall) exchangeCode(ctx context.Context, ip identityProvider, conf *oauth2.Config, code, verifier string) (*oauth2.Token, error) {
	if ip.ProviderDetails["token_request_method"] != "GET" {
		var opts []oauth2.AuthCodeOption
		if verifier != "" {
			opts = append(opts, oauth2.VerifierOption(verifier))
		}
		token, err := conf.Exchange(ctx, code, opts...)
		if err != nil {
			var re *oauth2.RetrieveError
			if errors.As(err, &re) && re.Response != nil {
				return nil, idpError(ip, "%d %s error getting token", re.Response.StatusCode, truncate(re.ErrorCode, 100))
			}
			return nil, &oauthRedirectError{userpool.OAuthInvalidRequest, "Timeout occurred in calling IdP token endpoint"}
		}
		return token, nil
	}
	q := url.Values{"client_id": {conf.ClientID}, "client_secret": {conf.ClientSecret}, "redirect_uri": {conf.RedirectURL}, "code": {code}}
	var body struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := getJSONFrom(ctx, h.s.idp, http.MethodGet, withQuery(conf.Endpoint.TokenURL, q), "", &body); err != nil {
		return nil, idpError(ip, "%s error getting token", truncate(err.Error(), 200))
	}
	if body.AccessToken == "" {
		return nil, idpError(ip, "the token response has no access_token")
	}
	return &oauth2.Token{AccessToken: body.AccessToken, TokenType: body.TokenType}, nil
}

// readAttributes adds the claims of the provider's attributes URL: the OIDC
// userinfo, Facebook's Graph me?fields= (the mapped fields) and Amazon's
// /user/profile. Google's claims come from its ID token.
// UNSURE: Cognito also reads Google's People API; the pool does not.
func (h *hostedCall) readAttributes(ctx context.Context, ip identityProvider, token *oauth2.Token, claims map[string]any) error {
	d := ip.ProviderDetails
	endpoint := d["attributes_url"]
	if endpoint == "" || ip.ProviderType == typeGoogle || ip.ProviderType == typeApple {
		return nil
	}
	method := http.MethodGet
	if d["attributes_request_method"] == http.MethodPost {
		method = http.MethodPost
	}
	if ip.ProviderType == typeFacebook {
		fields := []string{"id"}
		for _, source := range ip.AttributeMapping {
			if !slices.Contains(fields, source) {
				fields = append(fields, source)
			}
		}
		slices.Sort(fields)
		endpoint += strings.Join(fields, ",")
	}
	var attrs map[string]any
	if err := getJSONFrom(ctx, h.s.idp, method, endpoint, token.AccessToken, &attrs); err != nil {
		return idpError(ip, "%s error getting user attributes", truncate(err.Error(), 200))
	}
	if sub, ok := claims["sub"]; ok && attrs["sub"] != nil && claimString(attrs["sub"]) != claimString(sub) {
		return idpError(ip, "the userinfo sub does not match the id_token")
	}
	for k, v := range attrs {
		if _, ok := claims[k]; !ok {
			claims[k] = v
		}
	}
	return nil
}

func withQuery(base string, q url.Values) string {
	if strings.Contains(base, "?") {
		return base + "&" + q.Encode()
	}
	return base + "?" + q.Encode()
}

// getJSONFrom calls a provider endpoint and decodes its JSON answer; a
// non-2xx answer is an error naming the status.
func getJSONFrom(ctx context.Context, client *http.Client, method, endpoint, bearer string, v any) error {
	req, err := http.NewRequestWithContext(ctx, method, endpoint, nil)
	if err != nil {
		return err
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return errors.New("connection failed")
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return errors.New(strconv.Itoa(resp.StatusCode))
	}
	dec := json.NewDecoder(http.MaxBytesReader(nil, resp.Body, maxBodyBytes))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return errors.New("unreadable answer")
	}
	return nil
}

// claimString is a claim as a user attribute value: strings as they are,
// booleans and numbers in their JSON form, anything else as JSON.
func claimString(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case bool:
		return strconv.FormatBool(t)
	case json.Number:
		return t.String()
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	}
	raw, _ := json.Marshal(v)
	return string(raw)
}
