package localpool_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// totpCode is localpooltest.TOTPCode, failing the test on a bad secret.
func totpCode(t testing.TB, secret string, at time.Time) string {
	t.Helper()
	code, err := localpooltest.TOTPCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func setMFAConfig(t testing.TB, p *localpooltest.Pool, in cip.SetUserPoolMfaConfigInput) *cip.SetUserPoolMfaConfigOutput {
	t.Helper()
	in.UserPoolId = &p.UserPoolID
	out, err := p.Admin().SetUserPoolMfaConfig(ctx, &in)
	if err != nil {
		t.Fatalf("SetUserPoolMfaConfig: %v", err)
	}
	return out
}

var (
	smsMFA   = &types.SmsMfaConfigType{SmsAuthenticationMessage: aws.String("Your code is {####}")}
	totpMFA  = &types.SoftwareTokenMfaConfigType{Enabled: true}
	emailMFA = &types.EmailMfaConfigType{Message: aws.String("Your code is {####}"), Subject: aws.String("Code")}
)

func TestUserPoolMfaConfig(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	got, err := api.GetUserPoolMfaConfig(ctx, &cip.GetUserPoolMfaConfigInput{UserPoolId: &p.UserPoolID})
	if err != nil {
		t.Fatal(err)
	}
	if got.MfaConfiguration != types.UserPoolMfaTypeOff || got.SoftwareTokenMfaConfiguration == nil || got.SoftwareTokenMfaConfiguration.Enabled ||
		got.SmsMfaConfiguration != nil || got.EmailMfaConfiguration != nil {
		t.Fatalf("default MFA config = %+v", got)
	}
	_, err = api.SetUserPoolMfaConfig(ctx, &cip.SetUserPoolMfaConfigInput{UserPoolId: &p.UserPoolID, MfaConfiguration: types.UserPoolMfaTypeOn})
	wantAPIError(t, err, "InvalidParameterException")
	_, err = api.SetUserPoolMfaConfig(ctx, &cip.SetUserPoolMfaConfigInput{UserPoolId: &p.UserPoolID, MfaConfiguration: "SOMETIMES"})
	wantAPIError(t, err, "InvalidParameterException")
	_, err = api.SetUserPoolMfaConfig(ctx, &cip.SetUserPoolMfaConfigInput{UserPoolId: &p.UserPoolID,
		SmsMfaConfiguration: &types.SmsMfaConfigType{SmsAuthenticationMessage: aws.String("no placeholder")}})
	wantAPIError(t, err, "InvalidParameterException")

	set := setMFAConfig(t, p, cip.SetUserPoolMfaConfigInput{MfaConfiguration: types.UserPoolMfaTypeOptional,
		SmsMfaConfiguration: smsMFA, SoftwareTokenMfaConfiguration: totpMFA, EmailMfaConfiguration: emailMFA})
	if set.MfaConfiguration != types.UserPoolMfaTypeOptional || !set.SoftwareTokenMfaConfiguration.Enabled ||
		aws.ToString(set.SmsMfaConfiguration.SmsAuthenticationMessage) != "Your code is {####}" ||
		aws.ToString(set.EmailMfaConfiguration.Subject) != "Code" {
		t.Fatalf("SetUserPoolMfaConfig = %+v", set)
	}
	// Members left out keep their values.
	setMFAConfig(t, p, cip.SetUserPoolMfaConfigInput{MfaConfiguration: types.UserPoolMfaTypeOn})
	got, err = api.GetUserPoolMfaConfig(ctx, &cip.GetUserPoolMfaConfigInput{UserPoolId: &p.UserPoolID})
	if err != nil {
		t.Fatal(err)
	}
	if got.MfaConfiguration != types.UserPoolMfaTypeOn || !got.SoftwareTokenMfaConfiguration.Enabled || got.EmailMfaConfiguration == nil {
		t.Fatalf("after ON = %+v", got)
	}

	// UpdateUserPool sets the device configuration and MFA; DescribeUserPool shows them.
	_, err = api.UpdateUserPool(ctx, &cip.UpdateUserPoolInput{UserPoolId: &p.UserPoolID, MfaConfiguration: types.UserPoolMfaTypeOptional,
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		DeviceConfiguration:    &types.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true}})
	if err != nil {
		t.Fatal(err)
	}
	desc, err := api.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &p.UserPoolID})
	if err != nil {
		t.Fatal(err)
	}
	if desc.UserPool.MfaConfiguration != types.UserPoolMfaTypeOptional || desc.UserPool.DeviceConfiguration == nil ||
		!desc.UserPool.DeviceConfiguration.ChallengeRequiredOnNewDevice || desc.UserPool.DeviceConfiguration.DeviceOnlyRememberedOnUserPrompt {
		t.Fatalf("DescribeUserPool = %+v", desc.UserPool)
	}

	// CreateUserPool with MFA ON turns on SMS MFA, the one factor it configures.
	created, err := api.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("mfa"), MfaConfiguration: types.UserPoolMfaTypeOn,
		SmsConfiguration: &types.SmsConfigurationType{SnsCallerArn: aws.String("arn:aws:iam::000000000000:role/sns")}})
	if err != nil {
		t.Fatal(err)
	}
	got, err = api.GetUserPoolMfaConfig(ctx, &cip.GetUserPoolMfaConfigInput{UserPoolId: created.UserPool.Id})
	if err != nil {
		t.Fatal(err)
	}
	if got.MfaConfiguration != types.UserPoolMfaTypeOn || got.SmsMfaConfiguration == nil {
		t.Fatalf("created pool MFA = %+v", got)
	}
}

