package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/hostedui"
	"github.com/cognitowasm/cognitowasm/app/storage"
)

// State is what every page shares: the configuration, the one Cognito
// client, the signed-in session, and a sign-in waiting on a step. It is
// created once when the app starts in the browser.
type State struct {
	ready chan struct{} // closed when cfg, client and err are set

	cfg    Config
	client *cognito.Client
	hosted *hostedui.Client // nil unless the configuration has an oauth block
	err    error            // why the app cannot talk to the pool

	mu      sync.Mutex
	session *cognito.Session
	tokens  cognito.Tokens // the session's tokens as of the last sign-in or refresh
	step    *cognito.NextStep
	stop    context.CancelFunc // ends the session's refresh loop and its watcher
	changed chan struct{}      // closed at the next change; see changes
	notice  string             // why the last session ended on its own
	// delivery is where Cognito last said it sent a code; pages show only
	// this destination, never one from their URL.
	delivery delivery
	// signUp is what the user signed up with, kept in memory only, so
	// confirming the account in this tab signs them in.
	signUp credentials
}

// delivery is a code Cognito sent to username, at a destination it masked.
type delivery struct{ username, destination string }

// credentials are an email and password kept in memory for one sign-in.
type credentials struct{ username, password string }

var shared = &State{ready: make(chan struct{})}

// Start loads the configuration, creates the client with store holding the
// session, and restores a stored session. It runs once, in the browser,
// before the app draws its first page, so that page is drawn once, ready,
// rather than as a loading state and again. Meanwhile go-app's loader or
// the server's page shows that the app is loading.
func Start(store storage.Store) {
	allowZoom()
	shared.start(context.Background(), store)
}

// allowZoom lets the page be zoomed: go-app's page forbids it, which fails
// users with low vision. The server corrects the page it sends; this
// corrects pages served as static files.
func allowZoom() {
	meta := app.Window().Get("document").Call("querySelector", `meta[name="viewport"]`)
	if meta.Truthy() {
		meta.Call("setAttribute", "content", "width=device-width, initial-scale=1, viewport-fit=cover")
	}
}

func (s *State) start(ctx context.Context, store storage.Store) {
	defer func() {
		close(s.ready)
		LoadMark("ready")
	}()
	cfg, err := loadConfig(ctx)
	if err != nil {
		s.err = err
		return
	}
	client, err := cognito.New(cognito.Config{
		Region:        cfg.Region,
		UserPoolID:    cfg.UserPoolID,
		ClientID:      cfg.ClientID,
		Endpoint:      cfg.Endpoint,
		Store:         store,
		RefreshBefore: cfg.refreshBefore(),
	})
	if err != nil {
		s.err = fmt.Errorf("%w: %v", ErrConfig, err)
		return
	}
	s.cfg, s.client = cfg, client
	if s.hosted, err = newHostedUI(cfg, client); err != nil {
		app.Log("cognitowasm: the hosted UI is off:", err)
	}
	// Fetch the pool's keys ahead of the first sign-in, once the page is
	// drawn. Should it fail, the first Verify fetches them again.
	whenIdle(func() {
		ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		client.Verifier().Prefetch(ctx)
	})
	if sess, err := client.CurrentSession(ctx); err == nil {
		s.SetSession(ctx, sess)
	}
}

// loadConfig reads the Config from go-app's Env, else from config.json
// beside index.html.
func loadConfig(ctx context.Context) (Config, error) {
	if env := app.Getenv(EnvConfig); env != "" {
		return ParseConfig([]byte(env))
	}
	base, err := url.Parse(app.Window().URL().String())
	if err != nil {
		return Config{}, err
	}
	u := base.ResolveReference(&url.URL{Path: pagePath("/" + ConfigFile)})
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Config{}, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Config{}, fmt.Errorf("%w: fetching %s: %v", ErrConfig, u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Config{}, fmt.Errorf("%w: fetching %s: %s", ErrConfig, u, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxConfigSize+1))
	if err != nil {
		return Config{}, fmt.Errorf("%w: reading %s: %v", ErrConfig, u, err)
	}
	return ParseConfig(data)
}

