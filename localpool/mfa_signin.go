package localpool

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// purposeMFA is the purpose of SMS and email MFA codes (valid 3 minutes).
const purposeMFA = "mfa"

// afterFirstFactor follows a proven password on every sign-in path: a
// remembered device may stand in for MFA, else MFA is asked when the pool
// and the user call for it, then the tokens are issued.
func (c *call) afterFirstFactor(a *authRequest, u *userRecord) (any, error) {
	deviceKey := a.params[userpool.ParamDeviceKey]
	if err := optional("DEVICE_KEY", deviceKey, maxDeviceKey); err != nil {
		return nil, err
	}
	var dev *deviceRecord
	if deviceKey != "" && a.pool.DeviceConfiguration != nil {
		var err error
		if dev, err = c.userDevice(a.pool.Id, u.Username, deviceKey); err != nil {
			return nil, err
		}
	}
	factors := u.mfaFactors(a.pool)
	switch a.pool.MfaConfiguration {
	case mfaOn:
	case mfaOptional:
		if len(factors) == 0 {
			return c.finishSignIn(a, u, deviceKey)
		}
	default:
		return c.finishSignIn(a, u, deviceKey)
	}
	if dev != nil && dev.remembered() && a.pool.DeviceConfiguration.ChallengeRequiredOnNewDevice {
		return c.authChallenge(a, u, authSession{Challenge: userpool.ChallengeDeviceSRPAuth, DeviceKey: deviceKey}, map[string]string{})
	}
	return c.mfaChallenge(a, u, factors, deviceKey)
}

// mfaChallenge asks for the user's preferred factor, their only one, a
// choice among several, or (pool ON, no factor) the setup of one.
func (c *call) mfaChallenge(a *authRequest, u *userRecord, factors []string, deviceKey string) (any, error) {
	switch {
	case len(factors) == 0:
		setup := a.pool.poolFactors()
		// A software token can be set up inside MFA_SETUP only where TOTP is on.
		return c.authChallenge(a, u, authSession{Challenge: userpool.ChallengeMFASetup, DeviceKey: deviceKey},
			map[string]string{userpool.ParamMFAsCanSetup: jsonList(setup)})
	case slices.Contains(factors, u.MFA.Preferred):
		return c.startFactor(a, u, u.MFA.Preferred, deviceKey, "")
	case len(factors) == 1:
		return c.startFactor(a, u, factors[0], deviceKey, "")
	}
	return c.authChallenge(a, u, authSession{Challenge: userpool.ChallengeSelectMFAType, DeviceKey: deviceKey},
		map[string]string{userpool.ParamMFAsCanChoose: jsonList(factors)})
}

// jsonList encodes a list as Cognito sends MFAS_CAN_CHOOSE and
// MFAS_CAN_SETUP: a JSON array inside a string.
func jsonList(items []string) string {
	if items == nil {
		items = []string{}
	}
	raw, _ := json.Marshal(items)
	return string(raw)
}

// authChallenge answers with a challenge and its single-use session.
func (c *call) authChallenge(a *authRequest, u *userRecord, st authSession, params map[string]string) (any, error) {
	st.Username = u.Username
	session, err := c.newAuthSession(a.pool, a.client, st)
	if err != nil {
		return nil, err
	}
	params[userpool.ParamUserIDForSRP] = u.Username
	return &challengeOutput{ChallengeName: st.Challenge, ChallengeParameters: params, Session: session}, nil
}

// startFactor challenges for one factor, sending the code of SMS and email
// to the local inbox. email is the address an email MFA setup sends to.
func (c *call) startFactor(a *authRequest, u *userRecord, factor, deviceKey, email string) (any, error) {
	st := authSession{Challenge: factor, DeviceKey: deviceKey}
	if factor == mfaTOTP {
		params := map[string]string{}
		if u.MFA.TOTPName != "" {
			params["FRIENDLY_DEVICE_NAME"] = u.MFA.TOTPName
		}
		return c.authChallenge(a, u, st, params)
	}
	attr := "phone_number"
	if factor == mfaEmail {
		attr = "email"
	}
	if email != "" {
		st.Step, st.Email = stepEmailSetup, email
	}
	return c.codeChallenge(a, u, st, purposeMFA, attr, email)
}

// codeChallenge sends a code for purpose to the user's attr (or to email,
// an address being set up) through the local inbox, and challenges for it.
func (c *call) codeChallenge(a *authRequest, u *userRecord, st authSession, purpose, attr, email string) (any, error) {
	var code *codeRecord
	err := c.s.update(a.pool.Id, func(p *poolTx) error {
		fresh, err := p.user(u.Username)
		if err != nil {
			return errBadCredentials()
		}
		if code, err = fresh.issueCode(purpose, attr, c.now); err != nil {
			return err
		}
		if email != "" {
			code.Destination = email
			fresh.Codes[len(fresh.Codes)-1].Destination = email
		}
		return p.putUser(fresh)
	})
	if err != nil {
		return nil, err
	}
	c.s.deliver(a.pool.Id, u, code)
	d := code.delivery()
	return c.authChallenge(a, u, st, map[string]string{
		userpool.ParamDeliveryMedium:      d.DeliveryMedium,
		userpool.ParamDeliveryDestination: d.Destination,
	})
}

