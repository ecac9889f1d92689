//go:build !js

package cognito_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// fakeTimers hands KeepFresh's waits to the test, which fires them after
// moving the pool's fake clock.
type fakeTimers struct{ waits chan fakeWait }

type fakeWait struct {
	d    time.Duration
	fire chan time.Time
}

func (f *fakeTimers) after(d time.Duration) <-chan time.Time {
	w := fakeWait{d, make(chan time.Time, 1)}
	f.waits <- w
	return w.fire
}

// next returns the wait KeepFresh asked for.
func (f *fakeTimers) next(t *testing.T) fakeWait {
	t.Helper()
	select {
	case w := <-f.waits:
		return w
	case <-time.After(10 * time.Second):
		t.Fatal("KeepFresh did not wait")
		return fakeWait{}
	}
}

// KeepFresh refreshes RefreshBefore ahead of expiry on the injected clock,
// wakes the watchers of Changed with each new set of tokens, and returns
// ErrNoSession, with Ended saying why, once Cognito refuses the refresh.
func TestKeepFreshOnTheInjectedClock(t *testing.T) {
	ctx := context.Background()
	p := localpooltest.New(t)
	p.CreateUser(t, "ola@example.com", password, nil)
	timers := &fakeTimers{waits: make(chan fakeWait)}
	c, _ := newClient(t, p, func(cfg *cognito.Config) {
		cfg.After = timers.after
		cfg.RefreshBefore = 10 * time.Minute
	})
	s := signIn(t, c, "ola@example.com", password, nil)
	first, _ := s.Tokens(ctx)

	done := make(chan error, 1)
	go func() { done <- s.KeepFresh(ctx) }()

	w := timers.next(t)
	if want := first.ExpiresAt.Sub(p.Clock.Now()) - 10*time.Minute; w.d != want {
		t.Fatalf("KeepFresh waits %v, want %v (expiry less RefreshBefore)", w.d, want)
	}
	changed := s.Changed()
	p.Clock.Advance(w.d)
	w.fire <- p.Clock.Now()
	select {
	case <-changed:
	case <-time.After(10 * time.Second):
		t.Fatal("Changed was not closed by KeepFresh's refresh")
	}
	fresh, _ := s.Tokens(ctx)
	if fresh.AccessToken == first.AccessToken {
		t.Fatal("KeepFresh did not refresh the tokens")
	}
	if ended, _ := s.Ended(); ended {
		t.Fatal("Ended after a successful refresh")
	}

	// A timer that fires early, with the clock not yet in the refresh
	// window, refreshes nothing: the rule is the session's, on its clock.
	w = timers.next(t)
	w.fire <- p.Clock.Now()
	w = timers.next(t)
	if now, _ := s.Tokens(ctx); now.AccessToken != fresh.AccessToken {
		t.Fatal("KeepFresh refreshed outside the refresh window")
	}

	// Signed out everywhere: the next refresh is refused and the session ends.
	if _, err := p.Admin().AdminUserGlobalSignOut(ctx, &cip.AdminUserGlobalSignOutInput{
		UserPoolId: &p.UserPoolID, Username: aws.String(s.Username()),
	}); err != nil {
		t.Fatal(err)
	}
	changed = s.Changed()
	p.Clock.Advance(w.d)
	w.fire <- p.Clock.Now()
	select {
	case err := <-done:
		if !errors.Is(err, cognito.ErrNoSession) {
			t.Fatalf("KeepFresh returned %v, want ErrNoSession", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("KeepFresh did not return after the session ended")
	}
	<-changed
	ended, why := s.Ended()
	if !ended || !errors.Is(why, cognito.ErrNotAuthorized) {
		t.Fatalf("Ended = %v, %v; want true and the NotAuthorized refusal", ended, why)
	}
}

// KeepFresh stops when its context ends, and a sign-out wakes Changed.
func TestKeepFreshStopsAndSignOutSignals(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := localpooltest.New(t)
	p.CreateUser(t, "pia@example.com", password, nil)
	timers := &fakeTimers{waits: make(chan fakeWait, 4)}
	c, _ := newClient(t, p, func(cfg *cognito.Config) { cfg.After = timers.after })
	s := signIn(t, c, "pia@example.com", password, nil)
	done := make(chan error, 1)
	go func() { done <- s.KeepFresh(ctx) }()
	timers.next(t)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("KeepFresh after cancel = %v", err)
	}
	changed := s.Changed()
	if err := s.SignOut(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	default:
		t.Fatal("SignOut did not close Changed")
	}
	if ended, why := s.Ended(); !ended || why != nil {
		t.Fatalf("Ended after SignOut = %v, %v; want true, nil", ended, why)
	}
}
