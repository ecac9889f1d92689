package localpool

import (
	"errors"
	"sync"
	"time"

	"github.com/cognitowasm/cognitowasm/srp"
)

// Sign-in lockout, as Cognito: from the fifth failure in a row, sign-in is
// refused for a time that doubles with each further failure.
const (
	lockAfterFailures = 5
	maxLockout        = 15 * time.Minute
	timestampWindow   = 5 * time.Minute // allowed skew of an SRP TIMESTAMP
)

func (c *call) checkLock(u *userRecord) error {
	if c.now.Before(u.LockedUntil) {
		return errNotAuthorized("Password attempts exceeded")
	}
	return nil
}

// signInFailed counts a failed password check on u (the caller stores u).
func (c *call) signInFailed(u *userRecord) *Error {
	u.FailedSignIns++
	if n := u.FailedSignIns - lockAfterFailures; n >= 0 {
		u.LockedUntil = c.now.Add(min(time.Second<<min(n, 20), maxLockout))
	}
	return errBadCredentials()
}

// standInUser is the user tryPassword evaluates a password against when
// none has the name given: its verifier costs what a real one costs.
var standInUser = sync.OnceValues(func() (*userRecord, error) {
	v, err := srp.NewDecoyVerifier(nil)
	if err != nil {
		return nil, err
	}
	return &userRecord{Username: "00000000-0000-4000-8000-000000000000", Salt: v.Salt, Verifier: v.Value}, nil
})

// keyStandIn holds the stand-in in each pool's bucket.
var keyStandIn = []byte("standIn")

// putStandIn stores the stand-in where a known user's answer stores the
// user, so that an unknown user's answer writes as much.
func (p *poolTx) putStandIn(stand *userRecord) error { return putJSON(p.b, string(keyStandIn), stand) }

// usernameOr is the username of u, or name when there is no user: the name
// an unknown user signed in with.
func (u *userRecord) usernameOr(name string) string {
	if u == nil {
		return name
	}
	return u.Username
}

// maxUnknownGuessers bounds the names without a user whose failures the
// pool counts in memory.
const maxUnknownGuessers = 10_000

// unknownGuesser is the failure count of a name without a user, kept in
// memory so that it locks as a user does: a lock must not tell which
// names have a user.
func (s *Server) unknownGuesser(poolID, name string) *userRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := poolID + "\x00" + userKey(name)
	if s.guessers == nil || len(s.guessers) >= maxUnknownGuessers {
		s.guessers = map[string]*userRecord{}
	}
	g := s.guessers[key]
	if g == nil {
		g = &userRecord{}
		s.guessers[key] = g
	}
	return g
}

// tryPassword checks the lock, evaluates a password with matches and counts
// the outcome in one write transaction, as ChangePassword does, so guesses
// sent in parallel meet the lock as guesses sent one by one do. It returns
// the user as stored. A name without a user gets the same lock, work and
// answers.
func (c *call) tryPassword(poolID, username string, matches func(u *userRecord) (bool, error)) (*userRecord, error) {
	var user *userRecord
	var result error
	err := c.s.update(poolID, func(p *poolTx) error {
		u, err := p.user(username)
		if errors.Is(err, errNotFound) {
			// An unknown user: the same lock, the same work on a stand-in
			// and the answer to a wrong password, so the two cannot be told
			// apart. The transaction serializes the count as it does a user's.
			g := c.s.unknownGuesser(poolID, username)
			if result = c.checkLock(g); result != nil {
				return nil
			}
			stand, err := standInUser()
			if err != nil {
				return err
			}
			if _, err := matches(stand); err != nil {
				return err
			}
			result = c.signInFailed(g)
			return p.putStandIn(stand)
		}
		if err != nil {
			return err
		}
		if result = c.checkLock(u); result != nil {
			return nil
		}
		ok, err := matches(u)
		if err != nil {
			return err
		}
		if !ok {
			result = c.signInFailed(u)
			return p.putUser(u)
		}
		user = u
		if u.FailedSignIns == 0 && u.LockedUntil.IsZero() {
			return nil
		}
		u.FailedSignIns, u.LockedUntil = 0, time.Time{} // a success ends the failures in a row
		return p.putUser(u)
	})
	return user, firstError(err, result)
}
