package localpool_test

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"golang.org/x/oauth2"
)

const hostedUser, hostedPassword = "ann@example.com", "Hosted-passw0rd"

// TestHostedCodePKCE is the whole code + PKCE flow with golang.org/x/oauth2 as
// the relying party: tokens with the granted scopes and nonce, userInfo,
// refresh at the token endpoint and through InitiateAuth, and revocation.
func TestHostedCodePKCE(t *testing.T) {
	p := newHostedPool(t)
	p.CreateUser(t, hostedUser, hostedPassword, map[string]string{"name": "Ann", "phone_number": "+15555550100"})
	b := newBrowser(t)
	verifier := oauth2.GenerateVerifier()
	authURL := p.oauth.AuthCodeURL("state-1", oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("nonce", "nonce-1"))
	q := b.signIn(p, authURL, hostedUser, hostedPassword)
	if q.Get("state") != "state-1" || q.Get("code") == "" {
		t.Fatalf("callback query %v", q)
	}
	tok, err := p.oauth.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	idToken, _ := tok.Extra("id_token").(string)
	if tok.RefreshToken == "" || idToken == "" || tok.TokenType != "Bearer" {
		t.Fatalf("token response %+v", tok)
	}
	id, access := claims(t, &idToken), claims(t, &tok.AccessToken)
	if id["nonce"] != "nonce-1" || id["aud"] != p.clientID || id["iss"] != p.Issuer || id["email"] != hostedUser {
		t.Errorf("ID token claims %v", id)
	}
	if got := strings.Fields(access["scope"].(string)); !slices.Equal(got, []string{"openid", "email", "profile", "aws.cognito.signin.user.admin"}) {
		t.Errorf("access token scope %q", access["scope"])
	}

	// userInfo: openid email profile gives those claims, not the phone number.
	info := userInfo(t, p, tok.AccessToken, http.StatusOK)
	if info["email"] != hostedUser || info["email_verified"] != true || info["name"] != "Ann" || info["sub"] != id["sub"] {
		t.Errorf("userInfo %v", info)
	}
	if _, ok := info["phone_number"]; ok {
		t.Errorf("userInfo without the phone scope has phone_number: %v", info)
	}
	// The hosted UI's access token works with the user operations (it has aws.cognito.signin.user.admin).
	if _, err := p.Admin().GetUser(ctx, &cip.GetUserInput{AccessToken: &tok.AccessToken}); err != nil {
		t.Errorf("GetUser with the hosted UI's access token: %v", err)
	}

	// Refresh at the token endpoint: new tokens, same scopes, no new refresh token.
	status, refreshed := tokenRequest(t, p, url.Values{"grant_type": {"refresh_token"}, "client_id": {p.clientID}, "refresh_token": {tok.RefreshToken}})
	if status != http.StatusOK || refreshed["access_token"] == nil || refreshed["id_token"] == nil || refreshed["refresh_token"] != nil {
		t.Fatalf("refresh: %d %v", status, refreshed)
	}
	at := refreshed["access_token"].(string)
	if claims(t, &at)["scope"] != access["scope"] {
		t.Errorf("refreshed scope %v", claims(t, &at)["scope"])
	}
	// The same refresh token works with InitiateAuth.
	out, err := p.Admin().InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &p.clientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": tok.RefreshToken}})
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("REFRESH_TOKEN_AUTH with the hosted UI's refresh token: %v", err)
	}

	// Revoke: the refresh token and its access tokens stop working; revoking again is still 200.
	for range 2 {
		if status := revoke(t, p, url.Values{"client_id": {p.clientID}, "token": {tok.RefreshToken}}); status != http.StatusOK {
			t.Fatalf("revoke: %d", status)
		}
	}
	status, body := tokenRequest(t, p, url.Values{"grant_type": {"refresh_token"}, "client_id": {p.clientID}, "refresh_token": {tok.RefreshToken}})
	if status != http.StatusBadRequest || body["error"] != "invalid_grant" {
		t.Errorf("refresh after revoke: %d %v", status, body)
	}
	userInfo(t, p, tok.AccessToken, http.StatusUnauthorized)
}

