package standin

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"

	"github.com/golang-jwt/jwt/v5"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// The stand-in Apple developer account the pool signs client secrets for.
const (
	appleTeamID   = "STANDIN001"
	appleKeyID    = "STANDINKEY"
	appleAudience = "https://appleid.apple.com"
)

// openIDProvider is zitadel/oidc's OP with the library's in-memory storage;
// the stand-in adds its users as they sign in and its own sign-in page.
type openIDProvider struct {
	s        *Server
	op       *op.Provider
	handler  http.Handler
	storage  *opStorage
	users    *userStore
	secret   string            // the client secret of every OAuth client but Apple's
	appleKey *ecdsa.PrivateKey // the developer key Apple's client secrets are signed with
	password string            // what the stand-in's users "type" at the OP's storage
}

func newOpenIDProvider(s *Server) (*openIDProvider, error) {
	o := &openIDProvider{s: s, users: &userStore{byID: map[string]*storage.User{}}, secret: rand.Text(), password: rand.Text()}
	var err error
	if o.appleKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		return nil, err
	}
	redirect := s.base + "/oauth2/idpresponse"
	clients := map[string]*storage.Client{}
	for _, k := range Kinds {
		if k.clientID != "" {
			clients[k.clientID] = storage.WebClient(k.clientID, o.secret, redirect)
		}
	}
	o.storage = &opStorage{Storage: storage.NewStorageWithClients(o.users, clients), o: o}
	var key [32]byte
	if _, err := rand.Read(key[:]); err != nil {
		return nil, err
	}
	config := &op.Config{CryptoKey: key, CodeMethodS256: true, AuthMethodPost: true}
	o.op, err = op.NewProvider(config, o.storage, op.StaticIssuer(s.url("")), op.WithAllowInsecure())
	if err != nil {
		return nil, err
	}
	o.handler = http.StripPrefix(Path, o.op)
	interceptor := op.NewIssuerInterceptor(o.op.IssuerFromRequest)
	s.mux.Handle("GET "+Path+"/login", http.HandlerFunc(o.serveLogin))
	s.mux.Handle("POST "+Path+"/login", interceptor.HandlerFunc(o.serveLogin))
	// Facebook: dialog/oauth, GET oauth/access_token, Graph me?fields=.
	s.mux.HandleFunc("GET "+Path+"/facebook/v17.0/dialog/oauth", o.serveSocialAuthorize)
	s.mux.HandleFunc("GET "+Path+"/facebook/v17.0/oauth/access_token", o.serveFacebookToken)
	s.mux.HandleFunc("GET "+Path+"/facebook/v17.0/me", o.serveFacebookMe)
	// Login with Amazon: ap/oa, POST auth/o2/token (the OP's), user/profile.
	s.mux.HandleFunc("GET "+Path+"/amazon/ap/oa", o.serveSocialAuthorize)
	s.mux.HandleFunc("GET "+Path+"/amazon/user/profile", o.serveAmazonProfile)
	// Sign in with Apple: auth/authorize (form_post), then the OP's token endpoint.
	s.mux.HandleFunc("GET "+Path+"/apple/auth/authorize", o.serveSocialAuthorize)
	s.mux.Handle(Path+"/", o.handler)
	return o, nil
}

// provider is the registration of a kind the OP plays.
func (o *openIDProvider) provider(k Kind) Provider {
	u := o.s.url
	d := map[string]string{"client_id": k.clientID, "client_secret": o.secret}
	mapping := map[string]string{"email": "email", "name": "name"}
	switch k.ProviderType {
	case "Google":
		d["authorize_scopes"] = "email profile openid"
		d["authorize_url"], d["token_url"], d["oidc_issuer"], d["jwks_uri"] = u("/authorize"), u("/oauth/token"), u(""), u("/keys")
		mapping["given_name"], mapping["family_name"] = "given_name", "family_name"
	case "Facebook":
		d["authorize_scopes"], d["api_version"] = "public_profile,email", "v17.0"
		d["authorize_url"] = u("/facebook/v17.0/dialog/oauth")
		d["token_url"] = u("/facebook/v17.0/oauth/access_token")
		d["attributes_url"] = u("/facebook/v17.0/me?fields=")
		mapping["given_name"], mapping["family_name"] = "first_name", "last_name"
	case "LoginWithAmazon":
		d["authorize_scopes"] = "profile"
		d["authorize_url"], d["token_url"], d["attributes_url"] = u("/amazon/ap/oa"), u("/oauth/token"), u("/amazon/user/profile")
	case "SignInWithApple":
		delete(d, "client_secret")
		d["authorize_scopes"] = "email name"
		d["team_id"], d["key_id"], d["private_key"] = appleTeamID, appleKeyID, o.applePrivateKeyPEM()
		d["authorize_url"], d["token_url"], d["oidc_issuer"], d["jwks_uri"] = u("/apple/auth/authorize"), u("/oauth/token"), u(""), u("/keys")
		mapping = map[string]string{"email": "email"}
	case "OIDC":
		d["authorize_scopes"], d["attributes_request_method"] = "openid email profile", "GET"
		d["oidc_issuer"], d["authorize_url"], d["token_url"] = u(""), u("/authorize"), u("/oauth/token")
		d["attributes_url"], d["jwks_uri"] = u("/userinfo"), u("/keys")
		mapping["given_name"], mapping["family_name"] = "given_name", "family_name"
	}
	return Provider{Kind: k, Details: d, Mapping: mapping}
}

