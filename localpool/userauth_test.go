package localpool_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
	"github.com/cognitowasm/cognitowasm/srp"
)

const (
	otpUser   = "otp@example.com"
	otpPhone  = "+15555550142"
	plainUser = "plain@example.com"
)

// otpUsers makes a user with a verified email and phone number, and one
// whose email is not verified.
func otpUsers(t *testing.T, p *localpooltest.Pool) {
	t.Helper()
	p.CreateUser(t, otpUser, password, map[string]string{"phone_number": otpPhone, "phone_number_verified": "true"})
	p.CreateUser(t, plainUser, password, map[string]string{"email_verified": "false"})
}

func userAuth(api *cip.Client, clientID string, params map[string]string) (*cip.InitiateAuthOutput, error) {
	return api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeUserAuth, AuthParameters: params})
}

func challengeNames(list []types.ChallengeNameType) []string {
	var out []string
	for _, c := range list {
		out = append(out, string(c))
	}
	return out
}

// selectChallenge starts USER_AUTH without a preference and checks the choice offered.
func selectChallenge(t *testing.T, p *localpooltest.Pool, name string, want ...string) *cip.InitiateAuthOutput {
	t.Helper()
	out, err := userAuth(p.Admin(), p.ClientID, map[string]string{"USERNAME": name})
	if err != nil {
		t.Fatalf("USER_AUTH %s: %v", name, err)
	}
	if out.ChallengeName != types.ChallengeNameTypeSelectChallenge || out.Session == nil {
		t.Fatalf("challenge = %q, want SELECT_CHALLENGE", out.ChallengeName)
	}
	if got := challengeNames(out.AvailableChallenges); !slices.Equal(got, want) {
		t.Fatalf("AvailableChallenges of %s = %v, want %v", name, got, want)
	}
	return out
}

func signInCode(t *testing.T, p *localpooltest.Pool, name, attribute string) string {
	t.Helper()
	for _, m := range inbox(t, p, name) {
		if m["purpose"] == "sign_in" && m["attribute"] == attribute {
			return m["code"]
		}
	}
	t.Fatalf("no sign-in code for %s to %s", name, attribute)
	return ""
}

func TestUserAuthSelectChallenge(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	otpUsers(t, p)

	// Only the factors this user has: codes go to verified addresses only.
	sel := selectChallenge(t, p, otpUser, "PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP")
	selectChallenge(t, p, plainUser, "PASSWORD", "PASSWORD_SRP")
	// An unknown email looks like a user with a password and that address verified.
	unknown := selectChallenge(t, p, "nobody@example.com", "PASSWORD", "PASSWORD_SRP", "EMAIL_OTP")
	if id := unknown.ChallengeParameters["USER_ID_FOR_SRP"]; id == "" || id == "nobody@example.com" {
		t.Fatalf("USER_ID_FOR_SRP of an unknown user = %q, want a decoy sub", id)
	}
	_, err := respond(api, p.ClientID, types.ChallengeNameTypeSelectChallenge, unknown.Session,
		map[string]string{"USERNAME": "nobody@example.com", "ANSWER": "PASSWORD", "PASSWORD": password})
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Incorrect username or password.")

	// A factor not offered is refused, and the session survives the mistake.
	_, err = respond(api, p.ClientID, types.ChallengeNameTypeSelectChallenge, sel.Session,
		map[string]string{"USERNAME": otpUser, "ANSWER": "WEB_AUTHN"})
	wantAPIError(t, err, "InvalidParameterException")
	// PASSWORD with the password: tokens.
	wantTokens(t)(respond(api, p.ClientID, types.ChallengeNameTypeSelectChallenge, sel.Session,
		map[string]string{"USERNAME": otpUser, "ANSWER": "PASSWORD", "PASSWORD": password}))
	// The session of SELECT_CHALLENGE is single use.
	_, err = respond(api, p.ClientID, types.ChallengeNameTypeSelectChallenge, sel.Session,
		map[string]string{"USERNAME": otpUser, "ANSWER": "PASSWORD", "PASSWORD": password})
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Invalid session for the user, session can only be used once.")

	// A wrong password through the choice is a wrong password.
	sel = selectChallenge(t, p, otpUser, "PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP")
	_, err = respond(api, p.ClientID, types.ChallengeNameTypeSelectChallenge, sel.Session,
		map[string]string{"USERNAME": otpUser, "ANSWER": "PASSWORD", "PASSWORD": "Wrong0ne!"})
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Incorrect username or password.")

	// EMAIL_OTP: the code is sent, then asked for.
	sel = selectChallenge(t, p, otpUser, "PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP")
	ch, err := respond(api, p.ClientID, types.ChallengeNameTypeSelectChallenge, sel.Session,
		map[string]string{"USERNAME": otpUser, "ANSWER": "EMAIL_OTP"})
	wantChallenge(t, ch, err, types.ChallengeNameTypeEmailOtp)
	if ch.ChallengeParameters["CODE_DELIVERY_DELIVERY_MEDIUM"] != "EMAIL" || ch.ChallengeParameters["CODE_DELIVERY_DESTINATION"] != "o***@e***" {
		t.Fatalf("EMAIL_OTP parameters = %v", ch.ChallengeParameters)
	}
	res := wantTokens(t)(respond(api, p.ClientID, types.ChallengeNameTypeEmailOtp, ch.Session,
		map[string]string{"USERNAME": otpUser, "EMAIL_OTP_CODE": signInCode(t, p, otpUser, "email")}))
	if claims(t, res.IdToken)["email"] != otpUser || res.RefreshToken == nil {
		t.Fatalf("tokens of EMAIL_OTP sign-in: %v", claims(t, res.IdToken))
	}

	// PASSWORD_SRP: the standard SRP answer follows.
	sel = selectChallenge(t, p, otpUser, "PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP")
	client, err := srp.NewClient(nil)
	if err != nil {
		t.Fatal(err)
	}
	ch, err = respond(api, p.ClientID, types.ChallengeNameTypeSelectChallenge, sel.Session,
		map[string]string{"USERNAME": otpUser, "ANSWER": "PASSWORD_SRP", "SRP_A": client.A()})
	if err != nil || ch.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		t.Fatalf("PASSWORD_SRP = %+v, %v", ch, err)
	}
	wantTokens(t)(answerVerifier(t, p, client, ch.ChallengeParameters, ch.Session))
}