func userInfo(t *testing.T, p *hostedPool, accessToken string, want int) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, p.URL+"/oauth2/userInfo", nil)
	if accessToken != "" {
		req.Header.Set("Authorization", "Bearer "+accessToken)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("userInfo: status %d, want %d", resp.StatusCode, want)
	}
	if want != http.StatusOK {
		if !strings.Contains(resp.Header.Get("WWW-Authenticate"), "error=") {
			t.Errorf("userInfo %d without WWW-Authenticate error: %q", want, resp.Header.Get("WWW-Authenticate"))
		}
		return nil
	}
	out := map[string]any{}
	if err := jsonDecode(resp, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func revoke(t *testing.T, p *hostedPool, form url.Values, basic ...string) int {
	t.Helper()
	resp := postForm(t, p.URL+"/oauth2/revoke", form, basic...)
	resp.Body.Close()
	return resp.StatusCode
}

// TestHostedTokenErrors covers each way a code exchange fails.
func TestHostedTokenErrors(t *testing.T) {
	p := newHostedPool(t)
	p.CreateUser(t, hostedUser, hostedPassword, nil)
	b := newBrowser(t)
	otherClient, _ := p.NewClient(t, oauthClientInput())

	// code signs in once and returns a fresh code for a PKCE request.
	code := func(verifier string) string {
		u := p.oauth.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier))
		return b.follow(p.URL, b.get(u)).location.Query().Get("code")
	}
	verifier := oauth2.GenerateVerifier()
	b.signIn(p, p.oauth.AuthCodeURL("s"), hostedUser, hostedPassword) // starts the hosted-UI session

	exchange := func(form url.Values) (int, map[string]any) {
		base := url.Values{"grant_type": {"authorization_code"}, "client_id": {p.clientID}, "redirect_uri": {callbackURL}}
		for k, v := range form {
			base[k] = v
		}
		return tokenRequest(t, p, base)
	}
	cases := []struct {
		name   string
		form   func() url.Values
		status int
		err    string
	}{
		{"wrong verifier", func() url.Values {
			return url.Values{"code": {code(verifier)}, "code_verifier": {oauth2.GenerateVerifier()}}
		}, 400, "invalid_grant"},
		{"missing verifier", func() url.Values { return url.Values{"code": {code(verifier)}} }, 400, "invalid_grant"},
		{"short verifier", func() url.Values {
			return url.Values{"code": {code(verifier)}, "code_verifier": {"abc"}}
		}, 400, "invalid_grant"},
		{"wrong redirect_uri", func() url.Values {
			return url.Values{"code": {code(verifier)}, "code_verifier": {verifier}, "redirect_uri": {"http://localhost:8123/other"}}
		}, 400, "invalid_grant"},
		{"another client's code", func() url.Values {
			return url.Values{"code": {code(verifier)}, "code_verifier": {verifier}, "client_id": {otherClient}}
		}, 400, "invalid_grant"},
		{"unknown code", func() url.Values { return url.Values{"code": {"not-a-code"}, "code_verifier": {verifier}} }, 400, "invalid_grant"},
		{"no code", func() url.Values { return url.Values{"code_verifier": {verifier}} }, 400, "invalid_request"},
		{"no redirect_uri", func() url.Values {
			return url.Values{"code": {code(verifier)}, "code_verifier": {verifier}, "redirect_uri": {""}}
		}, 400, "invalid_request"},
		{"unknown client", func() url.Values { return url.Values{"code": {code(verifier)}, "client_id": {"nobody"}} }, 400, "invalid_client"},
		{"no grant_type", func() url.Values { return url.Values{"grant_type": {""}} }, 400, "invalid_request"},
		{"unsupported grant_type", func() url.Values { return url.Values{"grant_type": {"password"}} }, 400, "unsupported_grant_type"},
		{"refresh without token", func() url.Values { return url.Values{"grant_type": {"refresh_token"}} }, 400, "invalid_request"},
		{"bad refresh token", func() url.Values {
			return url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x.y.z"}}
		}, 400, "invalid_grant"},
		{"client_credentials on a public client", func() url.Values { return url.Values{"grant_type": {"client_credentials"}} }, 400, "unauthorized_client"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := exchange(tc.form())
			if status != tc.status || body["error"] != tc.err {
				t.Errorf("got %d %v, want %d %s", status, body, tc.status, tc.err)
			}
		})
	}

	t.Run("reused code revokes its tokens", func(t *testing.T) {
		c := code(verifier)
		status, first := exchange(url.Values{"code": {c}, "code_verifier": {verifier}})
		if status != http.StatusOK {
			t.Fatalf("first exchange: %d %v", status, first)
		}
		status, second := exchange(url.Values{"code": {c}, "code_verifier": {verifier}})
		if status != http.StatusBadRequest || second["error"] != "invalid_grant" {
			t.Fatalf("second exchange: %d %v", status, second)
		}
		userInfo(t, p, first["access_token"].(string), http.StatusUnauthorized)
	})
	t.Run("expired code", func(t *testing.T) {
		c := code(verifier)
		p.Clock.Advance(5*time.Minute + time.Second)
		status, body := exchange(url.Values{"code": {c}, "code_verifier": {verifier}})
		if status != http.StatusBadRequest || body["error"] != "invalid_grant" {
			t.Errorf("expired code: %d %v", status, body)
		}
	})
	t.Run("code just inside five minutes", func(t *testing.T) {
		c := code(verifier)
		p.Clock.Advance(5*time.Minute - time.Second)
		if status, body := exchange(url.Values{"code": {c}, "code_verifier": {verifier}}); status != http.StatusOK {
			t.Errorf("code at 4:59: %d %v", status, body)
		}
	})
	t.Run("wrong content type", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, p.URL+"/oauth2/token", strings.NewReader(`{"grant_type":"authorization_code"}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body := map[string]any{}
		jsonDecode(resp, &body)
		if resp.StatusCode != http.StatusBadRequest || body["error"] != "invalid_request" {
			t.Errorf("JSON body: %d %v", resp.StatusCode, body)
		}
	})
	t.Run("GET is not allowed", func(t *testing.T) {
		resp, err := http.Get(p.URL + "/oauth2/token")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET /oauth2/token: %d", resp.StatusCode)
		}
	})
}

// TestHostedSecretClient authenticates a client with a secret by Basic header
// and by body, and refuses a wrong secret.
func TestHostedSecretClient(t *testing.T) {
	p := newHostedPool(t)
	p.CreateUser(t, hostedUser, hostedPassword, nil)
	in := oauthClientInput()
	in.GenerateSecret = true
	clientID, secret := p.NewClient(t, in)
	b := newBrowser(t)
	for _, style := range []oauth2.AuthStyle{oauth2.AuthStyleInHeader, oauth2.AuthStyleInParams} {
		conf := oauthConfig(p.Pool, clientID, secret)
		conf.Endpoint.AuthStyle = style
		verifier := oauth2.GenerateVerifier()
		q := b.signIn(p, conf.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("prompt", "login")), hostedUser, hostedPassword)
		if _, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier)); err != nil {
			t.Errorf("auth style %d: %v", style, err)
		}
		conf.ClientSecret = "wrong"
		q = callbackQuery(t, b.follow(p.URL, b.get(conf.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)))))
		if _, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier)); exchangeError(err) != "invalid_client" {
			t.Errorf("auth style %d with a wrong secret: %v", style, err)
		}
	}
	status, body := tokenRequest(t, p, url.Values{"grant_type": {"authorization_code"}, "code": {"x"}, "redirect_uri": {callbackURL}}, clientID, "wrong")
	if status != http.StatusBadRequest || body["error"] != "invalid_client" {
		t.Errorf("Basic with a wrong secret: %d %v", status, body)
	}
	if status := revoke(t, p, url.Values{"token": {"x"}}, clientID, "wrong"); status != http.StatusUnauthorized {
		t.Errorf("revoke with a wrong secret: %d", status)
	}
}

// TestAuthorizeErrors covers the error page and each error redirect of /oauth2/authorize.
func TestAuthorizeErrors(t *testing.T) {
	p := newHostedPool(t)
	implicitOnly := oauthClientInput()
	implicitOnly.AllowedOAuthFlows = []types.OAuthFlowType{types.OAuthFlowTypeImplicit}
	implicitClient, _ := p.NewClient(t, implicitOnly)
	valid := url.Values{"client_id": {p.clientID}, "response_type": {"code"}, "redirect_uri": {callbackURL}, "state": {"st"}}
	with := func(kv ...string) url.Values {
		q := cloneQuery(valid)
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == "" {
				q.Del(kv[i])
			} else {
				q.Set(kv[i], kv[i+1])
			}
		}
		return q
	}
	cases := []struct {
		name  string
		query url.Values
		page  bool   // an error page, no redirect
		err   string // the error redirect's error
	}{
		{"unknown client", with("client_id", "nobody"), true, ""},
		{"no client", with("client_id", ""), true, ""},
		{"unregistered redirect_uri", with("redirect_uri", "http://localhost:8123/evil"), true, ""},
		{"no redirect_uri", with("redirect_uri", ""), true, ""},
		{"repeated parameter", url.Values{"client_id": {p.clientID, p.clientID}}, true, ""},
		{"no response_type", with("response_type", ""), false, "invalid_request"},
		{"unknown response_type", with("response_type", "id_token"), false, "unsupported_response_type"},
		{"flow not allowed", with("client_id", implicitClient), false, "unauthorized_client"},
		{"plain PKCE", with("code_challenge", strings.Repeat("a", 43), "code_challenge_method", "plain"), false, "invalid_request"},
		{"challenge without method", with("code_challenge", strings.Repeat("a", 43)), false, "invalid_request"},
		{"method without challenge", with("code_challenge_method", "S256"), false, "invalid_request"},
		{"malformed challenge", with("code_challenge", "short", "code_challenge_method", "S256"), false, "invalid_request"},
		{"unknown scope", with("scope", "openid admin:everything"), false, "invalid_scope"},
		{"only disallowed scopes", with("scope", "phone"), false, "invalid_scope"},
		{"email without openid", with("scope", "email"), false, "invalid_scope"},
		{"unknown prompt", with("prompt", "always"), false, "invalid_request"},
		{"provider not enabled", with("identity_provider", "Google"), false, "invalid_request"},
		{"unknown idp_identifier", with("idp_identifier", "example.com"), false, "invalid_request"},
		{"prompt=none without a session", with("prompt", "none"), false, "login_required"},
	}
	b := newBrowser(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := b.get(p.URL + "/oauth2/authorize?" + tc.query.Encode())
			if tc.page {
				if r.status != http.StatusBadRequest || r.location != nil || !strings.Contains(r.body, `role="alert"`) {
					t.Errorf("want an error page, got %d %v:\n%s", r.status, r.location, r.body)
				}
				return
			}
			q := callbackQuery(t, r)
			if q.Get("error") != tc.err || q.Get("error_description") == "" || q.Get("state") != "st" || q.Get("code") != "" {
				t.Errorf("error redirect %v, want error=%s", q, tc.err)
			}
		})
	}
	t.Run("a loopback callback registered without a port takes any port", func(t *testing.T) {
		in := oauthClientInput()
		in.CallbackURLs = []string{"http://127.0.0.1/callback"}
		loopback, _ := p.NewClient(t, in)
		for uri, ok := range map[string]bool{"http://127.0.0.1:53123/callback": true, "http://127.0.0.1:53123/other": false,
			"http://localhost:53123/callback": false, "https://127.0.0.1:53123/callback": false} {
			r := b.get(p.URL + "/oauth2/authorize?" + url.Values{"client_id": {loopback}, "response_type": {"code"}, "redirect_uri": {uri}}.Encode())
			if got := r.status == http.StatusFound; got != ok {
				t.Errorf("%s: status %d, want allowed=%v", uri, r.status, ok)
			}
		}
	})
	t.Run("a known scope the client may not use is ignored", func(t *testing.T) {
		r := b.get(p.URL + "/oauth2/authorize?" + with("scope", "openid phone").Encode())
		if r.status != http.StatusFound || !strings.HasPrefix(r.location.Path, "/login") {
			t.Errorf("got %d %v", r.status, r.location)
		}
	})
}

func cloneQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}

// TestHostedSession: the session cookie skips the form, prompt=login forces
// it, prompt=none uses it, and /logout ends it.
func TestHostedSession(t *testing.T) {
	p := newHostedPool(t)
	p.CreateUser(t, hostedUser, hostedPassword, nil)
	b := newBrowser(t)
	b.signIn(p, p.oauth.AuthCodeURL("a"), hostedUser, hostedPassword)

	// The cookie is HttpOnly, SameSite=Lax and lasts an hour.
	jarURL, _ := url.Parse(p.URL)
	if len(b.client.Jar.Cookies(jarURL)) < 2 {
		t.Fatalf("cookies after sign-in: %v", b.client.Jar.Cookies(jarURL))
	}

	if q := callbackQuery(t, b.get(p.oauth.AuthCodeURL("b"))); q.Get("code") == "" || q.Get("state") != "b" {
		t.Errorf("second authorize with a session: %v", q)
	}
	if q := callbackQuery(t, b.get(p.oauth.AuthCodeURL("c", oauth2.SetAuthURLParam("prompt", "none")))); q.Get("code") == "" {
		t.Errorf("prompt=none with a session: %v", q)
	}
	if r := b.follow(p.URL, b.get(p.oauth.AuthCodeURL("d", oauth2.SetAuthURLParam("prompt", "login")))); !strings.Contains(r.body, `name="password"`) {
		t.Errorf("prompt=login did not show the form: %d %v", r.status, r.location)
	}

	// /logout with an unregistered URL is an error page and keeps the session.
	r := b.get(p.URL + "/logout?" + url.Values{"client_id": {p.clientID}, "logout_uri": {"http://localhost:8123/evil"}}.Encode())
	if r.status != http.StatusBadRequest || r.location != nil {
		t.Errorf("logout to an unregistered URL: %d %v", r.status, r.location)
	}
	r = b.get(p.URL + "/logout?" + url.Values{"client_id": {p.clientID}}.Encode())
	if r.status != http.StatusBadRequest {
		t.Errorf("logout without a URL: %d", r.status)
	}
	r = b.get(p.URL + "/logout?" + url.Values{"client_id": {p.clientID}, "logout_uri": {signOutURL}}.Encode())
	if r.status != http.StatusFound || r.location.String() != signOutURL {
		t.Fatalf("logout: %d %v", r.status, r.location)
	}
	if q := callbackQuery(t, b.get(p.oauth.AuthCodeURL("e", oauth2.SetAuthURLParam("prompt", "none")))); q.Get("error") != "login_required" {
		t.Errorf("prompt=none after logout: %v", q)
	}

	// A copy of the old cookie, replayed after logout, is refused too.
	b2 := newBrowser(t)
	b2.signIn(p, p.oauth.AuthCodeURL("f"), hostedUser, hostedPassword)
	saved := b2.client.Jar.Cookies(jarURL)
	b2.get(p.URL + "/logout?" + url.Values{"client_id": {p.clientID}, "logout_uri": {signOutURL}}.Encode())
	b2.client.Jar.SetCookies(jarURL, saved)
	if q := callbackQuery(t, b2.get(p.oauth.AuthCodeURL("g", oauth2.SetAuthURLParam("prompt", "none")))); q.Get("error") != "login_required" {
		t.Errorf("replayed cookie after logout: %v", q)
	}

	// /logout with redirect_uri + response_type goes to the login form.
	r = b.get(p.URL + "/logout?" + url.Values{"client_id": {p.clientID}, "redirect_uri": {callbackURL}, "response_type": {"code"}}.Encode())
	if r.status != http.StatusFound || r.location.Path != "/login" {
		t.Errorf("logout with redirect_uri: %d %v", r.status, r.location)
	}

	// The session lasts an hour.
	b3 := newBrowser(t)
	b3.signIn(p, p.oauth.AuthCodeURL("h"), hostedUser, hostedPassword)
	p.Clock.Advance(time.Hour)
	if q := callbackQuery(t, b3.get(p.oauth.AuthCodeURL("i", oauth2.SetAuthURLParam("prompt", "none")))); q.Get("error") != "login_required" {
		t.Errorf("prompt=none after an hour: %v", q)
	}
}

// TestLoginForm: CSRF, wrong passwords, the lockout shared with InitiateAuth,
// and users who must confirm first.
func TestLoginForm(t *testing.T) {
	p := newHostedPool(t)
	p.CreateUser(t, hostedUser, hostedPassword, nil)
	b := newBrowser(t)
	page := b.follow(p.URL, b.get(p.oauth.AuthCodeURL("s")))
	for _, want := range []string{`<label for="username">`, `<label for="password">`, `name="_csrf"`, `href="/signup?`, `href="/forgotPassword?`, `lang="en"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("login page lacks %s", want)
		}
	}
	if page.header.Get("X-Frame-Options") != "DENY" || page.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("login page headers %v", page.header)
	}
	action := p.URL + "/login?" + url.Values{"client_id": {p.clientID}, "response_type": {"code"}, "redirect_uri": {callbackURL}}.Encode()

	// Without the CSRF token, or with another one, the form is refused.
	r := b.post(action, url.Values{"username": {hostedUser}, "password": {hostedPassword}})
	if r.status != http.StatusForbidden || !strings.Contains(r.body, "This page expired") {
		t.Errorf("no CSRF token: %d", r.status)
	}
	r = b.post(action, url.Values{"username": {hostedUser}, "password": {hostedPassword}, "_csrf": {"AAAA"}})
	if r.status != http.StatusForbidden {
		t.Errorf("wrong CSRF token: %d", r.status)
	}
	// Another browser's token does not work with this browser's cookie.
	other := newBrowser(t)
	otherPage := other.follow(p.URL, other.get(p.oauth.AuthCodeURL("s")))
	r = b.post(action, url.Values{"username": {hostedUser}, "password": {hostedPassword}, "_csrf": {csrfPattern.FindStringSubmatch(otherPage.body)[1]}})
	if r.status != http.StatusForbidden {
		t.Errorf("another browser's CSRF token: %d", r.status)
	}

	r = b.submit(p.URL, page, url.Values{"username": {hostedUser}, "password": {"Wrong-passw0rd"}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "Incorrect username or password") || !strings.Contains(r.body, `role="alert"`) {
		t.Errorf("wrong password: %d\n%s", r.status, r.body)
	}
	r = b.submit(p.URL, page, url.Values{"username": {"nobody@example.com"}, "password": {"Wrong-passw0rd"}})
	if !strings.Contains(r.body, "Incorrect username or password") {
		t.Errorf("unknown user: %d", r.status)
	}
	r = b.submit(p.URL, page, url.Values{"username": {hostedUser}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "Enter your email address and password") {
		t.Errorf("no password: %d", r.status)
	}

	// Four more failures (five with the one above) lock the account for the form and InitiateAuth alike.
	for range 4 {
		b.submit(p.URL, page, url.Values{"username": {hostedUser}, "password": {"Wrong-passw0rd"}})
	}
	r = b.submit(p.URL, page, url.Values{"username": {hostedUser}, "password": {hostedPassword}})
	if !strings.Contains(r.body, "Too many failed attempts") {
		t.Errorf("locked account through the form: %d\n%s", r.status, r.body)
	}
	if _, err := passwordSignIn(p.Admin(), p.ClientID, hostedUser, hostedPassword); !isAPIError(err, "NotAuthorizedException") ||
		!strings.Contains(err.Error(), "Password attempts exceeded") {
		t.Errorf("InitiateAuth after the form's failures: %v", err)
	}
	p.Clock.Advance(time.Minute)
	callbackQuery(t, b.follow(p.URL, b.submit(p.URL, page, url.Values{"username": {hostedUser}, "password": {hostedPassword}})))

	// A user who has not confirmed is sent to the confirmation page.
	if _, err := p.Admin().SignUp(ctx, &cip.SignUpInput{ClientId: &p.ClientID, Username: aws.String("new@example.com"),
		Password: aws.String(hostedPassword)}); err != nil {
		t.Fatal(err)
	}
	b4 := newBrowser(t)
	page = b4.follow(p.URL, b4.get(p.oauth.AuthCodeURL("s")))
	r = b4.submit(p.URL, page, url.Values{"username": {"new@example.com"}, "password": {hostedPassword}})
	if r.status != http.StatusFound || r.location.Path != "/confirm" {
		t.Errorf("unconfirmed user: %d %v", r.status, r.location)
	}
}

// TestHostedNewPassword: a user with a temporary password chooses a new one on the page.
func TestHostedNewPassword(t *testing.T) {
	p := newHostedPool(t)
	const temp = "Temp-passw0rd1"
	if _, err := p.Admin().AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(hostedUser),
		TemporaryPassword: aws.String(temp), MessageAction: types.MessageActionTypeSuppress}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	page := b.follow(p.URL, b.get(p.oauth.AuthCodeURL("s")))
	r := b.submit(p.URL, page, url.Values{"username": {hostedUser}, "password": {temp}})
	if r.status != http.StatusOK || !strings.Contains(r.body, "Choose a new password") {
		t.Fatalf("temporary password: %d\n%s", r.status, r.body)
	}
	weak := b.submit(p.URL, r, url.Values{"new_password": {"short"}})
	if weak.status != http.StatusBadRequest || !strings.Contains(weak.body, "Password") || !strings.Contains(weak.body, `role="alert"`) {
		t.Errorf("weak new password: %d\n%s", weak.status, weak.body)
	}
	q := callbackQuery(t, b.follow(p.URL, b.submit(p.URL, weak, url.Values{"new_password": {"Brand-new-passw0rd"}})))
	if q.Get("code") == "" {
		t.Fatalf("no code after the new password: %v", q)
	}
	mustSignIn(t, p.Pool, hostedUser, "Brand-new-passw0rd")
}