// mfaUser makes a user with a phone number and signs them in without MFA.
func mfaUser(t *testing.T, p *localpooltest.Pool, name string) *types.AuthenticationResultType {
	t.Helper()
	p.CreateUser(t, name, password, map[string]string{"phone_number": "+15555550123"})
	return mustSignIn(t, p, name, password)
}

// enableTOTP associates and verifies a software token with an access token
// and returns its secret; the code used is of the clock's current step.
func enableTOTP(t *testing.T, p *localpooltest.Pool, access *string, preferred bool) string {
	t.Helper()
	api := p.Admin()
	assoc, err := api.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: access})
	if err != nil {
		t.Fatal(err)
	}
	secret := aws.ToString(assoc.SecretCode)
	if len(secret) < 16 || strings.Trim(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
		t.Fatalf("SecretCode %q is not base32", secret)
	}
	ver, err := api.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: access, UserCode: aws.String(totpCode(t, secret, p.Clock.Now())),
		FriendlyDeviceName: aws.String("phone")})
	if err != nil || ver.Status != types.VerifySoftwareTokenResponseTypeSuccess {
		t.Fatalf("VerifySoftwareToken = %+v, %v", ver, err)
	}
	_, err = api.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: access,
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true, PreferredMfa: preferred}})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

func respond(api *cip.Client, clientID string, ch types.ChallengeNameType, session *string, responses map[string]string) (*cip.RespondToAuthChallengeOutput, error) {
	return api.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &clientID, ChallengeName: ch, Session: session,
		ChallengeResponses: responses})
}

func wantChallenge(t testing.TB, out *cip.RespondToAuthChallengeOutput, err error, ch types.ChallengeNameType) {
	t.Helper()
	if err != nil {
		t.Fatalf("want %s: %v", ch, err)
	}
	if out.ChallengeName != ch || out.Session == nil || out.AuthenticationResult != nil {
		t.Fatalf("challenge = %q (%v), want %s", out.ChallengeName, out.ChallengeParameters, ch)
	}
}

// wantTokens(t)(call) fails the test unless the call answered tokens.
func wantTokens(t testing.TB) func(*cip.RespondToAuthChallengeOutput, error) *types.AuthenticationResultType {
	return func(out *cip.RespondToAuthChallengeOutput, err error) *types.AuthenticationResultType {
		t.Helper()
		if err != nil {
			t.Fatalf("want tokens: %v", err)
		}
		if out.AuthenticationResult == nil || out.AuthenticationResult.AccessToken == nil {
			t.Fatalf("no tokens: challenge %q", out.ChallengeName)
		}
		return out.AuthenticationResult
	}
}

// initiate is InitiateAuth with the answer shaped like RespondToAuthChallenge's.
func initiate(api *cip.Client, clientID string, flow types.AuthFlowType, params map[string]string) (*cip.RespondToAuthChallengeOutput, error) {
	out, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: flow, AuthParameters: params})
	if err != nil {
		return nil, err
	}
	return &cip.RespondToAuthChallengeOutput{ChallengeName: out.ChallengeName, ChallengeParameters: out.ChallengeParameters,
		Session: out.Session, AuthenticationResult: out.AuthenticationResult}, nil
}

