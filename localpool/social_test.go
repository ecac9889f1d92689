package localpool_test

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// The social providers' documented answers, served on the loopback:
// Facebook (dialog/oauth, GET oauth/access_token, Graph me?fields=), Login
// with Amazon (ap/oa, POST auth/o2/token, user/profile) and Sign in with
// Apple (auth/authorize with form_post, auth/token checking the ES256
// client secret, auth/keys). Each signs in one fixed user.
type socialProvider struct {
	t    *testing.T
	URL  string
	mu   sync.Mutex
	seen map[string]bool // Apple sends the name on the first sign-in only
	// codes maps issued codes to the nonce of their authorize request.
	codes map[string]string
	// Apple: the developer key the client secret must be signed with, and the ID-token key.
	appleKey *ecdsa.PrivateKey
	idKey    *rsa.PrivateKey
	// secretChecks counts the client secrets golang-jwt verified.
	secretChecks int
}

const (
	facebookID = "10156460942006789"
	amazonID   = "amzn1.account.AH2EWIJQPC4QJNTUDTVRABCDEFGH"
	appleSub   = "000340.3f6e937a36b84caaaa2a817ea7d5e69c.0331"
	appleTeam  = "TEAM123456"
	appleKeyID = "KEY1234567"
	appleApp   = "com.example.web"
)

func newSocialProvider(t *testing.T) *socialProvider {
	t.Helper()
	sp := &socialProvider{t: t, seen: map[string]bool{}, codes: map[string]string{}}
	var err error
	if sp.idKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v17.0/dialog/oauth", sp.authorize)
	mux.HandleFunc("GET /v17.0/oauth/access_token", sp.facebookToken)
	mux.HandleFunc("GET /v17.0/me", sp.facebookMe)
	mux.HandleFunc("GET /ap/oa", sp.authorize)
	mux.HandleFunc("POST /auth/o2/token", sp.amazonToken)
	mux.HandleFunc("GET /user/profile", sp.amazonProfile)
	mux.HandleFunc("GET /auth/authorize", sp.appleAuthorize)
	mux.HandleFunc("POST /auth/token", sp.appleToken)
	mux.HandleFunc("GET /auth/keys", sp.appleKeys)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	sp.URL = srv.URL
	return sp
}

func (sp *socialProvider) newCode(nonce string) string {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	code := fmt.Sprintf("code-%d", len(sp.codes)+1)
	sp.codes[code] = nonce
	return code
}

func (sp *socialProvider) spend(code string) (string, bool) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	nonce, ok := sp.codes[code]
	delete(sp.codes, code)
	return nonce, ok
}

// authorize signs the user in at once and sends the browser back with a code.
func (sp *socialProvider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	back := q.Get("redirect_uri") + "?" + url.Values{"code": {sp.newCode(q.Get("nonce"))}, "state": {q.Get("state")}}.Encode()
	http.Redirect(w, r, back, http.StatusFound)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Facebook: GET /oauth/access_token?client_id&redirect_uri&client_secret&code.
func (sp *socialProvider) facebookToken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if _, ok := sp.spend(q.Get("code")); !ok || q.Get("client_id") != "fb-app" || q.Get("client_secret") != "fb-secret" || q.Get("redirect_uri") == "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]any{"message": "Invalid verification code format.", "type": "OAuthException", "code": 100}})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"access_token": "fb-access", "token_type": "bearer", "expires_in": 5183944})
}

// Facebook: GET /me?fields=a,b with the user access token; only the asked fields come back.
func (sp *socialProvider) facebookMe(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer fb-access" && r.URL.Query().Get("access_token") != "fb-access" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]any{"message": "An active access token must be used", "type": "OAuthException", "code": 2500}})
		return
	}
	profile := map[string]any{"id": facebookID, "email": "fb.user@example.com", "name": "Fay Book", "first_name": "Fay", "last_name": "Book"}
	out := map[string]any{}
	for _, f := range strings.Split(r.URL.Query().Get("fields"), ",") {
		if v, ok := profile[f]; ok {
			out[f] = v
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// Login with Amazon: POST /auth/o2/token (form), then GET /user/profile with the bearer token.
func (sp *socialProvider) amazonToken(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	f := r.PostForm
	if _, ok := sp.spend(f.Get("code")); !ok || f.Get("grant_type") != "authorization_code" || f.Get("client_id") != "amzn1.application-oa2-client.test" ||
		f.Get("client_secret") != "lwa-secret" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_grant", "error_description": "The authorization code is invalid"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"access_token": "Atza|lwa-access", "refresh_token": "Atzr|lwa-refresh", "token_type": "bearer", "expires_in": 3600})
}

func (sp *socialProvider) amazonProfile(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer Atza|lwa-access" {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_token"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"user_id": amazonID, "email": "lwa.user@example.com", "name": "Lou Amazon", "postal_code": "98109"})
}