// TestHostedSignUpAndReset: sign up, confirm with the code, sign in; then
// forgot password and reset, all through the pages.
func TestHostedSignUpAndReset(t *testing.T) {
	p := newHostedPool(t)
	b := newBrowser(t)
	login := b.follow(p.URL, b.get(p.oauth.AuthCodeURL("s")))
	signup := b.get(p.URL + htmlUnescape(regexpFind(t, login.body, `href="(/signup\?[^"]+)"`)))
	if !strings.Contains(signup.body, `<label for="username">Email address</label>`) {
		t.Fatalf("sign-up page:\n%s", signup.body)
	}
	r := b.submit(p.URL, signup, url.Values{"username": {"sam@example.com"}, "password": {"weak"}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, `role="alert"`) {
		t.Errorf("weak password at sign-up: %d", r.status)
	}
	r = b.submit(p.URL, signup, url.Values{"username": {"sam@example.com"}, "password": {hostedPassword}})
	if r.status != http.StatusFound || r.location.Path != "/confirm" {
		t.Fatalf("sign-up: %d %v\n%s", r.status, r.location, r.body)
	}
	confirm := b.follow(p.URL, r)
	wrong := b.submit(p.URL, confirm, url.Values{"code": {"000000"}})
	if wrong.status != http.StatusBadRequest || !strings.Contains(wrong.body, "That code is not right") {
		t.Errorf("wrong code: %d\n%s", wrong.status, wrong.body)
	}
	r = b.submit(p.URL, confirm, url.Values{"code": {p.Code(t, "sam@example.com")}})
	login = b.follow(p.URL, r)
	if !strings.Contains(login.body, "Your account is confirmed") || !strings.Contains(login.body, `value="sam@example.com"`) {
		t.Fatalf("after confirming:\n%s", login.body)
	}
	callbackQuery(t, b.follow(p.URL, b.submit(p.URL, login, url.Values{"username": {"sam@example.com"}, "password": {hostedPassword}})))

	// Forgot password.
	b = newBrowser(t)
	login = b.follow(p.URL, b.get(p.oauth.AuthCodeURL("s")))
	forgot := b.get(p.URL + htmlUnescape(regexpFind(t, login.body, `href="(/forgotPassword\?[^"]+)"`)))
	r = b.follow(p.URL, b.submit(p.URL, forgot, url.Values{"username": {"sam@example.com"}}))
	if !strings.Contains(r.body, "Set a new password") {
		t.Fatalf("after asking for a code:\n%s", r.body)
	}
	bad := b.submit(p.URL, r, url.Values{"code": {"000000"}, "password": {"Reset-passw0rd"}})
	if bad.status != http.StatusBadRequest {
		t.Errorf("wrong reset code: %d", bad.status)
	}
	login = b.follow(p.URL, b.submit(p.URL, r, url.Values{"code": {p.Code(t, "sam@example.com")}, "password": {"Reset-passw0rd"}}))
	if !strings.Contains(login.body, "Your password is changed") {
		t.Fatalf("after the reset:\n%s", login.body)
	}
	mustSignIn(t, p.Pool, "sam@example.com", "Reset-passw0rd")

	// An unknown name gets the same next page, so the form tells no one who has an account.
	r = b.submit(p.URL, forgot, url.Values{"username": {"nobody@example.com"}})
	if r.status != http.StatusFound || r.location.Path != "/confirmForgotPassword" {
		t.Errorf("unknown user at forgot password: %d %v", r.status, r.location)
	}
}

// TestHostedImplicit: response_type=token puts the tokens in the fragment.
func TestHostedImplicit(t *testing.T) {
	p := newHostedPool(t)
	p.CreateUser(t, hostedUser, hostedPassword, nil)
	b := newBrowser(t)
	u := p.URL + "/oauth2/authorize?" + url.Values{"client_id": {p.clientID}, "response_type": {"token"}, "redirect_uri": {callbackURL},
		"scope": {"openid"}, "state": {"s"}, "nonce": {"n"}}.Encode()
	page := b.follow(p.URL, b.get(u))
	r := b.follow(p.URL, b.submit(p.URL, page, url.Values{"username": {hostedUser}, "password": {hostedPassword}}))
	if r.location == nil || r.location.Fragment == "" || r.location.RawQuery != "" {
		t.Fatalf("implicit redirect %v", r.location)
	}
	frag, _ := url.ParseQuery(r.location.Fragment)
	idToken := frag.Get("id_token")
	if frag.Get("access_token") == "" || idToken == "" || frag.Get("state") != "s" || frag.Get("refresh_token") != "" {
		t.Fatalf("fragment %v", frag)
	}
	if claims(t, &idToken)["nonce"] != "n" {
		t.Errorf("implicit ID token nonce")
	}
}

// TestUserInfoErrors: bad tokens get 401 with WWW-Authenticate, and an
// access token from InitiateAuth (no openid scope) is refused.
func TestUserInfoErrors(t *testing.T) {
	p := newHostedPool(t)
	p.CreateUser(t, hostedUser, hostedPassword, map[string]string{"phone_number": "+15555550100", "name": "Ann"})
	userInfo(t, p, "", http.StatusBadRequest)
	userInfo(t, p, "not-a-jwt", http.StatusUnauthorized)
	api := mustSignIn(t, p.Pool, hostedUser, hostedPassword)
	userInfo(t, p, aws.ToString(api.AccessToken), http.StatusUnauthorized)
	userInfo(t, p, aws.ToString(api.IdToken), http.StatusUnauthorized)

	// openid alone returns every attribute; expired tokens are refused.
	conf := *p.oauth
	conf.Scopes = []string{"openid"}
	b := newBrowser(t)
	verifier := oauth2.GenerateVerifier()
	q := b.signIn(p, conf.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)), hostedUser, hostedPassword)
	tok, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	info := userInfo(t, p, tok.AccessToken, http.StatusOK)
	if info["phone_number"] != "+15555550100" || info["name"] != "Ann" || info["username"] == nil {
		t.Errorf("userInfo with openid alone: %v", info)
	}
	// Without aws.cognito.signin.user.admin the token does not work with GetUser.
	if _, err := p.Admin().GetUser(ctx, &cip.GetUserInput{AccessToken: &tok.AccessToken}); !isAPIError(err, "NotAuthorizedException") {
		t.Errorf("GetUser with an openid-only token: %v", err)
	}
	p.Clock.Advance(time.Hour + time.Second)
	userInfo(t, p, tok.AccessToken, http.StatusUnauthorized)
}