func TestTOTPSignIn(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	setMFAConfig(t, p, cip.SetUserPoolMfaConfigInput{MfaConfiguration: types.UserPoolMfaTypeOptional, SoftwareTokenMfaConfiguration: totpMFA})
	const name = "totp@example.com"
	first := mfaUser(t, p, name)

	// A wrong code does not verify the token and says so as Cognito does.
	assoc, err := api.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: first.AccessToken})
	if err != nil {
		t.Fatal(err)
	}
	wrongCode := wrong(totpCode(t, *assoc.SecretCode, p.Clock.Now()))
	_, err = api.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: first.AccessToken, UserCode: &wrongCode})
	wantAPIErrorMessage(t, err, "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
	_, err = api.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: first.AccessToken, UserCode: aws.String("12345")})
	wantAPIError(t, err, "InvalidParameterException")
	// Enabling TOTP before it is verified is refused.
	_, err = api.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: first.AccessToken,
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true}})
	wantAPIError(t, err, "InvalidParameterException")

	secret := enableTOTP(t, p, first.AccessToken, true)
	user, err := api.GetUser(ctx, &cip.GetUserInput{AccessToken: first.AccessToken})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(user.PreferredMfaSetting) != "SOFTWARE_TOKEN_MFA" || !slices.Equal(user.UserMFASettingList, []string{"SOFTWARE_TOKEN_MFA"}) {
		t.Fatalf("GetUser MFA = %v %v", user.PreferredMfaSetting, user.UserMFASettingList)
	}

	// SRP sign-in now asks for the code.
	out, err := srpSignIn(t, p, api, p.ClientID, name, password)
	wantChallenge(t, out, err, types.ChallengeNameTypeSoftwareTokenMfa)
	session := out.Session
	username := out.ChallengeParameters["USER_ID_FOR_SRP"]
	answer := func(session *string, code string) (*cip.RespondToAuthChallengeOutput, error) {
		return respond(api, p.ClientID, types.ChallengeNameTypeSoftwareTokenMfa, session, map[string]string{"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": code})
	}
	_, err = answer(session, wrong(totpCode(t, secret, p.Clock.Now())))
	wantAPIError(t, err, "CodeMismatchException")
	// The code that verified the token cannot be used again, even in its window.
	_, err = answer(session, totpCode(t, secret, p.Clock.Now()))
	wantAPIError(t, err, "CodeMismatchException")
	// A code of the next step (the authenticator's clock runs 30 s ahead) is accepted.
	tokens := wantTokens(t)(answer(session, totpCode(t, secret, p.Clock.Now().Add(30*time.Second))))
	if claims(t, tokens.AccessToken)["username"] != username {
		t.Fatalf("tokens of another user")
	}
	// The session completed its step: answering it again is refused.
	p.Clock.Advance(90 * time.Second)
	_, err = answer(session, totpCode(t, secret, p.Clock.Now()))
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Invalid session for the user, session can only be used once.")

	// A code two steps old is outside the window; the previous step's is inside.
	out, err = srpSignIn(t, p, api, p.ClientID, name, password)
	wantChallenge(t, out, err, types.ChallengeNameTypeSoftwareTokenMfa)
	_, err = answer(out.Session, totpCode(t, secret, p.Clock.Now().Add(-60*time.Second)))
	wantAPIError(t, err, "CodeMismatchException")
	wantTokens(t)(answer(out.Session, totpCode(t, secret, p.Clock.Now().Add(-30*time.Second))))

	// A session expires after AuthSessionValidity (3 minutes).
	p.Clock.Advance(time.Minute)
	out, err = srpSignIn(t, p, api, p.ClientID, name, password)
	wantChallenge(t, out, err, types.ChallengeNameTypeSoftwareTokenMfa)
	p.Clock.Advance(3*time.Minute + time.Second)
	_, err = answer(out.Session, totpCode(t, secret, p.Clock.Now()))
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Invalid session for the user, session is expired.")

	// A tampered session and a session of another user are refused.
	out, err = srpSignIn(t, p, api, p.ClientID, name, password)
	wantChallenge(t, out, err, types.ChallengeNameTypeSoftwareTokenMfa)
	bad := *out.Session + "x"
	_, err = answer(&bad, totpCode(t, secret, p.Clock.Now()))
	wantAPIError(t, err, "NotAuthorizedException")
	p.CreateUser(t, "other@example.com", password, nil)
	_, err = respond(api, p.ClientID, types.ChallengeNameTypeSoftwareTokenMfa, out.Session,
		map[string]string{"USERNAME": "other@example.com", "SOFTWARE_TOKEN_MFA_CODE": totpCode(t, secret, p.Clock.Now())})
	wantAPIError(t, err, "NotAuthorizedException")

	// Five wrong codes end the session.
	for i := range 5 {
		_, err = answer(out.Session, wrong(totpCode(t, secret, p.Clock.Now())))
		if i < 4 {
			wantAPIError(t, err, "CodeMismatchException")
		}
	}
	wantAPIError(t, err, "TooManyFailedAttemptsException")
	_, err = answer(out.Session, totpCode(t, secret, p.Clock.Now()))
	wantAPIError(t, err, "NotAuthorizedException")

	// USER_PASSWORD_AUTH and the admin flow ask for MFA too.
	out, err = initiate(api, p.ClientID, types.AuthFlowTypeUserPasswordAuth, map[string]string{"USERNAME": name, "PASSWORD": password})
	wantChallenge(t, out, err, types.ChallengeNameTypeSoftwareTokenMfa)
	admin, err := api.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &p.UserPoolID, ClientId: &p.ClientID,
		AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": password}})
	if err != nil || admin.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa {
		t.Fatalf("AdminInitiateAuth = %+v, %v", admin, err)
	}
	p.Clock.Advance(30 * time.Second)
	done, err := api.AdminRespondToAuthChallenge(ctx, &cip.AdminRespondToAuthChallengeInput{UserPoolId: &p.UserPoolID, ClientId: &p.ClientID,
		ChallengeName: types.ChallengeNameTypeSoftwareTokenMfa, Session: admin.Session,
		ChallengeResponses: map[string]string{"USERNAME": name, "SOFTWARE_TOKEN_MFA_CODE": totpCode(t, secret, p.Clock.Now())}})
	if err != nil || done.AuthenticationResult == nil {
		t.Fatalf("AdminRespondToAuthChallenge = %+v, %v", done, err)
	}

	// Turning TOTP off makes sign-in single-factor again.
	_, err = api.AdminSetUserMFAPreference(ctx, &cip.AdminSetUserMFAPreferenceInput{UserPoolId: &p.UserPoolID, Username: aws.String(name),
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: false}})
	if err != nil {
		t.Fatal(err)
	}
	mustSignIn(t, p, name, password)
	got, err := api.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(name)})
	if err != nil || got.PreferredMfaSetting != nil || len(got.UserMFASettingList) != 0 {
		t.Fatalf("AdminGetUser MFA = %+v, %v", got, err)
	}
}