func answerVerifier(t *testing.T, p *localpooltest.Pool, client *srp.Client, params map[string]string, session *string) (*cip.RespondToAuthChallengeOutput, error) {
	t.Helper()
	claim, err := client.Claim(srp.UserIdentity(p.UserPoolID, params["USER_ID_FOR_SRP"]), password,
		srp.Challenge{Salt: params["SALT"], B: params["SRP_B"], SecretBlock: params["SECRET_BLOCK"]}, p.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return respond(p.Admin(), p.ClientID, types.ChallengeNameTypePasswordVerifier, session, map[string]string{
		"USERNAME": params["USERNAME"], "PASSWORD_CLAIM_SECRET_BLOCK": claim.SecretBlock,
		"PASSWORD_CLAIM_SIGNATURE": claim.Signature, "TIMESTAMP": claim.Timestamp})
}

func TestUserAuthPreferredChallenge(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	otpUsers(t, p)

	out, err := userAuth(api, p.ClientID, map[string]string{"USERNAME": otpUser, "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": password})
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("PASSWORD = %+v, %v", out, err)
	}
	_, err = userAuth(api, p.ClientID, map[string]string{"USERNAME": otpUser, "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": "Wrong0ne!"})
	wantAPIError(t, err, "NotAuthorizedException")
	_, err = userAuth(api, p.ClientID, map[string]string{"USERNAME": "nobody@example.com", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": password})
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Incorrect username or password.")

	client, err := srp.NewClient(nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err = userAuth(api, p.ClientID, map[string]string{"USERNAME": otpUser, "PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": client.A()})
	if err != nil || out.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		t.Fatalf("PASSWORD_SRP = %+v, %v", out, err)
	}
	wantTokens(t)(answerVerifier(t, p, client, out.ChallengeParameters, out.Session))

	out, err = userAuth(api, p.ClientID, map[string]string{"USERNAME": otpUser, "PREFERRED_CHALLENGE": "SMS_OTP"})
	if err != nil || out.ChallengeName != types.ChallengeNameTypeSmsOtp || out.ChallengeParameters["CODE_DELIVERY_DESTINATION"] != "+*******0142" {
		t.Fatalf("SMS_OTP = %+v, %v", out, err)
	}
	wantTokens(t)(respond(api, p.ClientID, types.ChallengeNameTypeSmsOtp, out.Session,
		map[string]string{"USERNAME": otpUser, "SMS_OTP_CODE": signInCode(t, p, otpUser, "phone_number")}))

	// A factor the user lacks gets the choice instead, as in Cognito.
	out, err = userAuth(api, p.ClientID, map[string]string{"USERNAME": plainUser, "PREFERRED_CHALLENGE": "EMAIL_OTP"})
	if err != nil || out.ChallengeName != types.ChallengeNameTypeSelectChallenge ||
		!slices.Equal(challengeNames(out.AvailableChallenges), []string{"PASSWORD", "PASSWORD_SRP"}) {
		t.Fatalf("EMAIL_OTP for a user without a verified email = %+v, %v", out, err)
	}
	_, err = userAuth(api, p.ClientID, map[string]string{"USERNAME": otpUser, "PREFERRED_CHALLENGE": "SOFTWARE_TOKEN_MFA"})
	wantAPIError(t, err, "InvalidParameterException")

	// A client without ALLOW_USER_AUTH refuses the flow.
	srpOnly, _ := p.NewClient(t, cip.CreateUserPoolClientInput{ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth}})
	_, err = userAuth(api, srpOnly, map[string]string{"USERNAME": otpUser})
	wantAPIErrorMessage(t, err, "InvalidParameterException", "USER_AUTH flow not enabled for this client")
}

// Sign-in codes: 3 minutes, single use, 5 wrong guesses.
func TestSignInCodes(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	otpUsers(t, p)
	clientID, _ := p.NewClient(t, cip.CreateUserPoolClientInput{AuthSessionValidity: aws.Int32(15),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserAuth}})
	start := func() *cip.InitiateAuthOutput {
		t.Helper()
		out, err := userAuth(api, clientID, map[string]string{"USERNAME": otpUser, "PREFERRED_CHALLENGE": "EMAIL_OTP"})
		if err != nil || out.ChallengeName != types.ChallengeNameTypeEmailOtp {
			t.Fatalf("EMAIL_OTP = %+v, %v", out, err)
		}
		return out
	}
	answer := func(out *cip.InitiateAuthOutput, code string) (*cip.RespondToAuthChallengeOutput, error) {
		return respond(api, clientID, types.ChallengeNameTypeEmailOtp, out.Session, map[string]string{"USERNAME": otpUser, "EMAIL_OTP_CODE": code})
	}

	out := start()
	code := signInCode(t, p, otpUser, "email")
	_, err := answer(out, wrong(code))
	wantAPIError(t, err, "CodeMismatchException")
	wantTokens(t)(answer(out, code))
	// Used twice: the session and the code are spent.
	_, err = answer(out, code)
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Invalid session for the user, session can only be used once.")
	// An old code does not open a new sign-in either.
	out = start()
	if fresh := signInCode(t, p, otpUser, "email"); fresh != code {
		_, err = answer(out, code)
		wantAPIError(t, err, "CodeMismatchException")
	}

	// Expired after 3 minutes.
	out = start()
	code = signInCode(t, p, otpUser, "email")
	p.Clock.Advance(3*time.Minute + time.Second)
	_, err = answer(out, code)
	wantAPIError(t, err, "ExpiredCodeException")

	// Five wrong guesses use the code up.
	out = start()
	code = signInCode(t, p, otpUser, "email")
	for range 5 {
		_, err = answer(out, wrong(code))
		wantAPIError(t, err, "CodeMismatchException")
	}
	_, err = answer(out, code)
	wantAPIError(t, err, "TooManyFailedAttemptsException")

	// The code of one channel does not answer the other.
	out, err = userAuth(api, clientID, map[string]string{"USERNAME": otpUser, "PREFERRED_CHALLENGE": "SMS_OTP"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = respond(api, clientID, types.ChallengeNameTypeEmailOtp, out.Session, map[string]string{"USERNAME": otpUser,
		"EMAIL_OTP_CODE": signInCode(t, p, otpUser, "phone_number")})
	wantAPIError(t, err, "NotAuthorizedException")
	// Nor does a sign-in code answer MFA.
	if _, err := respond(api, clientID, types.ChallengeNameTypeSmsMfa, out.Session, map[string]string{"USERNAME": otpUser,
		"SMS_MFA_CODE": signInCode(t, p, otpUser, "phone_number")}); err == nil {
		t.Fatal("an SMS_OTP session answered SMS_MFA")
	}
}

// MFA still follows a password where the pool requires it; codes are no
// first factor there.
func TestUserAuthWithMFA(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	otpUsers(t, p)
	setMFAConfig(t, p, cip.SetUserPoolMfaConfigInput{MfaConfiguration: types.UserPoolMfaTypeOn, SmsMfaConfiguration: smsMFA})
	sel := selectChallenge(t, p, otpUser, "PASSWORD", "PASSWORD_SRP")
	ch, err := respond(api, p.ClientID, types.ChallengeNameTypeSelectChallenge, sel.Session,
		map[string]string{"USERNAME": otpUser, "ANSWER": "PASSWORD", "PASSWORD": password})
	wantChallenge(t, ch, err, types.ChallengeNameTypeSmsMfa)
	code, _ := mfaCode(t, p, otpUser)
	wantTokens(t)(respond(api, p.ClientID, types.ChallengeNameTypeSmsMfa, ch.Session, map[string]string{"USERNAME": otpUser, "SMS_MFA_CODE": code}))
	out, err := userAuth(api, p.ClientID, map[string]string{"USERNAME": otpUser, "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": password})
	if err != nil || out.ChallengeName != types.ChallengeNameTypeSmsMfa {
		t.Fatalf("PASSWORD with MFA ON = %+v, %v", out, err)
	}
}

func TestUserAuthPolicyAndTier(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	otpUsers(t, p)
	update := func(tier types.UserPoolTierType, factors ...types.AuthFactorType) error {
		_, err := api.UpdateUserPool(ctx, &cip.UpdateUserPoolInput{UserPoolId: &p.UserPoolID, UserPoolTier: tier,
			AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
			Policies:               &types.UserPoolPolicyType{SignInPolicy: &types.SignInPolicyType{AllowedFirstAuthFactors: factors}}})
		return err
	}
	wantAPIError(t, update(types.UserPoolTierTypeLite, types.AuthFactorTypePassword, types.AuthFactorTypeEmailOtp), "FeatureUnavailableInTierException")
	wantAPIError(t, update("", types.AuthFactorTypeEmailOtp), "InvalidParameterException")
	wantAPIError(t, update("GOLD", types.AuthFactorTypePassword), "InvalidParameterException")
	if err := update("", types.AuthFactorTypePassword, types.AuthFactorTypeSmsOtp); err != nil {
		t.Fatal(err)
	}
	got, err := api.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &p.UserPoolID})
	if err != nil || got.UserPool.UserPoolTier != types.UserPoolTierTypeEssentials ||
		len(got.UserPool.Policies.SignInPolicy.AllowedFirstAuthFactors) != 2 {
		t.Fatalf("DescribeUserPool = %+v, %v", got.UserPool, err)
	}
	selectChallenge(t, p, otpUser, "PASSWORD", "PASSWORD_SRP", "SMS_OTP")

	if err := update(types.UserPoolTierTypeLite, types.AuthFactorTypePassword); err != nil {
		t.Fatal(err)
	}
	_, err = userAuth(api, p.ClientID, map[string]string{"USERNAME": otpUser})
	wantAPIError(t, err, "FeatureUnavailableInTierException")
}