// TestClientCredentials: a confidential client gets an access token with the
// custom scopes of a resource server.
func TestClientCredentials(t *testing.T) {
	p := newHostedPool(t)
	admin := p.Admin()
	_, err := admin.CreateResourceServer(ctx, &cip.CreateResourceServerInput{UserPoolId: &p.UserPoolID, Identifier: aws.String("https://api.example.com"),
		Name: aws.String("API"), Scopes: []types.ResourceServerScopeType{
			{ScopeName: aws.String("read"), ScopeDescription: aws.String("Read")},
			{ScopeName: aws.String("write"), ScopeDescription: aws.String("Write")}}})
	if err != nil {
		t.Fatal(err)
	}
	clientID, secret := p.NewClient(t, cip.CreateUserPoolClientInput{GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true,
		AllowedOAuthFlows:  []types.OAuthFlowType{types.OAuthFlowTypeClientCredentials},
		AllowedOAuthScopes: []string{"https://api.example.com/read", "https://api.example.com/write"}})
	form := url.Values{"grant_type": {"client_credentials"}}
	status, body := tokenRequest(t, p, form, clientID, secret)
	if status != http.StatusOK || body["id_token"] != nil || body["refresh_token"] != nil {
		t.Fatalf("client_credentials: %d %v", status, body)
	}
	at := body["access_token"].(string)
	if c := claims(t, &at); c["scope"] != "https://api.example.com/read https://api.example.com/write" || c["client_id"] != clientID || c["username"] != nil {
		t.Errorf("client_credentials claims %v", c)
	}
	form.Set("scope", "https://api.example.com/read")
	if _, body := tokenRequest(t, p, form, clientID, secret); !strings.HasSuffix(claimsOf(t, body)["scope"].(string), "/read") {
		t.Errorf("one scope: %v", body)
	}
	form.Set("scope", "openid")
	if status, body := tokenRequest(t, p, form, clientID, secret); status != http.StatusBadRequest || body["error"] != "invalid_scope" {
		t.Errorf("a scope the client may not request: %d %v", status, body)
	}
	// A client_credentials token is not a user's: userInfo refuses it.
	userInfo(t, p, at, http.StatusUnauthorized)

	// Client settings are checked when the client is made.
	for name, in := range map[string]cip.CreateUserPoolClientInput{
		"unknown custom scope": {AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: []types.OAuthFlowType{"code"},
			AllowedOAuthScopes: []string{"https://api.example.com/delete"}, CallbackURLs: []string{callbackURL}},
		"client_credentials with code": {GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true,
			AllowedOAuthFlows: []types.OAuthFlowType{"code", "client_credentials"}, AllowedOAuthScopes: []string{"openid"}},
		"http callback": {AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: []types.OAuthFlowType{"code"},
			AllowedOAuthScopes: []string{"openid"}, CallbackURLs: []string{"http://app.example.com/callback"}},
		"callback with a fragment": {AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: []types.OAuthFlowType{"code"},
			AllowedOAuthScopes: []string{"openid"}, CallbackURLs: []string{"https://app.example.com/#cb"}},
		"default redirect not a callback": {AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: []types.OAuthFlowType{"code"},
			AllowedOAuthScopes: []string{"openid"}, CallbackURLs: []string{callbackURL}, DefaultRedirectURI: aws.String("https://x.example.com/")},
		"unknown flow": {AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: []types.OAuthFlowType{"password"},
			AllowedOAuthScopes: []string{"openid"}},
		"OAuth without flows": {AllowedOAuthFlowsUserPoolClient: true},
	} {
		in.UserPoolId, in.ClientName = &p.UserPoolID, aws.String("bad")
		if _, err := admin.CreateUserPoolClient(ctx, &in); !isAPIError(err, "InvalidParameterException") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func claimsOf(t *testing.T, body map[string]any) map[string]any {
	t.Helper()
	at, _ := body["access_token"].(string)
	return claims(t, &at)
}

// TestDomainsAndResourceServers covers the domain and resource-server
// operations, the discovery document and the <domain>.localhost host form.
func TestDomainsAndResourceServers(t *testing.T) {
	p := newHostedPool(t)
	admin := p.Admin()
	d, err := admin.DescribeUserPoolDomain(ctx, &cip.DescribeUserPoolDomainInput{Domain: aws.String(testDomain)})
	if err != nil || aws.ToString(d.DomainDescription.UserPoolId) != p.UserPoolID || d.DomainDescription.Status != types.DomainStatusTypeActive {
		t.Fatalf("DescribeUserPoolDomain: %+v %v", d, err)
	}
	if d, err := admin.DescribeUserPoolDomain(ctx, &cip.DescribeUserPoolDomainInput{Domain: aws.String("nobody")}); err != nil || d.DomainDescription.UserPoolId != nil {
		t.Errorf("unknown domain: %+v %v", d, err)
	}
	pool, err := admin.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &p.UserPoolID})
	if err != nil || aws.ToString(pool.UserPool.Domain) != testDomain {
		t.Errorf("DescribeUserPool Domain: %v", err)
	}
	if _, err := admin.CreateUserPoolDomain(ctx, &cip.CreateUserPoolDomainInput{Domain: aws.String("second"), UserPoolId: &p.UserPoolID}); !isAPIError(err, "InvalidParameterException") {
		t.Errorf("second domain: %v", err)
	}
	other, err := admin.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("other")})
	if err != nil {
		t.Fatal(err)
	}
	for _, dom := range []string{testDomain, "Upper", "-dash", strings.Repeat("a", 64)} {
		if _, err := admin.CreateUserPoolDomain(ctx, &cip.CreateUserPoolDomainInput{Domain: aws.String(dom), UserPoolId: other.UserPool.Id}); !isAPIError(err, "InvalidParameterException") {
			t.Errorf("domain %q: %v", dom, err)
		}
	}
	if _, err := admin.UpdateUserPoolDomain(ctx, &cip.UpdateUserPoolDomainInput{Domain: aws.String(testDomain), UserPoolId: &p.UserPoolID,
		ManagedLoginVersion: aws.Int32(2)}); err != nil {
		t.Errorf("UpdateUserPoolDomain: %v", err)
	}

	// Discovery lists the endpoints on the base URL.
	var doc map[string]any
	getJSON(t, p.Issuer+"/.well-known/openid-configuration", &doc)
	if doc["authorization_endpoint"] != p.URL+"/oauth2/authorize" || doc["token_endpoint"] != p.URL+"/oauth2/token" ||
		doc["userinfo_endpoint"] != p.URL+"/oauth2/userInfo" || doc["issuer"] != p.Issuer {
		t.Errorf("discovery %v", doc)
	}
	// The pool without a domain lists none.
	doc = nil
	getJSON(t, p.URL+"/"+aws.ToString(other.UserPool.Id)+"/.well-known/openid-configuration", &doc)
	if _, ok := doc["authorization_endpoint"]; ok {
		t.Errorf("discovery of a pool without a domain: %v", doc)
	}

	// The host form: <domain>.localhost answers for its pool's clients only.
	otherClient, _ := (&hostedPool{Pool: p.Pool}).NewClient(t, cip.CreateUserPoolClientInput{UserPoolId: other.UserPool.Id,
		AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: []types.OAuthFlowType{"code"},
		AllowedOAuthScopes: []string{"openid"}, CallbackURLs: []string{callbackURL}, SupportedIdentityProviders: []string{"COGNITO"}})
	b := newBrowser(t)
	hostReq := func(clientID string) *response {
		req, _ := http.NewRequest(http.MethodGet, p.URL+"/oauth2/authorize?"+url.Values{"client_id": {clientID}, "response_type": {"code"},
			"redirect_uri": {callbackURL}}.Encode(), nil)
		u, _ := url.Parse(p.URL)
		req.Host = testDomain + ".localhost:" + u.Port()
		return b.do(req)
	}
	if r := hostReq(p.clientID); r.status != http.StatusFound || r.location.Path != "/login" {
		t.Errorf("domain host with its client: %d %v", r.status, r.location)
	}
	if r := hostReq(otherClient); r.status != http.StatusBadRequest {
		t.Errorf("domain host with another pool's client: %d %v", r.status, r.location)
	}

	// Resource servers.
	rs := &cip.CreateResourceServerInput{UserPoolId: &p.UserPoolID, Identifier: aws.String("orders"), Name: aws.String("Orders"),
		Scopes: []types.ResourceServerScopeType{{ScopeName: aws.String("read"), ScopeDescription: aws.String("Read orders")}}}
	if _, err := admin.CreateResourceServer(ctx, rs); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.CreateResourceServer(ctx, rs); !isAPIError(err, "InvalidParameterException") {
		t.Errorf("duplicate resource server: %v", err)
	}
	if _, err := admin.UpdateResourceServer(ctx, &cip.UpdateResourceServerInput{UserPoolId: &p.UserPoolID, Identifier: aws.String("orders"),
		Name: aws.String("Orders v2"), Scopes: rs.Scopes}); err != nil {
		t.Error(err)
	}
	got, err := admin.DescribeResourceServer(ctx, &cip.DescribeResourceServerInput{UserPoolId: &p.UserPoolID, Identifier: aws.String("orders")})
	if err != nil || aws.ToString(got.ResourceServer.Name) != "Orders v2" || len(got.ResourceServer.Scopes) != 1 {
		t.Errorf("DescribeResourceServer: %+v %v", got, err)
	}
	list, err := admin.ListResourceServers(ctx, &cip.ListResourceServersInput{UserPoolId: &p.UserPoolID, MaxResults: aws.Int32(10)})
	if err != nil || len(list.ResourceServers) != 1 {
		t.Errorf("ListResourceServers: %v", err)
	}
	bad := []*cip.CreateResourceServerInput{
		{UserPoolId: &p.UserPoolID, Identifier: aws.String("has space"), Name: aws.String("x")},
		{UserPoolId: &p.UserPoolID, Identifier: aws.String("x"), Name: aws.String("x"), Scopes: []types.ResourceServerScopeType{{ScopeName: aws.String("a/b"), ScopeDescription: aws.String("d")}}},
	}
	for _, in := range bad {
		if _, err := admin.CreateResourceServer(ctx, in); !isAPIError(err, "InvalidParameterException") {
			t.Errorf("bad resource server %v: %v", aws.ToString(in.Identifier), err)
		}
	}
	if _, err := admin.DeleteResourceServer(ctx, &cip.DeleteResourceServerInput{UserPoolId: &p.UserPoolID, Identifier: aws.String("orders")}); err != nil {
		t.Error(err)
	}
	var nf *types.ResourceNotFoundException
	if _, err := admin.DescribeResourceServer(ctx, &cip.DescribeResourceServerInput{UserPoolId: &p.UserPoolID, Identifier: aws.String("orders")}); !errors.As(err, &nf) {
		t.Errorf("deleted resource server: %v", err)
	}

	if _, err := admin.DeleteUserPoolDomain(ctx, &cip.DeleteUserPoolDomainInput{Domain: aws.String(testDomain), UserPoolId: &p.UserPoolID}); err != nil {
		t.Fatal(err)
	}
	doc = nil
	getJSON(t, p.Issuer+"/.well-known/openid-configuration", &doc)
	if _, ok := doc["authorization_endpoint"]; ok {
		t.Errorf("discovery after deleting the domain: %v", doc)
	}
}

