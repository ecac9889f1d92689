package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
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
	stop    context.CancelFunc // ends the session's refresh loop
}

var shared = &State{ready: make(chan struct{})}

// Start loads the configuration, creates the client with store holding the
// session, and restores a stored session. It runs once, in the browser, as
// the app starts; pages show a loading state until it is done.
func Start(store storage.Store) {
	go shared.start(context.Background(), store)
}

func (s *State) start(ctx context.Context, store storage.Store) {
	defer close(s.ready)
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
	// Fetch the pool's keys now rather than during the first sign-in. Should
	// it fail, the first Verify fetches them again.
	go func() {
		ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		client.Verifier().Prefetch(ctx)
	}()
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

// SetSession makes sess current, or signs out when sess is nil, and keeps
// its tokens fresh until it is replaced. A stored session whose tokens
// expired is refreshed first; one that cannot be refreshed is dropped.
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
	s.session, s.tokens, s.step = sess, t, nil
	if sess == nil {
		return
	}
	loop, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	go s.keepFresh(loop, sess)
}

// Refresh refreshes the session now and records its new tokens.
func (s *State) Refresh(ctx context.Context, sess *cognito.Session) error {
	err := sess.Refresh(ctx)
	if err == nil {
		var t cognito.Tokens
		if t, err = sess.Tokens(ctx); err == nil {
			s.mu.Lock()
			if s.session == sess {
				s.tokens = t
			}
			s.mu.Unlock()
		}
	}
	if err != nil && signedOut(err) {
		app.Log("cognitowasm: the session ended:", err)
		s.drop(sess)
	}
	return err
}

// drop forgets sess if it is still the current session.
func (s *State) drop(sess *cognito.Session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.session != sess {
		return
	}
	if s.stop != nil {
		s.stop()
	}
	s.session, s.tokens, s.stop = nil, cognito.Tokens{}, nil
}

// keepFresh refreshes sess shortly before its tokens expire, so pages never
// hold expired tokens.
func (s *State) keepFresh(ctx context.Context, sess *cognito.Session) {
	failed := false
	for {
		wait := time.Until(sess.ExpiresAt()) - s.cfg.refreshBefore()
		if failed {
			wait = max(wait, retryAfter) // e.g. offline: do not hammer the pool
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(max(wait, time.Second)):
		}
		err := s.Refresh(ctx, sess)
		if err != nil && signedOut(err) {
			return
		}
		failed = err != nil
	}
}

// retryAfter is the pause after a refresh failed for a passing reason.
const retryAfter = 30 * time.Second

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
