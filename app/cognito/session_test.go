//go:build !js

package cognito_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/storage"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// refreshOp is the operation a Session refreshes with.
const refreshOp = "GetTokensFromRefreshToken"

// Many callers asking for tokens near expiry share exactly one refresh.
func TestTokensRefreshOnceUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	p := localpooltest.New(t)
	p.CreateUser(t, "jo@example.com", password, nil)
	tr := &transport{}
	c, _ := newClient(t, p, withTransport(tr))
	s := signIn(t, c, "jo@example.com", password, nil)
	old, _ := s.Tokens(ctx)

	// Far from expiry, Tokens does not refresh.
	if _, err := s.Tokens(ctx); err != nil || tr.count(refreshOp) != 0 {
		t.Fatalf("Tokens far from expiry: err %v, %d refreshes, want none", err, tr.count(refreshOp))
	}

	// Within RefreshBefore of expiry: hold the refresh request until every
	// caller is waiting, so a second refresh would have to start meanwhile.
	p.Clock.Advance(old.ExpiresAt.Sub(p.Clock.Now()) - 2*time.Minute)
	tr.mu.Lock()
	tr.hold, tr.held, tr.release = refreshOp, make(chan struct{}, 16), make(chan struct{})
	tr.mu.Unlock()

	const callers = 16
	var wg sync.WaitGroup
	got := make([]cognito.Tokens, callers)
	errs := make([]error, callers)
	for i := range callers {
		wg.Go(func() { got[i], errs[i] = s.Tokens(ctx) })
	}
	<-tr.held // the one refresh is on the wire
	// Give the other callers time to pile up behind it; a broken single-flight
	// would send its own InitiateAuth here and show in the count.
	deadline := time.Now().Add(200 * time.Millisecond)
	for time.Now().Before(deadline) && tr.count(refreshOp) == 1 {
		time.Sleep(5 * time.Millisecond)
	}
	close(tr.release)
	wg.Wait()

	if n := tr.count(refreshOp); n != 1 {
		t.Fatalf("%d refreshes, want 1", n)
	}
	for i := range callers {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		if got[i] != got[0] {
			t.Fatalf("caller %d got other tokens than caller 0", i)
		}
	}
	if got[0].AccessToken == old.AccessToken || got[0].RefreshToken != old.RefreshToken {
		t.Error("the refresh did not issue new tokens under the same refresh token")
	}
	if !got[0].ExpiresAt.After(p.Clock.Now().Add(30 * time.Minute)) {
		t.Errorf("refreshed tokens expire at %v, now is %v", got[0].ExpiresAt, p.Clock.Now())
	}
}

// A network failure keeps the session; Cognito's NotAuthorized ends it.
func TestRefreshFailures(t *testing.T) {
	ctx := context.Background()
	p := localpooltest.New(t)
	p.CreateUser(t, "kai@example.com", password, nil)
	tr := &transport{}
	c, store := newClient(t, p, withTransport(tr))
	s := signIn(t, c, "kai@example.com", password, nil)
	old, _ := s.Tokens(ctx)

	// Near expiry, offline: the still-valid tokens come back without error.
	p.Clock.Advance(old.ExpiresAt.Sub(p.Clock.Now()) - time.Minute)
	tr.fail.Store(true)
	got, err := s.Tokens(ctx)
	if err != nil || got != old {
		t.Fatalf("Tokens offline before expiry = %v; want the unexpired tokens", err)
	}
	// Past expiry, offline: a network error, not a Cognito one; nothing is lost.
	p.Clock.Advance(2 * time.Minute)
	_, err = s.Tokens(ctx)
	var ce *cognito.Error
	if !errors.Is(err, errNetworkDown) || errors.As(err, &ce) {
		t.Fatalf("Tokens offline after expiry: %v; want the network error, not a *cognito.Error", err)
	}
	if err := s.Refresh(ctx); !errors.Is(err, errNetworkDown) {
		t.Fatalf("Refresh offline: %v", err)
	}
	if _, st, ok, _ := storage.LoadSession(store, p.ClientID); !ok || st.RefreshToken != old.RefreshToken {
		t.Fatal("a network error cleared the stored session")
	}
	// Back online, the same session recovers.
	tr.fail.Store(false)
	got, err = s.Tokens(ctx)
	if err != nil || got.AccessToken == old.AccessToken {
		t.Fatalf("Tokens back online: %v", err)
	}

	// Revoked elsewhere: the refresh is refused and the session is gone.
	if _, err := p.Admin().AdminUserGlobalSignOut(ctx, &cip.AdminUserGlobalSignOutInput{
		UserPoolId: &p.UserPoolID, Username: aws.String(s.Username()),
	}); err != nil {
		t.Fatal("AdminUserGlobalSignOut:", err)
	}
	err = s.Refresh(ctx)
	wantCode(t, "Refresh of a revoked token", err, cognito.ErrNotAuthorized)
	if !errors.Is(err, cognito.ErrNoSession) {
		t.Errorf("Refresh of a revoked token: %v does not match ErrNoSession", err)
	}
	if _, _, ok, _ := storage.LoadSession(store, p.ClientID); ok {
		t.Error("NotAuthorized left the session in the store")
	}
	if _, err := s.Tokens(ctx); !errors.Is(err, cognito.ErrNoSession) {
		t.Errorf("Tokens after the session ended: %v, want ErrNoSession", err)
	}
}

