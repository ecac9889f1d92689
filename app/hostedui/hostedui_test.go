//go:build !js

package hostedui_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/hostedui"
	"github.com/cognitowasm/cognitowasm/app/storage"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

const (
	callback = "http://localhost:8123/callback"
	signOut  = "http://localhost:8123/"
	username = "ann@example.com"
	password = "Hosted-passw0rd"
)

var ctx = context.Background()

type fixture struct {
	pool     *localpooltest.Pool
	clientID string
	users    *cognito.Client
	flights  storage.Store // the tab's sessionStorage
	hosted   *hostedui.Client
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	p := localpooltest.New(t)
	p.CreateUser(t, username, password, nil)
	clientID := p.EnableHostedUI(t, "app", []string{callback}, []string{signOut})
	users, err := cognito.New(cognito.Config{Region: p.Region, UserPoolID: p.UserPoolID, ClientID: clientID, Endpoint: p.URL, Clock: p.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{pool: p, clientID: clientID, users: users, flights: storage.NewMemory()}
	f.hosted = f.client(t, f.flights)
	return f
}

// client is a hosted-UI client on a store, as another tab would have.
func (f *fixture) client(t *testing.T, flights storage.Store) *hostedui.Client {
	t.Helper()
	c, err := hostedui.New(hostedui.Config{Domain: f.pool.URL, ClientID: f.clientID, RedirectSignIn: callback, RedirectSignOut: signOut,
		Store: flights, Clock: f.pool.Clock.Now}, f.users)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *fixture) start(t *testing.T) string {
	t.Helper()
	u, err := f.hosted.Start(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestSignIn(t *testing.T) {
	f := newFixture(t)
	authURL := f.start(t)
	q, _ := url.Parse(authURL)
	if q.Query().Get("code_challenge_method") != "S256" || q.Query().Get("nonce") == "" || len(q.Query().Get("state")) < 43 {
		t.Fatalf("authorize URL %s", authURL)
	}
	if !f.hosted.Pending() {
		t.Error("no sign-in pending after Start")
	}
	back := f.pool.HostedSignIn(t, authURL, username, password)
	if !hostedui.IsCallback(back) {
		t.Fatalf("callback %s", back)
	}
	s, err := f.hosted.Callback(ctx, back)
	if err != nil {
		t.Fatal(err)
	}
	if f.hosted.Pending() {
		t.Error("still pending after the callback")
	}
	tokens, err := s.Tokens(ctx)
	if err != nil || tokens.RefreshToken == "" {
		t.Fatalf("tokens %v", err)
	}
	if got := hostedui.Scopes(tokens.AccessToken); !slices.Equal(got, hostedui.DefaultScopes) {
		t.Errorf("granted scopes %v", got)
	}
	// The session is the cognito.Client's: stored, and usable with the user operations.
	again, err := f.users.CurrentSession(ctx)
	if err != nil || again.Username() != s.Username() {
		t.Fatalf("CurrentSession after the callback: %v", err)
	}
	if user, err := s.User(ctx); err != nil || user.Attributes["email"] != username {
		t.Errorf("User: %+v %v", user, err)
	}
	// It refreshes through InitiateAuth with the hosted UI's refresh token.
	if err := s.Refresh(ctx); err != nil {
		t.Errorf("refresh: %v", err)
	}
	// The same callback again is not a second sign-in, and not "cancelled" either.
	if _, err := f.hosted.Callback(ctx, back); !errors.Is(err, hostedui.ErrNoPendingSignIn) {
		t.Errorf("the callback again: %v", err)
	}
}

// TestBackAndRetry: a sign-in abandoned on the login page (Back, closed tab)
// blocks nothing: the next Start replaces it, and an old answer is refused
// without spoiling the new sign-in.
func TestBackAndRetry(t *testing.T) {
	f := newFixture(t)
	abandoned := f.start(t)
	// The user comes back and starts again; then an answer to the abandoned
	// request arrives (the old tab finished after all).
	retry := f.start(t)
	old := f.pool.HostedSignIn(t, abandoned, username, password)
	if _, err := f.hosted.Callback(ctx, old); !errors.Is(err, hostedui.ErrStateMismatch) {
		t.Fatalf("the abandoned request's answer: %v", err)
	}
	if hostedui.Message(errors.New("x")) != "" || strings.Contains(strings.ToLower(hostedui.Message(hostedui.ErrStateMismatch)), "cancel") {
		t.Errorf("message %q", hostedui.Message(hostedui.ErrStateMismatch))
	}
	back := f.pool.HostedSignIn(t, retry, username, password)
	if _, err := f.hosted.Callback(ctx, back); err != nil {
		t.Fatalf("the retry: %v", err)
	}
	// Cancel forgets a pending sign-in; its answer is then ErrNoPendingSignIn.
	pending := f.start(t)
	if err := f.hosted.Cancel(); err != nil || f.hosted.Pending() {
		t.Fatalf("Cancel: %v", err)
	}
	if _, err := f.hosted.Callback(ctx, f.pool.HostedSignIn(t, pending, username, password)); !errors.Is(err, hostedui.ErrNoPendingSignIn) {
		t.Errorf("after Cancel: %v", err)
	}
	// A sign-in left for 30 minutes expires by itself.
	f.start(t)
	f.pool.Clock.Advance(30 * time.Minute)
	if f.hosted.Pending() {
		t.Error("a 30-minute-old sign-in is still pending")
	}
}

func TestCallbackErrors(t *testing.T) {
	f := newFixture(t)
	authURL := f.start(t)
	state := must(url.Parse(authURL)).Query().Get("state")

	// An error redirect is typed, with a sentence, and ends the sign-in.
	denied := must(url.Parse(callback + "?" + url.Values{"error": {"access_denied"}, "error_description": {"User said no"}, "state": {state}}.Encode()))
	_, err := f.hosted.Callback(ctx, denied)
	var re *hostedui.RedirectError
	if !errors.As(err, &re) || re.Code != "access_denied" || re.Description != "User said no" || hostedui.Message(err) == "" {
		t.Fatalf("error redirect: %v", err)
	}
	if f.hosted.Pending() {
		t.Error("an error redirect left the sign-in pending")
	}

	// A real error redirect from the pool: a scope the pool does not know.
	badScopes, _ := hostedui.New(hostedui.Config{Domain: f.pool.URL, ClientID: f.clientID, RedirectSignIn: callback,
		Scopes: []string{"openid", "admin:everything"}, Store: f.flights, Clock: f.pool.Clock.Now}, f.users)
	u, _ := badScopes.Start(ctx, nil)
	resp := noRedirect(t, u)
	if _, err := badScopes.Callback(ctx, resp); !errors.As(err, &re) || re.Code != "invalid_scope" {
		t.Errorf("invalid_scope redirect: %v", err)
	}

	if _, err := f.hosted.Callback(ctx, must(url.Parse(callback))); !errors.Is(err, hostedui.ErrNotCallback) {
		t.Errorf("no answer: %v", err)
	}
	other := f.client(t, storage.NewMemory()) // another tab, which started nothing
	back := f.pool.HostedSignIn(t, f.start(t), username, password)
	if _, err := other.Callback(ctx, back); !errors.Is(err, hostedui.ErrNoPendingSignIn) {
		t.Errorf("another tab's answer: %v", err)
	}

	// A code older than five minutes: the token endpoint's invalid_grant.
	f.pool.Clock.Advance(5*time.Minute + time.Second)
	var te *hostedui.TokenError
	if _, err := f.hosted.Callback(ctx, back); !errors.As(err, &te) || te.Code != "invalid_grant" || hostedui.Message(err) == "" {
		t.Errorf("expired code: %v", err)
	}

	// A nonce that is not the sign-in's (the stored request was replaced).
	back = f.pool.HostedSignIn(t, f.start(t), username, password)
	key := "cognitowasm.hostedui." + f.clientID + ".inflight"
	raw, _, _ := f.flights.Get(key)
	f.flights.Set(key, strings.Replace(raw, `"nonce":"`, `"nonce":"x`, 1))
	if _, err := f.hosted.Callback(ctx, back); !errors.Is(err, hostedui.ErrNonceMismatch) {
		t.Errorf("nonce mismatch: %v", err)
	}
}

// noRedirect loads u without following redirects and returns where it points.
func noRedirect(t *testing.T, u string) *url.URL {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil {
		t.Fatalf("%s: status %d without a redirect", u, resp.StatusCode)
	}
	return loc
}

func TestSignOut(t *testing.T) {
	f := newFixture(t)
	s, err := f.hosted.Callback(ctx, f.pool.HostedSignIn(t, f.start(t), username, password))
	if err != nil {
		t.Fatal(err)
	}
	tokens, _ := s.Tokens(ctx)
	logout, err := f.hosted.SignOut(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.users.CurrentSession(ctx); !errors.Is(err, cognito.ErrNoSession) {
		t.Errorf("session after SignOut: %v", err)
	}
	_, err = f.pool.Admin().InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &f.clientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": tokens.RefreshToken}})
	if err == nil {
		t.Error("the refresh token still works after SignOut")
	}
	if got := noRedirect(t, logout); got.String() != signOut {
		t.Errorf("/logout sends the browser to %s", got)
	}
}

func TestConfig(t *testing.T) {
	users, _ := cognito.New(cognito.Config{Region: "us-east-1", UserPoolID: "us-east-1_X", ClientID: "c"})
	for _, d := range []string{"", "ftp://x", "https://x/path", "https://x?q"} {
		if _, err := hostedui.New(hostedui.Config{Domain: d, ClientID: "c", RedirectSignIn: callback}, users); err == nil {
			t.Errorf("domain %q accepted", d)
		}
	}
	for in, want := range map[string]string{"auth.example.com": "https://auth.example.com", "http://127.0.0.1:9229/": "http://127.0.0.1:9229"} {
		if got, err := hostedui.BaseURL(in); err != nil || got != want {
			t.Errorf("BaseURL(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := hostedui.New(hostedui.Config{Domain: "auth.example.com", ClientID: "c", RedirectSignIn: "callback"}, users); err == nil {
		t.Error("a relative RedirectSignIn accepted")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