func TestSignInAfterSignUp(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	const name = "new@example.com"
	if _, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &p.ClientID, Username: aws.String(name), Password: aws.String(password)}); err != nil {
		t.Fatal(err)
	}
	conf, err := api.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: &p.ClientID, Username: aws.String(name), ConfirmationCode: aws.String(p.Code(t, name))})
	if err != nil || conf.Session == nil {
		t.Fatalf("ConfirmSignUp = %+v, %v", conf, err)
	}
	start := func(name string) (*cip.InitiateAuthOutput, error) {
		return api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &p.ClientID, AuthFlow: types.AuthFlowTypeUserAuth, Session: conf.Session,
			AuthParameters: map[string]string{"USERNAME": name}})
	}
	p.CreateUser(t, "other@example.com", password, nil)
	_, err = start("other@example.com")
	wantAPIError(t, err, "NotAuthorizedException")
	out, err := start(name)
	if err != nil || out.AuthenticationResult == nil || claims(t, out.AuthenticationResult.IdToken)["email"] != name {
		t.Fatalf("USER_AUTH with the sign-up session = %+v, %v", out, err)
	}
	_, err = start(name)
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Invalid session for the user, session can only be used once.")

	// A client without USER_AUTH gets no session.
	clientID, _ := p.NewClient(t, cip.CreateUserPoolClientInput{ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth}})
	if _, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &clientID, Username: aws.String("srp@example.com"), Password: aws.String(password)}); err != nil {
		t.Fatal(err)
	}
	conf, err = api.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: &clientID, Username: aws.String("srp@example.com"),
		ConfirmationCode: aws.String(p.Code(t, "srp@example.com"))})
	if err != nil || conf.Session != nil {
		t.Fatalf("ConfirmSignUp on an SRP client = %+v, %v", conf, err)
	}
}