// Apple: the authorize page answers with a form_post; the name comes on the first sign-in only.
func (sp *socialProvider) appleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("response_mode") != "form_post" {
		http.Error(w, "response_mode must be form_post when name or email scope is requested", http.StatusBadRequest)
		return
	}
	fields := url.Values{"code": {sp.newCode(q.Get("nonce"))}, "state": {q.Get("state")}}
	sp.mu.Lock()
	if !sp.seen[appleSub] {
		fields.Set("user", `{"name":{"firstName":"Ann","lastName":"Apple"},"email":"ann@privaterelay.appleid.com"}`)
		sp.seen[appleSub] = true
	}
	sp.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, `<form method="post" action="%s">`, html.EscapeString(q.Get("redirect_uri")))
	for k, v := range fields {
		fmt.Fprintf(&b, `<input type="hidden" name="%s" value="%s">`, k, html.EscapeString(v[0]))
	}
	b.WriteString(`</form>`)
	w.Header().Set("Content-Type", "text/html")
	_, _ = w.Write([]byte(b.String()))
}

// appleToken checks the client secret with golang-jwt on the developer's
// public key, as Apple does, then issues an RS256 ID token.
func (sp *socialProvider) appleToken(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	f := r.PostForm
	secret, err := jwt.Parse(f.Get("client_secret"), func(tok *jwt.Token) (any, error) {
		if tok.Header["kid"] != appleKeyID {
			return nil, fmt.Errorf("kid %v", tok.Header["kid"])
		}
		return &sp.appleKey.PublicKey, nil
	}, jwt.WithValidMethods([]string{"ES256"}), jwt.WithIssuer(appleTeam), jwt.WithSubject(appleApp),
		jwt.WithAudience("https://appleid.apple.com"), jwt.WithExpirationRequired(), jwt.WithIssuedAt())
	if err != nil || !secret.Valid || f.Get("client_id") != appleApp {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_client"})
		return
	}
	sp.mu.Lock()
	sp.secretChecks++
	sp.mu.Unlock()
	nonce, ok := sp.spend(f.Get("code"))
	if !ok {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_grant"})
		return
	}
	now := time.Now()
	idToken := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": sp.URL, "aud": appleApp, "sub": appleSub, "nonce": nonce,
		"email": "ann@privaterelay.appleid.com", "email_verified": "true", "is_private_email": "true",
		"iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(), "auth_time": now.Unix()})
	idToken.Header["kid"] = "apple-id-key"
	signed, err := idToken.SignedString(sp.idKey)
	if err != nil {
		sp.t.Error(err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"access_token": "apple-access", "token_type": "Bearer", "expires_in": 3600,
		"refresh_token": "apple-refresh", "id_token": signed})
}

func (sp *socialProvider) appleKeys(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &sp.idKey.PublicKey, KeyID: "apple-id-key", Algorithm: "RS256", Use: "sig"}}})
}

// claimsAfter completes a sign-in whose last answer is r and returns the ID-token claims.
func (p *fedPool) claimsAfter(t *testing.T, r *response) map[string]any {
	t.Helper()
	q := callbackQuery(t, r)
	if q.Get("error") != "" {
		t.Fatalf("sign-in failed: %v", q)
	}
	tok, err := p.oauth.Exchange(ctx, q.Get("code"))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tok.Extra("id_token").(string)
	return claims(t, &raw)
}

// socialSignIn follows redirects and Apple's form_post to the app.
func (p *fedPool) socialSignIn(t *testing.T, provider string) map[string]any {
	t.Helper()
	b := newBrowser(t)
	r := b.get(p.authorizeURL("identity_provider", provider))
	for i := 0; i < 10; i++ {
		switch {
		case r.location != nil && strings.HasPrefix(r.location.String(), callbackURL):
			return p.claimsAfter(t, r)
		case r.location != nil:
			r = b.get(r.location.String())
		case r.status == http.StatusOK && strings.Contains(r.body, "<form"):
			action, fields := formOf(t, r.body)
			r = b.post(action, fields)
		default:
			t.Fatalf("sign-in with %s stopped at %d:\n%s", provider, r.status, r.body)
		}
	}
	t.Fatal("too many redirects")
	return nil
}

