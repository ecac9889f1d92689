package localpool

import (
	"slices"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// Choice-based sign-in (InitiateAuth USER_AUTH): the user picks a first
// factor (a password, by SRP or not, a code sent by email or SMS, or a
// passkey), named by PREFERRED_CHALLENGE or answered to SELECT_CHALLENGE.

// purposeSignIn is the purpose of the codes of EMAIL_OTP and SMS_OTP sign-in
// (valid 3 minutes, single use, maxCodeAttempts wrong guesses).
const purposeSignIn = "sign_in"

// stepSignInCode marks an EMAIL_OTP or SMS_OTP session of a first factor
// (not of MFA).
const stepSignInCode = "first"

// challengeSignUp names the sessions ConfirmSignUp returns: InitiateAuth
// USER_AUTH with one signs the new user in. It is no challenge on the wire.
const challengeSignUp = "SIGN_UP"

// firstFactorOrder is the order of AvailableChallenges.
var firstFactorOrder = []string{userpool.FactorPassword, userpool.FactorPasswordSRP, userpool.FactorEmailOTP,
	userpool.FactorSMSOTP, userpool.FactorWebAuthn}

// defaultPoolSettings are the default pool's: email sign-in, and every
// first factor, with passkeys for the relying party localhost, where the app
// runs in development.
func defaultPoolSettings() poolSettings {
	in := poolSettings{AutoVerifiedAttributes: []string{"email"}}
	in.Policies = &struct {
		PasswordPolicy *passwordPolicy
		SignInPolicy   *signInPolicy
	}{SignInPolicy: &signInPolicy{AllowedFirstAuthFactors: []string{userpool.FactorPassword, userpool.FactorEmailOTP,
		userpool.FactorSMSOTP, userpool.FactorWebAuthn}}}
	return in
}

// allowedFirstFactors is the pool's SignInPolicy; Cognito's default is PASSWORD.
func (p *userPool) allowedFirstFactors() []string {
	if p.Policies.SignInPolicy == nil || len(p.Policies.SignInPolicy.AllowedFirstAuthFactors) == 0 {
		return []string{userpool.FactorPassword}
	}
	return p.Policies.SignInPolicy.AllowedFirstAuthFactors
}

// tier is the pool's feature plan; pools created without one are ESSENTIALS,
// Cognito's default for new pools.
func (p *userPool) tier() string {
	if p.UserPoolTier == "" {
		return userpool.TierEssentials
	}
	return p.UserPoolTier
}

// validateSignIn checks UserPoolTier and SignInPolicy.
func (in *poolSettings) validateSignIn() error {
	if in.Policies == nil || in.Policies.SignInPolicy == nil {
		return nil
	}
	factors := in.Policies.SignInPolicy.AllowedFirstAuthFactors
	seen := map[string]bool{}
	for _, f := range factors { // the model has checked the names
		if seen[f] {
			return errInvalidParameter("AllowedFirstAuthFactors may hold each of PASSWORD, EMAIL_OTP, SMS_OTP and WEB_AUTHN once.")
		}
		seen[f] = true
	}
	if !seen[userpool.FactorPassword] {
		// As Cognito: password sign-in cannot be turned off.
		return errInvalidParameter("AllowedFirstAuthFactors must include PASSWORD.")
	}
	if len(factors) > 1 && in.UserPoolTier == userpool.TierLite {
		return apiError(userpool.FeatureUnavailableInTierException, "Passwordless sign-in needs the ESSENTIALS or PLUS feature plan.")
	}
	return nil
}

// firstFactors lists the first factors u can sign in with, in Cognito's
// order. Codes go only to a verified email address or phone number. UNSURE
// (Cognito does not say how it checks this server-side): where MFA is ON,
// only a password (then MFA) or a passkey that counts as MFA may be the
// first factor, and a code or passkey sign-in is not followed by MFA.
func (c *call) firstFactors(pool *poolRecord, u *userRecord) []string {
	allowed := pool.allowedFirstFactors()
	mfaRequired := pool.MfaConfiguration == mfaOn
	passwordless := pool.tier() != userpool.TierLite && u.Enabled && u.Status == statusConfirmed
	var out []string
	for _, f := range firstFactorOrder {
		ok := false
		switch f {
		case userpool.FactorPassword, userpool.FactorPasswordSRP:
			ok = slices.Contains(allowed, userpool.FactorPassword) && len(u.Verifier) > 0
		case userpool.FactorEmailOTP:
			ok = passwordless && !mfaRequired && slices.Contains(allowed, f) && u.attr("email") != "" && u.attr("email_verified") == "true"
		case userpool.FactorSMSOTP:
			ok = passwordless && !mfaRequired && slices.Contains(allowed, f) && u.attr("phone_number") != "" &&
				u.attr("phone_number_verified") == "true"
		case userpool.FactorWebAuthn:
			ok = passwordless && slices.Contains(allowed, f) && c.hasPasskey(pool, u) && (!mfaRequired || pool.passkeyIsMFA())
		}
		if ok {
			out = append(out, f)
		}
	}
	return out
}

// userAuth answers InitiateAuth USER_AUTH.
func userAuth(c *call, a *authRequest) (any, error) {
	if a.pool.tier() == userpool.TierLite {
		return nil, apiError(userpool.FeatureUnavailableInTierException, "USER_AUTH needs the ESSENTIALS or PLUS feature plan.")
	}
	if a.session != "" {
		return c.signInAfterSignUp(a)
	}
	preferred := a.params[userpool.ParamPreferredChallenge]
	if preferred != "" && !slices.Contains(firstFactorOrder, preferred) {
		return nil, errInvalidParameter("PREFERRED_CHALLENGE must be one of %v.", firstFactorOrder)
	}
	user, err := c.findUser(a, a.params["USERNAME"])
	if err != nil {
		return nil, err
	}
	if user == nil {
		return c.unknownUserAuth(a, preferred)
	}
	factors := c.firstFactors(a.pool, user)
	// As Cognito: a preferred challenge the user cannot use gets the choice.
	if slices.Contains(factors, preferred) {
		return c.startFirstFactor(a, user, preferred)
	}
	return c.selectChallenge(a, user, factors)
}

// unknownUserAuth answers USER_AUTH for a name without a user like for a
// user with a password and, where users sign in with their email, that
// address verified: a stable decoy (decoyUsername) gets the same challenges,
// sessions, codes that count against the same budgets, and answers. Cognito
// answers such a name with a random choice among the pool's first factors;
// UNSURE: a fixed choice here, the commonest user's, so repeated calls do
// not tell a decoy by its changing answers.
func (c *call) unknownUserAuth(a *authRequest, preferred string) (any, error) {
	decoy, err := c.decoyUser(a)
	if err != nil {
		return nil, err
	}
	factors := c.decoyFactors(a)
	switch {
	case preferred == userpool.FactorPasswordSRP:
		return startSRP(c, a)
	case preferred == userpool.FactorPassword:
		return passwordAuth(c, a) // the same work and answer as for a wrong password
	case preferred == userpool.FactorEmailOTP && slices.Contains(factors, preferred):
		return c.decoyCodeChallenge(a, decoy)
	}
	return c.selectChallenge(a, decoy, factors)
}

// decoyUser is the user a name without a user appears to be.
func (c *call) decoyUser(a *authRequest) (*userRecord, error) {
	name, err := decoyUsername(a.pool, a.params["USERNAME"])
	if err != nil {
		return nil, err
	}
	return &userRecord{Username: name}, nil
}

// decoyFactors are the first factors a name without a user is offered: a
// password and, where the name is an email a user would sign in with, a
// code to it.
func (c *call) decoyFactors(a *authRequest) []string {
	name := a.params["USERNAME"]
	decoy := &userRecord{Enabled: true, Status: statusConfirmed, Verifier: []byte{1}}
	if a.pool.emailSignIn() && emailPattern.MatchString(name) {
		decoy.Attributes = []attribute{{Name: "email", Value: name}, {Name: "email_verified", Value: "true"}}
	}
	return c.firstFactors(a.pool, decoy)
}

// decoyCodeChallenge is codeChallenge for a decoy: a code nobody receives,
// within the budget of sign-in codes, kept on the decoy's record in memory.
func (c *call) decoyCodeChallenge(a *authRequest, decoy *userRecord) (any, error) {
	name := a.params["USERNAME"]
	var code *codeRecord
	err := c.s.update(a.pool.Id, func(p *poolTx) error {
		var err error
		if code, err = c.s.unknownGuesser(a.pool.Id, decoy.Username).issueCodeTo(purposeSignIn, "email", name, c.now); err != nil {
			return err
		}
		stand, err := standInUser()
		if err != nil {
			return err
		}
		return p.putStandIn(stand)
	})
	if err != nil {
		return nil, err
	}
	c.s.log.Info("no such user; sign-in code answered as if there were one", "pool", a.pool.Id, "username", logValue(name))
	d := code.delivery()
	return c.authChallenge(a, decoy, authSession{Challenge: userpool.ChallengeEmailOTP, Step: stepSignInCode,
		DeviceKey: a.params[userpool.ParamDeviceKey]}, map[string]string{
		userpool.ParamDeliveryMedium:      d.DeliveryMedium,
		userpool.ParamDeliveryDestination: d.Destination,
	})
}

// answerDecoyCode answers a code sent to a decoy: wrong codes count as a
// user's do, and no code is right.
func (c *call) answerDecoyCode(a *authRequest, st *authSession, purpose, given string) error {
	var wrong error
	err := c.s.update(a.pool.Id, func(p *poolTx) error {
		wrong = c.s.unknownGuesser(a.pool.Id, st.Username).useNoCode(purpose, given, c.now)
		stand, err := standInUser()
		if err != nil {
			return err
		}
		return p.putStandIn(stand)
	})
	return firstError(err, wrong)
}

func (c *call) selectChallenge(a *authRequest, u *userRecord, factors []string) (any, error) {
	out, err := c.authChallenge(a, u, authSession{Challenge: userpool.ChallengeSelectChallenge,
		DeviceKey: a.params[userpool.ParamDeviceKey]}, map[string]string{})
	if err != nil {
		return nil, err
	}
	ch := out.(*challengeOutput)
	ch.AvailableChallenges = factors
	return ch, nil
}

// startFirstFactor runs the first factor the user chose. PASSWORD and
// PASSWORD_SRP are the password flows (MFA follows where the pool asks
// for it); the codes are sent; WEB_AUTHN asks for an assertion.
func (c *call) startFirstFactor(a *authRequest, u *userRecord, factor string) (any, error) {
	switch factor {
	case userpool.FactorPassword:
		return passwordAuth(c, a)
	case userpool.FactorPasswordSRP:
		return startSRP(c, a)
	case userpool.FactorEmailOTP:
		return c.codeChallenge(a, u, authSession{Challenge: userpool.ChallengeEmailOTP, Step: stepSignInCode,
			DeviceKey: a.params[userpool.ParamDeviceKey]}, purposeSignIn, "email", "")
	case userpool.FactorSMSOTP:
		return c.codeChallenge(a, u, authSession{Challenge: userpool.ChallengeSMSOTP, Step: stepSignInCode,
			DeviceKey: a.params[userpool.ParamDeviceKey]}, purposeSignIn, "phone_number", "")
	case userpool.FactorWebAuthn:
		return c.passkeyChallenge(a, u)
	}
	return nil, errInvalidParameter("Unsupported first factor %s.", truncate(factor, 32))
}

// answerSelectChallenge answers SELECT_CHALLENGE: ANSWER names the factor,
// with PASSWORD or SRP_A where it needs one.
func answerSelectChallenge(c *call, a *authRequest, session string) (any, error) {
	pool, st, err := c.openAuthSession(session, userpool.ChallengeSelectChallenge)
	if err != nil {
		return nil, err
	}
	if pool.Id != a.pool.Id || st.ClientID != a.client.ClientId {
		return nil, errSessionExpired()
	}
	answer := a.params[userpool.AnswerChoice]
	if err := required(userpool.AnswerChoice, answer, 32); err != nil {
		return nil, err
	}
	if _, ok := a.params[userpool.ParamDeviceKey]; !ok && st.DeviceKey != "" {
		a.params[userpool.ParamDeviceKey] = st.DeviceKey
	}
	u, err := c.answeringUserOrDecoy(a, st.Username)
	if err != nil {
		return nil, err
	}
	if u == nil { // the choice offered to a name without a user
		if !slices.Contains(c.decoyFactors(a), answer) {
			return nil, errInvalidParameter("ANSWER must be one of AvailableChallenges.")
		}
		if err := c.spendSession(st); err != nil {
			return nil, err
		}
		return c.unknownUserAuth(a, answer)
	}
	if !slices.Contains(c.firstFactors(a.pool, u), answer) {
		return nil, errInvalidParameter("ANSWER must be one of AvailableChallenges.")
	}
	if err := c.spendSession(st); err != nil {
		return nil, err
	}
	return c.startFirstFactor(a, u, answer)
}

// answerPasswordChallenge answers ChallengeName PASSWORD or PASSWORD_SRP
// with the session of SELECT_CHALLENGE, as choosing it there does.
func answerPasswordChallenge(c *call, a *authRequest, session string) (any, error) {
	a.params[userpool.AnswerChoice] = a.flow
	return answerSelectChallenge(c, a, session)
}

// signInAfterSignUp answers InitiateAuth USER_AUTH with the Session of
// ConfirmSignUp: the confirmation code was the proof, so the new user is
// signed in without another factor.
func (c *call) signInAfterSignUp(a *authRequest) (any, error) {
	pool, st, err := c.openAuthSession(a.session, challengeSignUp)
	if err != nil {
		return nil, err
	}
	if pool.Id != a.pool.Id || st.ClientID != a.client.ClientId {
		return nil, errSessionExpired()
	}
	u, err := c.answeringUser(a, st.Username)
	if err != nil {
		return nil, err
	}
	if u.Status != statusConfirmed {
		return nil, errSessionExpired()
	}
	if err := c.spendSession(st); err != nil {
		return nil, err
	}
	return c.finishSignIn(a, u, a.params[userpool.ParamDeviceKey])
}

// signUpSession is the Session ConfirmSignUp returns where the client
// allows USER_AUTH.
func (c *call) signUpSession(pool *poolRecord, client *userPoolClient, username string) (string, error) {
	if !client.allowsFlow(userpool.AuthFlowUserAuth) || pool.tier() == userpool.TierLite {
		return "", nil
	}
	return c.newAuthSession(pool, client, authSession{Challenge: challengeSignUp, Username: username})
}

type getUserAuthFactorsInput struct {
	AccessToken string
}

// getUserAuthFactors answers GetUserAuthFactors: the user's MFA settings and
// the first factors they can sign in with.
func getUserAuthFactors(c *call, in *getUserAuthFactorsInput) (any, error) {
	out := map[string]any{}
	err := c.withAccessUser(in.AccessToken, false, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		factors := slices.DeleteFunc(c.firstFactors(pool, u), func(f string) bool { return f == userpool.FactorPasswordSRP })
		out["Username"] = u.Username
		out["ConfiguredUserAuthFactors"] = append([]string{}, factors...)
		u.mfaFields(out)
		delete(out, "MFAOptions")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
