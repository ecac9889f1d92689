package localpool

import "time"

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

// tryPassword checks the lock, evaluates a password with matches and counts
// the outcome in one write transaction, as ChangePassword does, so guesses
// sent in parallel meet the lock as guesses sent one by one do. It returns
// the user as stored.
func (c *call) tryPassword(poolID, username string, matches func(u *userRecord) (bool, error)) (*userRecord, error) {
	var user *userRecord
	var result error
	err := c.s.update(poolID, func(p *poolTx) error {
		u, err := p.user(username)
		if err != nil {
			result = errBadCredentials()
			return nil
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
