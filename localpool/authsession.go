package localpool

import (
	"crypto/rand"
	"crypto/sha256"
	"strings"
	"time"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// authSession is the sealed Session of an MFA or device challenge. The
// server keeps no state between the steps of a sign-in beyond which sessions
// were spent, so each Session completes one step: a captured one cannot be
// answered twice.
type authSession struct {
	ID        string `json:"id"`
	Challenge string `json:"c"`           // the challenge the session answers
	Step      string `json:"s,omitempty"` // MFA_SETUP: "associated", then "verified"; EMAIL_OTP: "setup"
	Username  string `json:"u"`
	ClientID  string `json:"cid"`
	DeviceKey string `json:"dk,omitempty"` // the DEVICE_KEY the sign-in started with
	Email     string `json:"e,omitempty"`  // EMAIL_OTP during MFA_SETUP: the address being set up
	// PasskeyChallenge (WEB_AUTHN) is the challenge the assertion must sign.
	PasskeyChallenge string    `json:"pk,omitempty"`
	Expires          time.Time `json:"exp"`
}

// Session steps.
const (
	stepAssociated = "associated" // AssociateSoftwareToken gave a secret
	stepVerified   = "verified"   // VerifySoftwareToken accepted a code
	stepEmailSetup = "setup"      // EMAIL_OTP that sets up email MFA
)

// maxAuthFailures is how many wrong codes one session may be answered with.
const maxAuthFailures = 5

// errSessionExpired and errSessionUsed are Cognito's answers to a stale Session.
func errSessionExpired() *Error {
	return errNotAuthorized("Invalid session for the user, session is expired.")
}

func errSessionUsed() *Error {
	return errNotAuthorized("Invalid session for the user, session can only be used once.")
}

// sessionPurpose binds sessions to this process, as SECRET_BLOCKs are:
// the spent ones are remembered in memory only.
func (s *Server) sessionPurpose() string { return s.srpPurpose + " session" }

// newAuthSession seals a session for the next step of a sign-in. Sessions
// name their pool in front ("<poolId>.<sealed>") because AssociateSoftwareToken
// and VerifySoftwareToken carry no client or pool.
func (c *call) newAuthSession(pool *poolRecord, client *userPoolClient, st authSession) (string, error) {
	keys, err := c.s.poolKeys(pool)
	if err != nil {
		return "", err
	}
	st.ID = rand.Text()
	st.ClientID = client.ClientId
	st.Expires = c.now.Add(time.Duration(max(client.AuthSessionValidity, 3)) * time.Minute)
	sealed, err := keys.seal(c.s.sessionPurpose(), st)
	if err != nil {
		return "", err
	}
	return pool.Id + "." + sealed, nil
}

// openAuthSession opens a session string. It fails with Cognito's answer
// when the session is malformed, for another challenge, expired or spent.
func (c *call) openAuthSession(session string, challenge string) (*poolRecord, *authSession, error) {
	if err := required("Session", session, maxToken); err != nil {
		return nil, nil, err
	}
	poolID, sealed, ok := strings.Cut(session, ".")
	if !ok || !validPoolID(poolID) {
		return nil, nil, errSessionExpired()
	}
	pool, err := c.loadPool(poolID)
	if err != nil {
		return nil, nil, errSessionExpired()
	}
	keys, err := c.s.poolKeys(pool)
	if err != nil {
		return nil, nil, err
	}
	var st authSession
	if !keys.open(c.s.sessionPurpose(), sealed, &st) || st.Challenge != challenge || !c.now.Before(st.Expires) {
		return nil, nil, errSessionExpired()
	}
	if c.s.sessionSpent(st.ID) {
		return nil, nil, errSessionUsed()
	}
	return pool, &st, nil
}

// spendSession marks a session used; it fails when another request spent it first.
func (c *call) spendSession(st *authSession) error {
	c.s.mu.Lock()
	delete(c.s.authFailures, st.ID)
	c.s.mu.Unlock()
	if !c.s.spendBlock(sessionLedgerKey(st.ID), st.Expires, c.now) {
		return errSessionUsed()
	}
	return nil
}

func sessionLedgerKey(id string) []byte { return []byte("session\x00" + id) }

func (s *Server) sessionSpent(id string) bool {
	key := sha256.Sum256(sessionLedgerKey(id))
	s.mu.Lock()
	defer s.mu.Unlock()
	_, spent := s.spentBlocks[key]
	return spent
}

// sessionFailed counts a wrong code answered with the session. From the
// maxAuthFailures-th, the session is spent and the sign-in must start again.
func (c *call) sessionFailed(st *authSession, wrong *Error) error {
	c.s.mu.Lock()
	if c.s.authFailures == nil || len(c.s.authFailures) > 10000 {
		c.s.authFailures = map[string]int{}
	}
	c.s.authFailures[st.ID]++
	n := c.s.authFailures[st.ID]
	c.s.mu.Unlock()
	if n >= maxAuthFailures {
		_ = c.spendSession(st)
		return apiError(userpool.TooManyFailedAttemptsException, "Too many failed attempts; sign in again.")
	}
	return wrong
}