// TestHostedTokensByScope: without openid there is no ID token; the session
// cookie is HttpOnly, SameSite=Lax and lasts an hour.
func TestHostedTokensByScope(t *testing.T) {
	p := newHostedPool(t)
	p.CreateUser(t, hostedUser, hostedPassword, nil)
	b := newBrowser(t)
	conf := *p.oauth
	conf.Scopes = []string{"aws.cognito.signin.user.admin"}
	verifier := oauth2.GenerateVerifier()
	page := b.follow(p.URL, b.get(conf.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier))))
	r := b.submit(p.URL, page, url.Values{"username": {hostedUser}, "password": {hostedPassword}})
	var session string
	for _, c := range r.header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "cognito_"+p.UserPoolID+"=") {
			session = c
		}
	}
	for _, want := range []string{"HttpOnly", "SameSite=Lax", "Max-Age=3600", "Path=/"} {
		if !strings.Contains(session, want) {
			t.Errorf("session cookie %q lacks %s", session, want)
		}
	}
	q := callbackQuery(t, b.follow(p.URL, r))
	tok, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	if tok.Extra("id_token") != nil {
		t.Errorf("an ID token without the openid scope")
	}
	if got := claims(t, &tok.AccessToken)["scope"]; got != "aws.cognito.signin.user.admin" {
		t.Errorf("scope %v", got)
	}
	userInfo(t, p, tok.AccessToken, http.StatusUnauthorized) // userInfo needs openid
}
