package localpool

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"regexp"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// Software tokens are RFC 6238 TOTP as Cognito uses them: HMAC-SHA1, 6
// digits, a 30-second step, and codes of the step before and after accepted.
const (
	totpPeriod     = 30
	totpSkew       = 1
	totpSecretSize = 20 // bytes: a 32-character base32 secret
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

var userCodePattern = regexp.MustCompile(`^[0-9]{6}$`)

// newTOTPSecret returns a random base32 secret without padding.
func newTOTPSecret() string {
	buf := make([]byte, totpSecretSize)
	_, _ = rand.Read(buf)
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(buf)
}

// useTOTP checks a code against secret at now, comparing every step of the
// window in constant time, and refuses a code of a step at or before
// TOTPLastStep, so no code is accepted twice. On success it records the step.
func (m *userMFA) useTOTP(secret, code string, now time.Time) bool {
	if secret == "" || !userCodePattern.MatchString(code) {
		return false
	}
	current := now.Unix() / totpPeriod
	var matched int64 = -1
	for step := current - totpSkew; step <= current+totpSkew; step++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && step > m.TOTPLastStep {
			matched = step
		}
	}
	if matched < 0 {
		return false
	}
	m.TOTPLastStep = matched
	return true
}

func errTOTPNotEnabled() *Error {
	return apiError(userpool.SoftwareTokenMFANotFoundException, "Software Token MFA has not been enabled by the userPool.")
}

type softwareTokenInput struct {
	AccessToken        string
	Session            string
	UserCode           string // VerifySoftwareToken only
	FriendlyDeviceName string // VerifySoftwareToken only
}

// validate checks what the model cannot say: one of AccessToken and Session.
func (in *softwareTokenInput) validate() error {
	if (in.AccessToken == "") == (in.Session == "") {
		return errInvalidParameter("Give either an AccessToken or a Session.")
	}
	return nil
}

// withSoftwareTokenUser runs fn on the user of the access token or of the
// MFA_SETUP session, in a write transaction. With a Session, it returns the
// next session of the setup, at step next.
func (c *call) withSoftwareTokenUser(in *softwareTokenInput, next string, fn func(pool *poolRecord, u *userRecord) error) (string, error) {
	if in.AccessToken != "" {
		return "", c.withAccessUser(in.AccessToken, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
			if !pool.MFA.TOTP {
				return errTOTPNotEnabled()
			}
			return fn(pool, u)
		})
	}
	pool, st, err := c.openAuthSession(in.Session, userpool.ChallengeMFASetup)
	if err != nil {
		return "", err
	}
	if next == stepVerified && st.Step != stepAssociated {
		return "", errSessionExpired()
	}
	var client *userPoolClient
	err = c.s.update(pool.Id, func(p *poolTx) error {
		if !pool.MFA.TOTP {
			return errTOTPNotEnabled()
		}
		if client, err = p.client(st.ClientID); err != nil {
			return errSessionExpired()
		}
		u, err := p.user(st.Username)
		if err != nil {
			return errSessionExpired()
		}
		if err := fn(pool, u); err != nil {
			return err
		}
		u.Modified = c.now
		return p.putUser(u)
	})
	if errors.Is(err, errTOTPMismatch()) {
		return "", c.sessionFailed(st, errTOTPMismatch())
	}
	if err != nil {
		return "", err
	}
	if err := c.spendSession(st); err != nil {
		return "", err
	}
	nextSt := *st
	nextSt.Step = next
	return c.newAuthSession(pool, client, nextSt)
}

// AssociateSoftwareToken gives the user a new secret, replacing any one not
// yet verified.
func associateSoftwareToken(c *call, in *softwareTokenInput) (any, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	secret := newTOTPSecret()
	session, err := c.withSoftwareTokenUser(in, stepAssociated, func(pool *poolRecord, u *userRecord) error {
		u.MFA.TOTPPending = secret
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := map[string]any{"SecretCode": secret}
	if session != "" {
		out["Session"] = session
	}
	return out, nil
}

// VerifySoftwareToken checks a code of the associated secret and makes it the
// user's software token. It does not turn TOTP MFA on for a signed-in user
// (SetUserMFAPreference does); in MFA_SETUP its Session completes the setup.
// A wrong code fails with EnableSoftwareTokenMFAException, as in Cognito.
func verifySoftwareToken(c *call, in *softwareTokenInput) (any, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	session, err := c.withSoftwareTokenUser(in, stepVerified, func(pool *poolRecord, u *userRecord) error {
		if u.MFA.TOTPPending == "" {
			return apiError(userpool.SoftwareTokenMFANotFoundException, "No software token is associated with the user: call AssociateSoftwareToken first.")
		}
		// The last-step guard belongs to the verified secret; a new secret starts afresh.
		candidate := userMFA{}
		if !candidate.useTOTP(u.MFA.TOTPPending, in.UserCode, c.now) {
			return errTOTPMismatch()
		}
		u.MFA.TOTPSecret, u.MFA.TOTPPending, u.MFA.TOTPLastStep = u.MFA.TOTPPending, "", candidate.TOTPLastStep
		u.MFA.TOTPName = in.FriendlyDeviceName
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := map[string]any{"Status": "SUCCESS"}
	if session != "" {
		out["Session"] = session
	}
	return out, nil
}

func errTOTPMismatch() *Error {
	return apiError(userpool.EnableSoftwareTokenMFAException, "Code mismatch and fail enable Software Token MFA")
}