// With a local clock 3 hours fast, expiry is corrected for the drift, the
// tokens still verify (their times are checked in Cognito's time), and once
// the drift is known the SRP TIMESTAMP is sent in Cognito's time too.
func TestClockDrift(t *testing.T) {
	ctx := context.Background()
	p := localpooltest.New(t)
	p.CreateUser(t, "lu@example.com", password, nil)
	const skew = 3 * time.Hour
	skewed := func(cfg *cognito.Config) { cfg.Clock = func() time.Time { return p.Clock.Now().Add(skew) } }
	c, store := newClient(t, p, skewed)

	// Nothing is known of the drift yet: the pool refuses the far-off TIMESTAMP.
	_, err := c.SignIn(ctx, "lu@example.com", password, nil)
	wantCode(t, "SRP with an unknown 3 h drift", err, cognito.ErrNotAuthorized)

	s := signIn(t, c, "lu@example.com", password, &cognito.SignInOptions{Flow: cognito.FlowPassword})
	tok, err := s.Tokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, st, _, _ := storage.LoadSession(store, p.ClientID)
	if st.ClockDrift != skew {
		t.Errorf("stored clock drift %v, want %v", st.ClockDrift, skew)
	}
	// In local time the tokens last their hour from now, not "expired 2 h ago".
	if left := tok.ExpiresAt.Sub(p.Clock.Now().Add(skew)); left < 50*time.Minute || left > time.Hour {
		t.Errorf("tokens expire %v after local now, want about an hour", left)
	}
	if _, err := s.User(ctx); err != nil {
		t.Error("User:", err)
	}
	signIn(t, c, "lu@example.com", password, nil)

	// A restarted app learns the drift from the store.
	c2, _ := newClient(t, p, func(cfg *cognito.Config) { skewed(cfg); cfg.Store = store })
	if _, err := c2.CurrentSession(ctx); err != nil {
		t.Fatal("CurrentSession:", err)
	}
	signIn(t, c2, "lu@example.com", password, nil)
}

// A client with refresh-token rotation gets a new refresh token on every
// refresh; the stored one follows, and the old one stops working.
func TestRotatingRefreshTokens(t *testing.T) {
	ctx := context.Background()
	p := localpooltest.New(t)
	p.CreateUser(t, "max@example.com", password, nil)
	clientID, _ := p.NewClient(t, cip.CreateUserPoolClientInput{
		UserPoolId: &p.UserPoolID,
		ClientName: aws.String("rotating"),
		RefreshTokenRotation: &types.RefreshTokenRotationType{
			Feature:                 types.FeatureTypeEnabled,
			RetryGracePeriodSeconds: aws.Int32(0),
		},
	})
	tr := &transport{}
	c, store := newClient(t, p, func(cfg *cognito.Config) { cfg.ClientID, cfg.HTTPClient = clientID, &http.Client{Transport: tr} })
	s := signIn(t, c, "max@example.com", password, nil)
	old, _ := s.Tokens(ctx)
	p.Clock.Advance(time.Minute)
	initiated := tr.count("InitiateAuth")
	if err := s.Refresh(ctx); err != nil {
		t.Fatal("Refresh:", err)
	}
	if n, m := tr.count(refreshOp), tr.count("InitiateAuth")-initiated; n != 1 || m != 0 {
		t.Errorf("refresh: %d GetTokensFromRefreshToken and %d InitiateAuth calls, want 1 and 0", n, m)
	}
	got, _ := s.Tokens(ctx)
	if got.RefreshToken == old.RefreshToken || got.RefreshToken == "" {
		t.Fatal("rotation did not issue a new refresh token")
	}
	if _, st, _, _ := storage.LoadSession(store, clientID); st.RefreshToken != got.RefreshToken {
		t.Error("the store kept the old refresh token")
	}
	// Reusing the replaced refresh token is refused.
	_, err := p.Admin().GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: &clientID, RefreshToken: &old.RefreshToken})
	if err == nil {
		t.Error("the replaced refresh token still works")
	}
}