// finishSignIn issues the tokens. Where the pool tracks devices, a sign-in
// without a DEVICE_KEY gets a new device (NewDeviceMetadata) to confirm.
func (c *call) finishSignIn(a *authRequest, u *userRecord, deviceKey string) (any, error) {
	if a.hosted {
		return &challengeOutput{ChallengeParameters: map[string]string{}, user: u}, nil
	}
	var meta *newDeviceMetadata
	if a.pool.DeviceConfiguration == nil {
		deviceKey = ""
	} else {
		var err error
		if deviceKey, meta, err = c.trackDevice(a.pool, u, deviceKey); err != nil {
			return nil, err
		}
	}
	res, err := c.signIn(a.pool, a.client, u, deviceKey)
	if err != nil {
		return nil, err
	}
	res.NewDeviceMetadata = meta
	return &challengeOutput{ChallengeParameters: map[string]string{}, AuthenticationResult: res}, nil
}

// openAnswer opens the session of a challenge answer and resolves the user
// it names: USERNAME (and SECRET_HASH) must fit the session's user.
func (c *call) openAnswer(a *authRequest, session, challenge string) (*authSession, *userRecord, error) {
	pool, st, err := c.openAuthSession(session, challenge)
	if err != nil {
		return nil, nil, err
	}
	if pool.Id != a.pool.Id || st.ClientID != a.client.ClientId {
		return nil, nil, errSessionExpired()
	}
	user, err := c.answeringUser(a, st.Username)
	if err != nil {
		return nil, nil, err
	}
	return st, user, nil
}

// answeringUser checks that the USERNAME (and SECRET_HASH) of a challenge
// answer name the user the sign-in is for, who may still sign in.
func (c *call) answeringUser(a *authRequest, username string) (*userRecord, error) {
	user, err := c.answeringUserOrDecoy(a, username)
	if err == nil && user == nil {
		return nil, errSessionExpired()
	}
	return user, err
}