// isReady reports whether start has finished. Before that (and always while
// pre-rendering on the server) pages show a loading state.
func (s *State) isReady() bool {
	select {
	case <-s.ready:
		return true
	default:
		return false
	}
}

// whenReady runs fn on the UI goroutine of ctx's component once start has finished.
func (s *State) whenReady(ctx app.Context, fn func(app.Context)) {
	if s.isReady() {
		fn(ctx)
		return
	}
	ctx.Async(func() {
		select {
		case <-s.ready:
			ctx.Dispatch(fn)
		case <-ctx.Done():
		}
	})
}

// Session is the signed-in session and its tokens, or nil.
func (s *State) Session() (*cognito.Session, cognito.Tokens) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.session, s.tokens
}

// changes returns a channel closed at the next change of the session, its
// tokens or the notice, which every page watches through follow.
func (s *State) changes() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.changed == nil {
		s.changed = make(chan struct{})
	}
	return s.changed
}

// signal wakes the pages following the state. s.mu is held.
func (s *State) signal() {
	if s.changed != nil {
		close(s.changed)
	}
	s.changed = make(chan struct{})
}

// follow redraws the component of ctx whenever the session changes, while
// it is mounted, so the header and the page never disagree on who is
// signed in. Every page and the header follow.
func (s *State) follow(ctx app.Context) {
	ctx.Async(func() {
		for {
			ch := s.changes()
			select {
			case <-ctx.Done():
				return
			case <-s.ready:
			}
			select {
			case <-ctx.Done():
				return
			case <-ch:
				ctx.Dispatch(func(app.Context) {})
			}
		}
	})
}

// SetSession makes sess current, or signs out when sess is nil. A stored
// session whose tokens expired is refreshed first; one that cannot be
// refreshed is dropped. The session refreshes itself ahead of expiry
// (Session.KeepFresh) while it is current, and the app watches it: new
// tokens redraw the pages, and a session that ends (signed out on another
// device, expired) is dropped with a notice saying why.
//
// A session that sess replaces is signed out: its refresh token is
// revoked and its stored tokens removed, so no trace of the previous user
// stays behind.
func (s *State) SetSession(ctx context.Context, sess *cognito.Session) {
	var t cognito.Tokens
	if sess != nil {
		var err error
		if t, err = sess.Tokens(ctx); err != nil && signedOut(err) {
			sess = nil
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stop != nil {
		s.stop()
		s.stop = nil
	}
	if old := s.session; old != nil && old != sess {
		go func() {
			// Revoke in the background: the new session is ready meanwhile.
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := old.SignOut(ctx); err != nil {
				app.Log("cognitowasm: signing out the previous session:", err)
			}
		}()
	}
	s.session, s.tokens, s.step = sess, t, nil
	if sess != nil {
		s.notice = ""
		loop, cancel := context.WithCancel(context.Background())
		s.stop = cancel
		go sess.KeepFresh(loop)
		go s.watch(loop, sess)
	}
	s.signal()
}

// watch records each new set of sess's tokens, and drops sess when it
// ends, until ctx ends.
func (s *State) watch(ctx context.Context, sess *cognito.Session) {
	for {
		ch := sess.Changed()
		select {
		case <-ctx.Done():
			return
		case <-ch:
		}
		if ended, why := sess.Ended(); ended {
			s.ended(sess, why)
			return
		}
		if t, err := sess.Tokens(ctx); err == nil {
			s.mu.Lock()
			if s.session == sess {
				s.tokens = t
				s.signal()
			}
			s.mu.Unlock()
		}
	}
}

// ended drops sess, which has ended, and says why when the user did not
// ask for it (why is the refresh error that ended it).
func (s *State) ended(sess *cognito.Session, why error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.session != sess {
		return
	}
	if s.stop != nil {
		s.stop()
	}
	s.session, s.tokens, s.stop = nil, cognito.Tokens{}, nil
	if why != nil {
		app.Log("cognitowasm: the session ended:", why)
		s.notice = endedNotice(why)
	}
	s.signal()
}

// endedNotice says why a session ended on its own, from the refresh error
// that ended it.
func endedNotice(why error) string {
	var ce *cognito.Error
	if errors.As(why, &ce) && strings.Contains(strings.ToLower(ce.Message), "revoked") {
		return "You were signed out on another device. Sign in again to continue."
	}
	return "Your session expired. Sign in again to continue."
}

// Notice is why the last session ended without the user asking, or "".
func (s *State) Notice() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.notice
}

// Refresh refreshes the session now. The watcher records the new tokens;
// a refusal for good ends the session.
func (s *State) Refresh(ctx context.Context, sess *cognito.Session) error {
	err := sess.Refresh(ctx)
	if err == nil {
		var t cognito.Tokens
		if t, err = sess.Tokens(ctx); err == nil {
			s.mu.Lock()
			if s.session == sess {
				s.tokens = t
				s.signal()
			}
			s.mu.Unlock()
		}
	}
	return err
}

// checkAfter checks the session after a call Cognito refused for an
// access token it no longer accepts (signed out elsewhere): a refresh then
// proves whether the session is gone, and ends it if so.
func (s *State) checkAfter(err error) {
	var ce *cognito.Error
	if !errors.As(err, &ce) || !errors.Is(err, cognito.ErrNotAuthorized) || !strings.Contains(ce.Message, "Access Token") {
		return
	}
	if sess, _ := s.Session(); sess != nil {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			sess.Refresh(ctx)
		}()
	}
}