// mfaCode reads the newest MFA code the pool sent to name.
func mfaCode(t *testing.T, p *localpooltest.Pool, name string) (code, attribute string) {
	t.Helper()
	for _, m := range inbox(t, p, name) {
		if m["purpose"] == "mfa" {
			return m["code"], m["attribute"]
		}
	}
	t.Fatalf("no MFA code for %s", name)
	return "", ""
}

func TestSMSSignIn(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	setMFAConfig(t, p, cip.SetUserPoolMfaConfigInput{MfaConfiguration: types.UserPoolMfaTypeOptional, SmsMfaConfiguration: smsMFA})
	// A long AuthSessionValidity, so the code expires before the session.
	clientID, _ := p.NewClient(t, cip.CreateUserPoolClientInput{AuthSessionValidity: aws.Int32(15),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
	// SMS needs a phone number.
	p.CreateUser(t, "nophone@example.com", password, nil)
	_, err := api.AdminSetUserMFAPreference(ctx, &cip.AdminSetUserMFAPreferenceInput{UserPoolId: &p.UserPoolID, Username: aws.String("nophone@example.com"),
		SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true}})
	wantAPIErrorMessage(t, err, "InvalidParameterException", "User does not have delivery config set to turn on SMS_MFA")
	const user = "sms@example.com"
	mfaUser(t, p, user)
	_, err = api.AdminSetUserMFAPreference(ctx, &cip.AdminSetUserMFAPreferenceInput{UserPoolId: &p.UserPoolID, Username: aws.String(user),
		SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true, PreferredMfa: true}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := api.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(user)})
	if err != nil || aws.ToString(got.PreferredMfaSetting) != "SMS_MFA" || len(got.MFAOptions) != 1 ||
		got.MFAOptions[0].DeliveryMedium != types.DeliveryMediumTypeSms {
		t.Fatalf("AdminGetUser = %+v, %v", got, err)
	}

	signIn := func() *cip.RespondToAuthChallengeOutput {
		t.Helper()
		out, err := initiate(api, clientID, types.AuthFlowTypeUserPasswordAuth, map[string]string{"USERNAME": user, "PASSWORD": password})
		wantChallenge(t, out, err, types.ChallengeNameTypeSmsMfa)
		if out.ChallengeParameters["CODE_DELIVERY_DELIVERY_MEDIUM"] != "SMS" || out.ChallengeParameters["CODE_DELIVERY_DESTINATION"] != "+*******0123" {
			t.Fatalf("SMS_MFA parameters = %v", out.ChallengeParameters)
		}
		return out
	}
	answer := func(out *cip.RespondToAuthChallengeOutput, code string) (*cip.RespondToAuthChallengeOutput, error) {
		return respond(api, clientID, types.ChallengeNameTypeSmsMfa, out.Session, map[string]string{"USERNAME": user, "SMS_MFA_CODE": code})
	}
	out := signIn()
	code, attr := mfaCode(t, p, user)
	if attr != "phone_number" || len(code) != 6 {
		t.Fatalf("inbox code %q to %q", code, attr)
	}
	_, err = answer(out, wrong(code))
	wantAPIError(t, err, "CodeMismatchException")
	wantTokens(t)(answer(out, code))
	// A used code does not answer the next sign-in, which has a code of its own.
	out = signIn()
	if fresh, _ := mfaCode(t, p, user); fresh != code {
		_, err = answer(out, code)
		wantAPIError(t, err, "CodeMismatchException")
	}

	// The code expires after 3 minutes.
	out = signIn()
	code, _ = mfaCode(t, p, user)
	p.Clock.Advance(3*time.Minute + time.Second)
	_, err = answer(out, code)
	wantAPIError(t, err, "ExpiredCodeException")

	// Five wrong attempts use the code up.
	out = signIn()
	code, _ = mfaCode(t, p, user)
	for range 5 {
		_, err = answer(out, wrong(code))
		wantAPIError(t, err, "CodeMismatchException")
	}
	_, err = answer(out, code)
	wantAPIError(t, err, "TooManyFailedAttemptsException")
}