// A client without rotation refreshes through GetTokensFromRefreshToken too,
// which answers no refresh token: the session keeps its own.
func TestRefreshWithoutRotation(t *testing.T) {
	p := localpooltest.New(t)
	p.CreateUser(t, "kim@example.com", password, nil)
	tr := &transport{}
	c, store := newClient(t, p, withTransport(tr))
	s := signIn(t, c, "kim@example.com", password, nil)
	old, _ := s.Tokens(ctx)
	for range 2 {
		p.Clock.Advance(time.Minute)
		if err := s.Refresh(ctx); err != nil {
			t.Fatal("Refresh:", err)
		}
	}
	got, _ := s.Tokens(ctx)
	if got.RefreshToken != old.RefreshToken || got.AccessToken == old.AccessToken {
		t.Error("a refresh without rotation changed the refresh token or kept the access token")
	}
	if _, st, _, _ := storage.LoadSession(store, p.ClientID); st.RefreshToken != old.RefreshToken {
		t.Error("the store lost the refresh token")
	}
	if n := tr.count(refreshOp); n != 2 {
		t.Errorf("%d GetTokensFromRefreshToken calls, want 2", n)
	}
}

// A server that does not know GetTokensFromRefreshToken (it answers
// UnknownOperationException) is refreshed with REFRESH_TOKEN_AUTH, and asked
// for the operation only once.
func TestRefreshWithoutGetTokensFromRefreshToken(t *testing.T) {
	p := localpooltest.New(t)
	p.CreateUser(t, "lee@example.com", password, nil)
	tr := &transport{unknown: "GetTokensFromRefreshToken"}
	c, _ := newClient(t, p, withTransport(tr))
	s := signIn(t, c, "lee@example.com", password, nil)
	initiated := tr.count("InitiateAuth")
	for range 2 {
		p.Clock.Advance(time.Minute)
		if err := s.Refresh(ctx); err != nil {
			t.Fatal("Refresh:", err)
		}
	}
	if n, m := tr.count(refreshOp), tr.count("InitiateAuth")-initiated; n != 1 || m != 2 {
		t.Errorf("%d GetTokensFromRefreshToken and %d InitiateAuth calls, want 1 and 2", n, m)
	}
}

// Signing out while a refresh is on the wire ends the session for good: the
// refresh's answer, arriving after, neither revives it nor stores its tokens.
func TestSignOutDuringRefresh(t *testing.T) {
	ctx := context.Background()
	p := localpooltest.New(t)
	p.CreateUser(t, "eli@example.com", password, nil)
	tr := &transport{}
	c, store := newClient(t, p, withTransport(tr))
	s := signIn(t, c, "eli@example.com", password, nil)

	tr.mu.Lock()
	tr.hold, tr.holdAnswer, tr.held, tr.release = refreshOp, true, make(chan struct{}, 1), make(chan struct{})
	tr.mu.Unlock()
	refreshed := make(chan error, 1)
	go func() { refreshed <- s.Refresh(ctx) }()
	<-tr.held // the pool has issued new tokens; the answer is not read yet
	if err := s.SignOut(ctx); err != nil {
		t.Fatal("SignOut:", err)
	}
	close(tr.release)

	if err := <-refreshed; !errors.Is(err, cognito.ErrNoSession) {
		t.Errorf("Refresh that ended after sign-out: %v, want ErrNoSession", err)
	}
	if _, _, ok, _ := storage.LoadSession(store, p.ClientID); ok {
		t.Error("the refresh stored the session again after sign-out")
	}
	if _, err := s.Tokens(ctx); !errors.Is(err, cognito.ErrNoSession) {
		t.Errorf("Tokens after sign-out: %v, want ErrNoSession", err)
	}
}

// A caller that gives up on the refresh it started does not fail the callers
// waiting on that refresh: they refresh themselves.
func TestRefreshAbandonedByItsCaller(t *testing.T) {
	p := localpooltest.New(t)
	p.CreateUser(t, "ines@example.com", password, nil)
	tr := &transport{}
	c, _ := newClient(t, p, withTransport(tr))
	s := signIn(t, c, "ines@example.com", password, nil)
	old, _ := s.Tokens(context.Background())

	tr.mu.Lock()
	tr.hold, tr.held, tr.release = refreshOp, make(chan struct{}, 4), make(chan struct{})
	tr.mu.Unlock()
	first, giveUp := context.WithCancel(context.Background())
	firstDone := make(chan error, 1)
	go func() { firstDone <- s.Refresh(first) }()
	<-tr.held // the first refresh is on the wire
	waiterDone := make(chan error, 1)
	go func() { waiterDone <- s.Refresh(context.Background()) }()
	time.Sleep(50 * time.Millisecond) // let the second caller join the first refresh
	giveUp()
	close(tr.release)

	if err := <-firstDone; !errors.Is(err, context.Canceled) {
		t.Errorf("Refresh whose context ended: %v, want context.Canceled", err)
	}
	if err := <-waiterDone; err != nil {
		t.Fatalf("Refresh waiting on an abandoned refresh: %v", err)
	}
	if got, err := s.Tokens(context.Background()); err != nil || got.AccessToken == old.AccessToken {
		t.Errorf("Tokens after the second caller's refresh: %v, same access token %v", err, got.AccessToken == old.AccessToken)
	}
}