// signedOut reports whether err means the session is gone for good, rather
// than, say, a network failure worth retrying. A refresh that Cognito refused
// for good ends the session, and its error matches ErrNoSession too.
func signedOut(err error) bool {
	return errors.Is(err, cognito.ErrNoSession)
}

// pendingStep is the sign-in step the user is answering, or nil.
func (s *State) pendingStep() *cognito.NextStep {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.step
}

func (s *State) setStep(step *cognito.NextStep) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.step = step
}

// sentCode records where Cognito sent username a code.
func (s *State) sentCode(username string, d *cognito.CodeDelivery) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delivery = delivery{}
	if d != nil && d.Destination != "" {
		s.delivery = delivery{username, d.Destination}
	}
}

// sentTo is where Cognito last sent username a code, as it masked it, or "".
func (s *State) sentTo(username string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.delivery.username == "" || s.delivery.username != username {
		return ""
	}
	return s.delivery.destination
}

// keepSignUp remembers, in memory only, the credentials of a sign-up, for
// the sign-in that follows its confirmation in this tab.
func (s *State) keepSignUp(c credentials) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signUp = c
}

// takeSignUp returns and forgets the sign-up credentials of username.
func (s *State) takeSignUp(username string) (credentials, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.signUp
	if c.username == "" || c.username != username {
		return credentials{}, false
	}
	s.signUp = credentials{}
	return c, true
}

// signOut ends the session with end (SignOut or GlobalSignOut), forgets
// it, and goes to the sign-in page with notice.
func (s *State) signOut(ctx app.Context, req *call, status string, end func(*cognito.Session, context.Context) error, notice string) {
	sess, _ := s.Session()
	if sess == nil {
		navigate(ctx, pagePath("/signin"))
		return
	}
	req.run(ctx, status, func(c context.Context) error {
		return end(sess, c)
	}, func(ctx app.Context) {
		s.SetSession(ctx, nil)
		if u := logoutURL(); u != "" && notice == "signedout" {
			// The hosted UI's own session ends at /logout, which comes back to the app.
			app.Window().Get("location").Set("href", u)
			return
		}
		// Navigate from the page's root: without a session the page renders
		// without the button that was clicked, and go-app drops a navigation
		// deferred on an element that is gone by then.
		navigate(ctx, withQuery("/signin", "notice", notice))
	})
}