func TestSelectMFAType(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	setMFAConfig(t, p, cip.SetUserPoolMfaConfigInput{MfaConfiguration: types.UserPoolMfaTypeOptional, SmsMfaConfiguration: smsMFA,
		SoftwareTokenMfaConfiguration: totpMFA})
	const name = "select@example.com"
	first := mfaUser(t, p, name)
	secret := enableTOTP(t, p, first.AccessToken, false)
	_, err := api.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: first.AccessToken,
		SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := srpSignIn(t, p, api, p.ClientID, name, password)
	wantChallenge(t, out, err, types.ChallengeNameTypeSelectMfaType)
	if got := out.ChallengeParameters["MFAS_CAN_CHOOSE"]; got != `["SMS_MFA","SOFTWARE_TOKEN_MFA"]` {
		t.Fatalf("MFAS_CAN_CHOOSE = %q", got)
	}
	var choices []string
	if err := json.Unmarshal([]byte(out.ChallengeParameters["MFAS_CAN_CHOOSE"]), &choices); err != nil {
		t.Fatal(err)
	}
	_, err = respond(api, p.ClientID, types.ChallengeNameTypeSelectMfaType, out.Session, map[string]string{"USERNAME": name, "ANSWER": "EMAIL_OTP"})
	wantAPIError(t, err, "InvalidParameterException")
	next, err := respond(api, p.ClientID, types.ChallengeNameTypeSelectMfaType, out.Session, map[string]string{"USERNAME": name, "ANSWER": "SOFTWARE_TOKEN_MFA"})
	wantChallenge(t, next, err, types.ChallengeNameTypeSoftwareTokenMfa)
	p.Clock.Advance(30 * time.Second)
	wantTokens(t)(respond(api, p.ClientID, types.ChallengeNameTypeSoftwareTokenMfa, next.Session,
		map[string]string{"USERNAME": name, "SOFTWARE_TOKEN_MFA_CODE": totpCode(t, secret, p.Clock.Now())}))

	// Choosing SMS sends a code.
	out, err = srpSignIn(t, p, api, p.ClientID, name, password)
	wantChallenge(t, out, err, types.ChallengeNameTypeSelectMfaType)
	next, err = respond(api, p.ClientID, types.ChallengeNameTypeSelectMfaType, out.Session, map[string]string{"USERNAME": name, "ANSWER": "SMS_MFA"})
	wantChallenge(t, next, err, types.ChallengeNameTypeSmsMfa)
	code, _ := mfaCode(t, p, name)
	wantTokens(t)(respond(api, p.ClientID, types.ChallengeNameTypeSmsMfa, next.Session, map[string]string{"USERNAME": name, "SMS_MFA_CODE": code}))

	// With a preference, that factor is asked directly.
	_, err = api.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: first.AccessToken,
		SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true, PreferredMfa: true}})
	if err != nil {
		t.Fatal(err)
	}
	out, err = srpSignIn(t, p, api, p.ClientID, name, password)
	wantChallenge(t, out, err, types.ChallengeNameTypeSmsMfa)
	_, err = api.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: first.AccessToken,
		SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true, PreferredMfa: true}, SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true, PreferredMfa: true}})
	wantAPIError(t, err, "InvalidParameterException")
}