func (o *openIDProvider) applePrivateKeyPEM() string {
	der, _ := x509.MarshalPKCS8PrivateKey(o.appleKey)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// serveSocialAuthorize is the authorize URL of Facebook, Amazon and Apple:
// their scopes ("public_profile", "name", "postal_code") become OpenID
// scopes and the request goes on to the OP's authorize endpoint.
func (o *openIDProvider) serveSocialAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	q.Set("scope", "openid email profile")
	if q.Get("response_type") == "" {
		q.Set("response_type", "code")
	}
	http.Redirect(w, r, Path+"/authorize?"+q.Encode(), http.StatusFound)
}

// serveLogin is the stand-in's sign-in page for an OP authorize request.
func (o *openIDProvider) serveLogin(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "The form could not be read.", http.StatusBadRequest)
		return
	}
	id := r.Form.Get("authRequestID")
	req, err := o.storage.AuthRequestByID(r.Context(), id)
	if err != nil || len(id) > 100 {
		http.Error(w, "This sign-in has expired. Go back to the app and start again.", http.StatusBadRequest)
		return
	}
	kind, _ := kindByClient(req.GetClientID())
	p := page{Label: kind.Label, Action: Path + "/login", Hidden: map[string]string{"authRequestID": id}, CanCancel: true}
	if r.Method == http.MethodGet {
		renderPage(w, http.StatusOK, p)
		return
	}
	if r.PostForm.Get("cancel") != "" {
		op.AuthRequestError(w, r, req, oidc.ErrAccessDenied().WithDescription("The user cancelled the sign-in at the local stand-in."), o.op)
		return
	}
	identity, err := chosenIdentity(r.PostForm)
	if err != nil {
		p.Error, p.Email, p.Name = err.Error(), r.PostForm.Get("email"), r.PostForm.Get("name")
		renderPage(w, http.StatusBadRequest, p)
		return
	}
	username := o.users.add(kind, identity, o.password)
	if err := o.storage.CheckUsernamePassword(username, o.password, id); err != nil {
		http.Error(w, "This sign-in has expired. Go back to the app and start again.", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, op.AuthCallbackURL(o.op)(r.Context(), id), http.StatusFound)
}

// exchange runs a token request at the OP and decodes its JSON answer.
func (o *openIDProvider) exchange(r *http.Request, form url.Values) (int, map[string]any) {
	req := httptest.NewRequestWithContext(r.Context(), http.MethodPost, Path+"/oauth/token", strings.NewReader(form.Encode()))
	req.Host = r.Host
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	o.handler.ServeHTTP(rec, req)
	var body map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	return rec.Code, body
}

// userinfo asks the OP's userinfo endpoint about an access token.
func (o *openIDProvider) userinfo(r *http.Request, token string) (map[string]any, bool) {
	if token == "" || len(token) > 4096 {
		return nil, false
	}
	req := httptest.NewRequestWithContext(r.Context(), http.MethodGet, Path+"/userinfo", nil)
	req.Host = r.Host
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	o.handler.ServeHTTP(rec, req)
	var info map[string]any
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &info) != nil {
		return nil, false
	}
	return info, true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func facebookError(w http.ResponseWriter, status, code int, message string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": message, "type": "OAuthException", "code": code}})
}

// serveFacebookToken is Graph's GET oauth/access_token?client_id&client_secret&redirect_uri&code.
func (o *openIDProvider) serveFacebookToken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	form := url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")}, "redirect_uri": {q.Get("redirect_uri")},
		"client_id": {q.Get("client_id")}, "client_secret": {q.Get("client_secret")}}
	status, body := o.exchange(r, form)
	token, _ := body["access_token"].(string)
	if status != http.StatusOK || token == "" {
		facebookError(w, http.StatusBadRequest, 100, "Invalid verification code format.")
		return
	}
	expires, _ := body["expires_in"].(float64)
	writeJSON(w, http.StatusOK, map[string]any{"access_token": token, "token_type": "bearer", "expires_in": int(expires)})
}

func bearer(r *http.Request) string {
	if t, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return t
	}
	return r.URL.Query().Get("access_token")
}

