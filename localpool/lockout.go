package localpool

import (
	"errors"
	"hash/fnv"
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

// guessLock is the lock that serializes the password checks of username.
func (s *Server) guessLock(poolID, username string) *sync.Mutex {
	h := fnv.New32a()
	h.Write([]byte(poolID + "\x00" + userKey(username)))
	return &s.guessLocks[h.Sum32()%uint32(len(s.guessLocks))]
}

// tryPassword checks the lock, evaluates a password with matches and counts
// the outcome, one name at a time (guessLock), so guesses sent in parallel
// meet the lock as guesses sent one by one do. The evaluation, an SRP or
// verifier computation, runs outside any write transaction, so checks of
// different users run in parallel and a right password costs no write. It
// returns the user as stored. A name without a user gets the same lock, work
// and answers.
func (c *call) tryPassword(poolID, username string, matches func(u *userRecord) (bool, error)) (*userRecord, error) {
	lock := c.s.guessLock(poolID, username)
	lock.Lock()
	defer lock.Unlock()
	var u *userRecord
	err := c.s.view(poolID, func(p *poolTx) error {
		var err error
		u, err = p.user(username)
		return err
	})
	if errors.Is(err, errNotFound) {
		// An unknown user: the same lock, the same work on a stand-in, the
		// answer to a wrong password and a write of its size, so the two
		// cannot be told apart.
		g := c.s.unknownGuesser(poolID, username)
		if err := c.checkLock(g); err != nil {
			return nil, err
		}
		stand, err := standInUser()
		if err != nil {
			return nil, err
		}
		if _, err := matches(stand); err != nil {
			return nil, err
		}
		failed := c.signInFailed(g)
		if err := c.s.update(poolID, func(p *poolTx) error { return p.putStandIn(stand) }); err != nil {
			return nil, err
		}
		return nil, failed
	}
	if err != nil {
		return nil, err
	}
	if err := c.checkLock(u); err != nil {
		return nil, err
	}
	ok, err := matches(u)
	if err != nil {
		return nil, err
	}
	if ok && u.FailedSignIns == 0 && u.LockedUntil.IsZero() {
		return u, nil
	}
	// Count the outcome on the user as stored now: an admin may have
	// changed it meanwhile (guessLock holds only other checks back).
	var failed *Error
	err = c.s.update(poolID, func(p *poolTx) error {
		fresh, err := p.user(username)
		if err != nil {
			return err
		}
		if ok {
			fresh.FailedSignIns, fresh.LockedUntil = 0, time.Time{} // a success ends the failures in a row
		} else {
			failed = c.signInFailed(fresh)
		}
		u = fresh
		return p.putUser(fresh)
	})
	if err != nil {
		return nil, err
	}
	if failed != nil {
		return nil, failed
	}
	return u, nil
}