func TestMFASetupTOTP(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	setMFAConfig(t, p, cip.SetUserPoolMfaConfigInput{MfaConfiguration: types.UserPoolMfaTypeOn, SoftwareTokenMfaConfiguration: totpMFA})
	const name = "setup@example.com"
	p.CreateUser(t, name, password, nil)
	out, err := srpSignIn(t, p, api, p.ClientID, name, password)
	wantChallenge(t, out, err, types.ChallengeNameTypeMfaSetup)
	if got := out.ChallengeParameters["MFAS_CAN_SETUP"]; got != `["SOFTWARE_TOKEN_MFA"]` {
		t.Fatalf("MFAS_CAN_SETUP = %q", got)
	}
	username := out.ChallengeParameters["USER_ID_FOR_SRP"]
	// MFA_SETUP cannot be answered before a token is verified.
	_, err = respond(api, p.ClientID, types.ChallengeNameTypeMfaSetup, out.Session, map[string]string{"USERNAME": username})
	wantAPIError(t, err, "InvalidParameterException")

	assoc, err := api.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{Session: out.Session})
	if err != nil || assoc.Session == nil {
		t.Fatalf("AssociateSoftwareToken = %+v, %v", assoc, err)
	}
	// The MFA_SETUP session was spent by AssociateSoftwareToken.
	_, err = api.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{Session: out.Session})
	wantAPIError(t, err, "NotAuthorizedException")
	secret := aws.ToString(assoc.SecretCode)
	_, err = api.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{Session: assoc.Session, UserCode: aws.String(wrong(totpCode(t, secret, p.Clock.Now())))})
	wantAPIError(t, err, "EnableSoftwareTokenMFAException")
	ver, err := api.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{Session: assoc.Session, UserCode: aws.String(totpCode(t, secret, p.Clock.Now()))})
	if err != nil || ver.Session == nil || ver.Status != types.VerifySoftwareTokenResponseTypeSuccess {
		t.Fatalf("VerifySoftwareToken = %+v, %v", ver, err)
	}
	tokens := wantTokens(t)(respond(api, p.ClientID, types.ChallengeNameTypeMfaSetup, ver.Session, map[string]string{"USERNAME": username}))
	user, err := api.GetUser(ctx, &cip.GetUserInput{AccessToken: tokens.AccessToken})
	if err != nil || !slices.Equal(user.UserMFASettingList, []string{"SOFTWARE_TOKEN_MFA"}) {
		t.Fatalf("GetUser = %+v, %v", user, err)
	}
	// The next sign-in asks for the token.
	p.Clock.Advance(30 * time.Second)
	out, err = srpSignIn(t, p, api, p.ClientID, name, password)
	wantChallenge(t, out, err, types.ChallengeNameTypeSoftwareTokenMfa)
	wantTokens(t)(respond(api, p.ClientID, types.ChallengeNameTypeSoftwareTokenMfa, out.Session,
		map[string]string{"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": totpCode(t, secret, p.Clock.Now())}))

	// Without TOTP on the pool, AssociateSoftwareToken is refused.
	setMFAConfig(t, p, cip.SetUserPoolMfaConfigInput{SmsMfaConfiguration: smsMFA, SoftwareTokenMfaConfiguration: &types.SoftwareTokenMfaConfigType{Enabled: false}})
	_, err = api.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: tokens.AccessToken})
	wantAPIError(t, err, "SoftwareTokenMFANotFoundException")
}