// serveFacebookMe is Graph's me?fields=a,b: only the asked fields come back.
func (o *openIDProvider) serveFacebookMe(w http.ResponseWriter, r *http.Request) {
	info, ok := o.userinfo(r, bearer(r))
	if !ok {
		facebookError(w, http.StatusBadRequest, 2500, "An active access token must be used to query information about the current user.")
		return
	}
	profile := map[string]any{"id": info["sub"], "email": info["email"], "name": info["name"],
		"first_name": info["given_name"], "last_name": info["family_name"]}
	out := map[string]any{}
	for _, f := range strings.Split(r.URL.Query().Get("fields"), ",") {
		if v, ok := profile[f]; ok && v != nil {
			out[f] = v
		}
	}
	out["id"] = info["sub"]
	writeJSON(w, http.StatusOK, out)
}

// serveAmazonProfile is Login with Amazon's /user/profile.
func (o *openIDProvider) serveAmazonProfile(w http.ResponseWriter, r *http.Request) {
	info, ok := o.userinfo(r, bearer(r))
	if !ok {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_token", "error_description": "The access token is not valid."})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"user_id": info["sub"], "email": info["email"], "name": info["name"]})
}

// opStorage is the library's storage with the stand-in's clients: its
// sign-in page, redirects to any loopback host of the pool, ID tokens that
// carry the profile (as Google's and Apple's do), and Apple's client
// secret checked as an ES256 JWT signed by the developer key.
type opStorage struct {
	*storage.Storage
	o *openIDProvider
}

func (st *opStorage) GetClientByClientID(ctx context.Context, clientID string) (op.Client, error) {
	c, err := st.Storage.GetClientByClientID(ctx, clientID)
	if err != nil {
		return nil, err
	}
	return standInClient{c, st.o.s}, nil
}

func (st *opStorage) AuthorizeClientIDSecret(ctx context.Context, clientID, secret string) error {
	k, ok := kindByClient(clientID)
	if !ok || k.ProviderType != "SignInWithApple" {
		return st.Storage.AuthorizeClientIDSecret(ctx, clientID, secret)
	}
	return st.o.checkAppleSecret(secret)
}

// checkAppleSecret verifies a client secret as Apple does: ES256 by the
// developer key named by kid, issued by the team, for the services ID.
func (o *openIDProvider) checkAppleSecret(secret string) error {
	k, _ := kindByClient("standin-apple")
	_, err := jwt.Parse(secret, func(t *jwt.Token) (any, error) {
		if t.Header["kid"] != appleKeyID {
			return nil, errors.New("unknown key")
		}
		return &o.appleKey.PublicKey, nil
	}, jwt.WithValidMethods([]string{"ES256"}), jwt.WithIssuer(appleTeamID), jwt.WithSubject(k.clientID),
		jwt.WithAudience(appleAudience), jwt.WithExpirationRequired(), jwt.WithTimeFunc(o.s.Now))
	return err
}

type standInClient struct {
	op.Client
	s *Server
}

func (c standInClient) LoginURL(id string) string {
	return Path + "/login?authRequestID=" + url.QueryEscape(id)
}

func (c standInClient) IDTokenUserinfoClaimsAssertion() bool { return true }

// RedirectURIs are the pool's callbacks on every name it answers on.
func (c standInClient) RedirectURIs() []string {
	var uris []string
	for _, b := range c.s.poolBases() {
		uris = append(uris, b+"/oauth2/idpresponse")
	}
	return uris
}

// RedirectURIGlobs are none: RedirectURIs names them all.
func (c standInClient) RedirectURIGlobs() []string { return nil }

func (c standInClient) PostLogoutRedirectURIGlobs() []string { return nil }

// userStore holds the identities that signed in at the stand-in, by ID;
// each kind gives an email address its own ID (subject).
type userStore struct {
	mu   sync.Mutex
	byID map[string]*storage.User
}

// add stores the identity as a user of kind and returns its username.
func (u *userStore) add(k Kind, id Identity, password string) string {
	given, family := splitName(id.Name)
	sub := subject(k, id.Email)
	user := &storage.User{ID: sub, Username: k.ProviderType + "|" + id.Email, Password: password,
		FirstName: given, LastName: family, Email: id.Email, EmailVerified: true}
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.byID) > 10000 {
		clear(u.byID)
	}
	u.byID[sub] = user
	return user.Username
}

func (u *userStore) GetUserByID(id string) *storage.User {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.byID[id]
}

func (u *userStore) GetUserByUsername(username string) *storage.User {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, user := range u.byID {
		if user.Username == username {
			return user
		}
	}
	return nil
}

// ExampleClientID names the library's JWT-profile service client; the
// stand-in has none.
func (u *userStore) ExampleClientID() string { return "" }
