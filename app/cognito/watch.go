package cognito

import (
	"context"
	"errors"
	"time"
)

// Changed returns a channel that is closed at the session's next change:
// new tokens from a refresh, or the end of the session (sign-out, or a
// refresh Cognito refused for good). Watchers call it again after each
// change; Tokens or Ended then say what the session holds now.
func (s *Session) Changed() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.changed == nil {
		s.changed = make(chan struct{})
	}
	return s.changed
}

// Ended reports whether the session has ended, and the error that ended it
// when it was a refresh Cognito refused (nil after a sign-out).
func (s *Session) Ended() (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens.AccessToken == "", s.endedBy
}

// signalChange wakes the watchers of Changed. s.mu is held.
func (s *Session) signalChange() {
	if s.changed != nil {
		close(s.changed)
	}
	s.changed = make(chan struct{})
}

// retryAfter is KeepFresh's pause after a refresh failed for a passing
// reason, such as being offline, so it does not hammer the pool.
const retryAfter = 30 * time.Second

// KeepFresh refreshes the session Config.RefreshBefore ahead of its tokens'
// expiry, on the Config's clock and timers, until ctx ends or the session
// does. It returns ctx's error, or an error matching ErrNoSession once the
// session has ended (Ended then says why). A refresh that fails for a
// passing reason is tried again after a pause. Watch Changed to learn of
// each new set of tokens.
func (s *Session) KeepFresh(ctx context.Context) error {
	failed := false
	for {
		changed := s.Changed()
		s.mu.Lock()
		live, expires := s.tokens.AccessToken != "", s.tokens.ExpiresAt
		s.mu.Unlock()
		if !live {
			return ErrNoSession
		}
		wait := expires.Sub(s.c.now()) - s.c.cfg.RefreshBefore
		if failed {
			wait = max(wait, retryAfter)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changed:
			failed = false // refreshed or ended by another caller: look again
			continue
		case <-s.c.cfg.After(max(wait, time.Second)):
		}
		err := s.refresh(ctx, false)
		if errors.Is(err, ErrNoSession) {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		failed = err != nil
	}
}