func TestGetUserAuthFactors(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	otpUsers(t, p)
	for name, want := range map[string][]string{otpUser: {"PASSWORD", "EMAIL_OTP", "SMS_OTP"}, plainUser: {"PASSWORD"}} {
		res := mustSignIn(t, p, name, password)
		out, err := api.GetUserAuthFactors(ctx, &cip.GetUserAuthFactorsInput{AccessToken: res.AccessToken})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range out.ConfiguredUserAuthFactors {
			got = append(got, string(f))
		}
		if !slices.Equal(got, want) || aws.ToString(out.Username) == "" {
			t.Errorf("GetUserAuthFactors(%s) = %v %q, want %v", name, got, aws.ToString(out.Username), want)
		}
	}
	_, err := api.GetUserAuthFactors(ctx, &cip.GetUserAuthFactorsInput{AccessToken: aws.String("x")})
	wantAPIError(t, err, "NotAuthorizedException")
}

// Rotation: the grace period, reuse after it, concurrent refreshes and the
// new token's lifetime.
func TestRefreshTokenRotationReuse(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	const name = "rot@example.com"
	p.CreateUser(t, name, password, nil)
	newClient := func(grace int32) string {
		id, _ := p.NewClient(t, cip.CreateUserPoolClientInput{RefreshTokenValidity: 2, TokenValidityUnits: &types.TokenValidityUnitsType{RefreshToken: types.TimeUnitsTypeHours},
			ExplicitAuthFlows:    []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
			RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled, RetryGracePeriodSeconds: aws.Int32(grace)}})
		return id
	}
	get := func(clientID string, token *string) (*types.AuthenticationResultType, error) {
		out, err := api.GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: &clientID, RefreshToken: token})
		if err != nil {
			return nil, err
		}
		return out.AuthenticationResult, nil
	}

	// Grace 0: the old token is retired at once.
	immediate := newClient(0)
	first, err := passwordSignIn(api, immediate, name, password)
	if err != nil {
		t.Fatal(err)
	}
	next, err := get(immediate, first.RefreshToken)
	if err != nil || next.RefreshToken == nil {
		t.Fatalf("rotation = %+v, %v", next, err)
	}
	_, err = get(immediate, first.RefreshToken)
	wantAPIError(t, err, "RefreshTokenReuseException")
	// Garbage is not a reuse.
	_, err = get(immediate, aws.String("not-a-token"))
	wantAPIError(t, err, "NotAuthorizedException")

	// Concurrent refreshes with one token inside the grace period all succeed.
	graceful := newClient(30)
	first, err = passwordSignIn(api, graceful, name, password)
	if err != nil {
		t.Fatal(err)
	}
	const n = 4
	results := make([]*types.AuthenticationResultType, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { results[i], errs[i] = get(graceful, first.RefreshToken) })
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range n {
		if errs[i] != nil || results[i].RefreshToken == nil {
			t.Fatalf("concurrent refresh %d: %v", i, errs[i])
		}
		seen[*results[i].RefreshToken] = true
	}
	if len(seen) != n {
		t.Fatalf("%d distinct refresh tokens from %d refreshes", len(seen), n)
	}
	// Each new token keeps working; the first one is retired after the grace period.
	p.Clock.Advance(31 * time.Second)
	_, err = get(graceful, first.RefreshToken)
	wantAPIError(t, err, "RefreshTokenReuseException")
	latest := results[0].RefreshToken
	for range 3 {
		res, err := get(graceful, latest)
		if err != nil {
			t.Fatal(err)
		}
		latest = res.RefreshToken
	}
	// The rotated token lives only as long as the first had left (2 hours).
	p.Clock.Advance(2 * time.Hour)
	_, err = get(graceful, latest)
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Refresh Token has expired")
}
