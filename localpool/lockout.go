package localpool

import "time"

// Sign-in lockout, as Cognito: from the fifth failure in a row, sign-in is
// refused for a time that doubles with each further failure.
//
// A guess is checked against the lock and counted as a failure in one write
// transaction before its password is evaluated (admitGuess), so of guesses
// sent in parallel only as many are evaluated as sent one by one would be. A
// proven password takes its count back (passwordProven).
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

// admitGuess lets a password guess for u be evaluated unless u is locked,
// counting it as a failure in the same transaction.
func (c *call) admitGuess(poolID string, u *userRecord) error {
	var result error
	err := c.s.update(poolID, func(p *poolTx) error {
		fresh, err := p.user(u.Username)
		if err != nil {
			result = errBadCredentials()
			return nil
		}
		if result = c.checkLock(fresh); result != nil {
			return nil
		}
		c.signInFailed(fresh)
		return p.putUser(fresh)
	})
	return firstError(err, result)
}

// passwordProven takes back the failure admitGuess counted for a password
// that matched: the count of failures in a row starts again.
func (c *call) passwordProven(poolID string, u *userRecord) error {
	return c.s.update(poolID, func(p *poolTx) error {
		fresh, err := p.user(u.Username)
		if err != nil {
			return errBadCredentials()
		}
		if fresh.FailedSignIns == 0 && fresh.LockedUntil.IsZero() {
			return nil
		}
		fresh.FailedSignIns, fresh.LockedUntil = 0, time.Time{}
		return p.putUser(fresh)
	})
}