func TestMFASetupEmail(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	setMFAConfig(t, p, cip.SetUserPoolMfaConfigInput{MfaConfiguration: types.UserPoolMfaTypeOn, EmailMfaConfiguration: emailMFA})
	const name = "mail@example.com"
	p.CreateUser(t, name, password, nil)
	out, err := initiate(api, p.ClientID, types.AuthFlowTypeUserPasswordAuth, map[string]string{"USERNAME": name, "PASSWORD": password})
	wantChallenge(t, out, err, types.ChallengeNameTypeMfaSetup)
	if got := out.ChallengeParameters["MFAS_CAN_SETUP"]; got != `["EMAIL_OTP"]` {
		t.Fatalf("MFAS_CAN_SETUP = %q", got)
	}
	next, err := respond(api, p.ClientID, types.ChallengeNameTypeMfaSetup, out.Session, map[string]string{"USERNAME": name, "EMAIL": name})
	wantChallenge(t, next, err, types.ChallengeNameTypeEmailOtp)
	if next.ChallengeParameters["CODE_DELIVERY_DELIVERY_MEDIUM"] != "EMAIL" || next.ChallengeParameters["CODE_DELIVERY_DESTINATION"] != "m***@e***" {
		t.Fatalf("EMAIL_OTP parameters = %v", next.ChallengeParameters)
	}
	code, attr := mfaCode(t, p, name)
	if attr != "email" {
		t.Fatalf("code went to %s", attr)
	}
	tokens := wantTokens(t)(respond(api, p.ClientID, types.ChallengeNameTypeEmailOtp, next.Session, map[string]string{"USERNAME": name, "EMAIL_OTP_CODE": code}))
	user, err := api.GetUser(ctx, &cip.GetUserInput{AccessToken: tokens.AccessToken})
	if err != nil || !slices.Equal(user.UserMFASettingList, []string{"EMAIL_OTP"}) {
		t.Fatalf("GetUser = %+v, %v", user, err)
	}
	// The next sign-in sends an email code.
	out, err = initiate(api, p.ClientID, types.AuthFlowTypeUserPasswordAuth, map[string]string{"USERNAME": name, "PASSWORD": password})
	wantChallenge(t, out, err, types.ChallengeNameTypeEmailOtp)
	code, _ = mfaCode(t, p, name)
	wantTokens(t)(respond(api, p.ClientID, types.ChallengeNameTypeEmailOtp, out.Session, map[string]string{"USERNAME": name, "EMAIL_OTP_CODE": code}))
}

// A seed file can turn on MFA and device tracking for `make run`.
func TestSeedMFA(t *testing.T) {
	cfg := &localpool.Config{Pools: []localpool.PoolConfig{{Name: localpool.DefaultPoolName, MFA: &localpool.MFAConfig{
		MfaConfiguration: "OPTIONAL", SMS: true, TOTP: true,
		DeviceConfiguration: &localpool.DeviceConfig{ChallengeRequiredOnNewDevice: true}}}}}
	p := localpooltest.NewWithOptions(t, localpooltest.Options{Seed: cfg})
	poolID, api := p.UserPoolID, p.Admin()
	got, err := api.GetUserPoolMfaConfig(ctx, &cip.GetUserPoolMfaConfigInput{UserPoolId: &poolID})
	if err != nil || got.MfaConfiguration != types.UserPoolMfaTypeOptional || !got.SoftwareTokenMfaConfiguration.Enabled ||
		got.SmsMfaConfiguration == nil || got.EmailMfaConfiguration != nil {
		t.Fatalf("GetUserPoolMfaConfig = %+v, %v", got, err)
	}
	desc, err := api.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &poolID})
	if err != nil || desc.UserPool.DeviceConfiguration == nil || !desc.UserPool.DeviceConfiguration.ChallengeRequiredOnNewDevice {
		t.Fatalf("DeviceConfiguration = %+v, %v", desc.UserPool.DeviceConfiguration, err)
	}
}