// answeringUserOrDecoy is answeringUser that also accepts the answer of a
// name without a user to the decoy challenge it was given (decoyUsername),
// with a nil user.
func (c *call) answeringUserOrDecoy(a *authRequest, username string) (*userRecord, error) {
	name := a.params["USERNAME"]
	if err := required("USERNAME", name, maxValue); err != nil {
		return nil, err
	}
	var user *userRecord
	err := c.s.view(a.pool.Id, func(p *poolTx) error {
		u, err := p.lookupUser(a.pool, name)
		var e *Error
		if errors.As(err, &e) && e.Type == userpool.UserNotFoundException {
			if decoy, err := decoyUsername(a.pool, name); err != nil || (username != decoy && username != name) {
				return errSessionExpired()
			}
			return nil
		}
		if err != nil || u.Username != username {
			return errSessionExpired()
		}
		user = u
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := checkSecretHash(a.client, a.params["SECRET_HASH"], name, user.usernameOr(name)); err != nil {
		return nil, err
	}
	if user == nil {
		return nil, nil
	}
	if !user.Enabled {
		return nil, errNotAuthorized("User is disabled.")
	}
	return user, nil
}

// answerDeviceKey is the device of a sign-in: the DEVICE_KEY of the answer,
// else the one the sign-in started with.
func answerDeviceKey(a *authRequest, st *authSession) string {
	if k := a.params[userpool.ParamDeviceKey]; k != "" {
		return k
	}
	return st.DeviceKey
}

// answerMFACode answers SMS_MFA and EMAIL_OTP with the code sent.
func answerMFACode(c *call, a *authRequest, session string) (any, error) {
	pool, st, err := c.openAuthSession(session, a.flow)
	if err != nil {
		return nil, err
	}
	if pool.Id != a.pool.Id || st.ClientID != a.client.ClientId {
		return nil, errSessionExpired()
	}
	u, err := c.answeringUserOrDecoy(a, st.Username)
	if err != nil {
		return nil, err
	}
	field, attr, purpose := userpool.AnswerSMSMFACode, "phone_number", purposeMFA
	switch a.flow {
	case mfaEmail:
		field, attr = userpool.AnswerEmailOTPCode, "email"
	case userpool.ChallengeSMSOTP:
		field = userpool.AnswerSMSOTPCode
	}
	if st.Step == stepSignInCode {
		purpose = purposeSignIn
	}
	given := a.params[field]
	if err := required(field, given, 16); err != nil {
		return nil, err
	}
	if u == nil {
		if st.Step != stepSignInCode {
			return nil, errSessionExpired()
		}
		return nil, c.answerDecoyCode(a, st, purpose, given)
	}
	var wrong error
	err = c.s.update(a.pool.Id, func(p *poolTx) error {
		fresh, err := p.user(u.Username)
		if err != nil {
			return errSessionExpired()
		}
		if wrong = fresh.useCode(purpose, attr, given, c.now); wrong == nil && st.Step == stepEmailSetup {
			if err := setUpEmailMFA(p, a.pool, fresh, st.Email); err != nil {
				return err
			}
		}
		fresh.Modified = c.now
		u = fresh
		return p.putUser(fresh)
	})
	if err != nil {
		return nil, err
	}
	if wrong != nil {
		return nil, wrong
	}
	if err := c.spendSession(st); err != nil {
		return nil, err
	}
	return c.finishSignIn(a, u, answerDeviceKey(a, st))
}

// setUpEmailMFA completes an email MFA_SETUP: the address the code reached
// becomes the user's verified email, and email MFA is turned on.
func setUpEmailMFA(p *poolTx, pool *poolRecord, u *userRecord, email string) error {
	if !strings.EqualFold(u.attr("email"), email) {
		if err := p.setEmail(pool, u, email); err != nil {
			return err
		}
	}
	// The code reached the address, so it is the user's, alias included.
	if err := p.verifyEmail(pool, u, true); err != nil {
		return err
	}
	u.MFA.Email = true
	return nil
}

// answerTOTP answers SOFTWARE_TOKEN_MFA with a code of the user's token.
func answerTOTP(c *call, a *authRequest, session string) (any, error) {
	st, u, err := c.openAnswer(a, session, mfaTOTP)
	if err != nil {
		return nil, err
	}
	code := a.params[userpool.AnswerSoftwareTokenMFACode]
	if err := required(userpool.AnswerSoftwareTokenMFACode, code, 16); err != nil {
		return nil, err
	}
	ok := false
	err = c.s.update(a.pool.Id, func(p *poolTx) error {
		fresh, err := p.user(u.Username)
		if err != nil {
			return errSessionExpired()
		}
		if ok = fresh.MFA.useTOTP(fresh.MFA.TOTPSecret, code, c.now); !ok {
			return nil
		}
		u = fresh
		return p.putUser(fresh)
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, c.sessionFailed(st, apiError(userpool.CodeMismatchException, "Invalid code received for user"))
	}
	if err := c.spendSession(st); err != nil {
		return nil, err
	}
	return c.finishSignIn(a, u, answerDeviceKey(a, st))
}

// selectAnswers maps SELECT_MFA_TYPE answers to factors. Cognito's docs also
// name email MFA "EMAIL_MFA" (UNSURE which one it sends): both are accepted.
var selectAnswers = map[string]string{mfaSMS: mfaSMS, mfaTOTP: mfaTOTP, mfaEmail: mfaEmail, "EMAIL_MFA": mfaEmail}

func answerSelectMFAType(c *call, a *authRequest, session string) (any, error) {
	st, u, err := c.openAnswer(a, session, userpool.ChallengeSelectMFAType)
	if err != nil {
		return nil, err
	}
	factor, ok := selectAnswers[a.params[userpool.AnswerChoice]]
	if !ok || !slices.Contains(u.mfaFactors(a.pool), factor) {
		return nil, errInvalidParameter("ANSWER must be one of MFAS_CAN_CHOOSE.")
	}
	if err := c.spendSession(st); err != nil {
		return nil, err
	}
	return c.startFactor(a, u, factor, answerDeviceKey(a, st), "")
}

// answerMFASetup completes MFA_SETUP: after VerifySoftwareToken (its
// Session), or with EMAIL, which sends a code and asks for it (EMAIL_OTP).
// SMS cannot be set up here: the user needs a phone number and a new
// sign-in, as in Cognito.
func answerMFASetup(c *call, a *authRequest, session string) (any, error) {
	st, u, err := c.openAnswer(a, session, userpool.ChallengeMFASetup)
	if err != nil {
		return nil, err
	}
	email := a.params[userpool.AnswerEmail]
	switch {
	case st.Step == stepVerified:
		err = c.s.update(a.pool.Id, func(p *poolTx) error {
			fresh, err := p.user(u.Username)
			if err != nil || fresh.MFA.TOTPSecret == "" {
				return errSessionExpired()
			}
			fresh.MFA.TOTP = true
			fresh.Modified = c.now
			u = fresh
			return p.putUser(fresh)
		})
		if err == nil {
			err = c.spendSession(st)
		}
		if err != nil {
			return nil, err
		}
		return c.finishSignIn(a, u, answerDeviceKey(a, st))
	case email != "" && st.Step == "":
		if a.pool.MFA.Email == nil {
			return nil, errInvalidParameter("Email MFA is not enabled for this user pool.")
		}
		if err := firstError(optional("EMAIL", email, maxValue), a.pool.checkWritable([]attribute{{Name: "email", Value: email}}, false, writeUpdate)); err != nil {
			return nil, err
		}
		if err := c.spendSession(st); err != nil {
			return nil, err
		}
		return c.startFactor(a, u, mfaEmail, answerDeviceKey(a, st), email)
	}
	return nil, errInvalidParameter("Answer MFA_SETUP with the Session of VerifySoftwareToken, or with EMAIL.")
}