func TestFederationSocialProviders(t *testing.T) {
	// The Apple client secret is checked against the real time.
	p := &fedPool{newHostedPoolWith(t, localpooltest.Options{Clock: time.Now})}
	sp := newSocialProvider(t)
	var err error
	if sp.appleKey, err = ecdsaKeyFromPEM(testApplePrivateKey(t)); err != nil {
		t.Fatal(err)
	}
	p.addProvider(t, cip.CreateIdentityProviderInput{ProviderName: aws.String("Facebook"), ProviderType: types.IdentityProviderTypeTypeFacebook,
		ProviderDetails: map[string]string{"client_id": "fb-app", "client_secret": "fb-secret", "authorize_scopes": "public_profile, email", "api_version": "v17.0",
			"authorize_url": sp.URL + "/v17.0/dialog/oauth", "token_url": sp.URL + "/v17.0/oauth/access_token", "attributes_url": sp.URL + "/v17.0/me?fields="},
		AttributeMapping: map[string]string{"email": "email", "name": "name"}})
	p.addProvider(t, cip.CreateIdentityProviderInput{ProviderName: aws.String("LoginWithAmazon"), ProviderType: types.IdentityProviderTypeTypeLoginWithAmazon,
		ProviderDetails: map[string]string{"client_id": "amzn1.application-oa2-client.test", "client_secret": "lwa-secret", "authorize_scopes": "profile postal_code",
			"authorize_url": sp.URL + "/ap/oa", "token_url": sp.URL + "/auth/o2/token", "attributes_url": sp.URL + "/user/profile"},
		AttributeMapping: map[string]string{"email": "email", "name": "name", "address": "postal_code"}})
	p.addProvider(t, cip.CreateIdentityProviderInput{ProviderName: aws.String("SignInWithApple"), ProviderType: types.IdentityProviderTypeTypeSignInWithApple,
		ProviderDetails: map[string]string{"client_id": appleApp, "team_id": appleTeam, "key_id": appleKeyID, "private_key": pemOf(t, sp.appleKey),
			"authorize_scopes": "email name", "authorize_url": sp.URL + "/auth/authorize", "token_url": sp.URL + "/auth/token",
			"oidc_issuer": sp.URL, "jwks_uri": sp.URL + "/auth/keys"},
		AttributeMapping: map[string]string{"email": "email", "given_name": "firstName", "family_name": "lastName"}})

	c := p.socialSignIn(t, "Facebook")
	if c["cognito:username"] != "Facebook_"+facebookID || c["email"] != "fb.user@example.com" || c["name"] != "Fay Book" {
		t.Errorf("Facebook claims = %v", c)
	}
	c = p.socialSignIn(t, "LoginWithAmazon")
	if c["cognito:username"] != "LoginWithAmazon_"+amazonID || c["email"] != "lwa.user@example.com" || c["address"] != "98109" {
		t.Errorf("Login with Amazon claims = %v", c)
	}
	c = p.socialSignIn(t, "SignInWithApple")
	if c["cognito:username"] != "SignInWithApple_"+appleSub || c["given_name"] != "Ann" || c["family_name"] != "Apple" || c["email"] != "ann@privaterelay.appleid.com" {
		t.Errorf("Apple claims = %v", c)
	}
	if groups, _ := c["cognito:groups"].([]any); len(groups) != 1 || groups[0] != p.UserPoolID+"_SignInWithApple" {
		t.Errorf("Apple groups = %v", c["cognito:groups"])
	}
	// The second Apple sign-in carries no name; the user keeps the one from the first.
	c = p.socialSignIn(t, "SignInWithApple")
	if c["given_name"] != "Ann" || c["family_name"] != "Apple" {
		t.Errorf("second Apple sign-in claims = %v", c)
	}
	if sp.secretChecks != 2 {
		t.Errorf("golang-jwt verified %d Apple client secrets, want 2", sp.secretChecks)
	}
}

func ecdsaKeyFromPEM(s string) (*ecdsa.PrivateKey, error) {
	block, _ := pem.Decode([]byte(s))
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	return k.(*ecdsa.PrivateKey), nil
}

func pemOf(t *testing.T, k *ecdsa.PrivateKey) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}
