package localpool_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/document"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/descope/virtualwebauthn"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// The authenticator in these tests is github.com/descope/virtualwebauthn, a
// software authenticator written to test relying parties; the pool verifies
// with github.com/go-webauthn/webauthn.

// appRP is where the default pool's passkeys work: RP ID localhost, the app
// served at http://localhost:8000.
var appRP = virtualwebauthn.RelyingParty{ID: "localhost", Name: "LocalPool", Origin: "http://localhost:8000"}

// softKey is a software authenticator holding one passkey.
type softKey struct {
	auth virtualwebauthn.Authenticator
	cred virtualwebauthn.Credential
}

func newSoftKey() *softKey {
	return &softKey{auth: virtualwebauthn.NewAuthenticator(), cred: virtualwebauthn.NewCredential(virtualwebauthn.KeyTypeEC2)}
}

// startRegistration calls StartWebAuthnRegistration and reads the options.
func startRegistration(t *testing.T, api *cip.Client, access *string) (map[string]any, *virtualwebauthn.AttestationOptions) {
	t.Helper()
	out, err := api.StartWebAuthnRegistration(ctx, &cip.StartWebAuthnRegistrationInput{AccessToken: access})
	if err != nil {
		t.Fatalf("StartWebAuthnRegistration: %v", err)
	}
	var options map[string]any
	if err := out.CredentialCreationOptions.UnmarshalSmithyDocument(&options); err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(options)
	parsed, err := virtualwebauthn.ParseAttestationOptions(string(raw))
	if err != nil {
		t.Fatalf("CredentialCreationOptions %s: %v", raw, err)
	}
	return options, parsed
}

// attest makes the authenticator's answer to options, as the browser at rp would.
func (k *softKey) attest(rp virtualwebauthn.RelyingParty, options *virtualwebauthn.AttestationOptions) document.Interface {
	k.auth.Options.UserHandle = []byte(options.UserID)
	var credential map[string]any
	if err := json.Unmarshal([]byte(virtualwebauthn.CreateAttestationResponse(rp, k.auth, k.cred, *options)), &credential); err != nil {
		panic(err)
	}
	return document.NewLazyDocument(credential)
}

func completeRegistration(api *cip.Client, access *string, credential document.Interface) error {
	_, err := api.CompleteWebAuthnRegistration(ctx, &cip.CompleteWebAuthnRegistrationInput{AccessToken: access, Credential: credential})
	return err
}

// register adds the key's passkey to the user of access.
func (k *softKey) register(t *testing.T, api *cip.Client, access *string) {
	t.Helper()
	_, options := startRegistration(t, api, access)
	if err := completeRegistration(api, access, k.attest(appRP, options)); err != nil {
		t.Fatalf("CompleteWebAuthnRegistration: %v", err)
	}
	k.auth.AddCredential(k.cred)
}

// assert signs the CREDENTIAL_REQUEST_OPTIONS of a WEB_AUTHN challenge, as the browser at rp would.
func (k *softKey) assert(t *testing.T, rp virtualwebauthn.RelyingParty, params map[string]string) string {
	t.Helper()
	options, err := virtualwebauthn.ParseAssertionOptions(params["CREDENTIAL_REQUEST_OPTIONS"])
	if err != nil {
		t.Fatalf("CREDENTIAL_REQUEST_OPTIONS %q: %v", params["CREDENTIAL_REQUEST_OPTIONS"], err)
	}
	k.cred.Counter++
	return virtualwebauthn.CreateAssertionResponse(rp, k.auth, k.cred, *options)
}

func passkeyChallenge(t *testing.T, p *localpooltest.Pool, name string) *cip.InitiateAuthOutput {
	t.Helper()
	out, err := userAuth(p.Admin(), p.ClientID, map[string]string{"USERNAME": name, "PREFERRED_CHALLENGE": "WEB_AUTHN"})
	if err != nil || out.ChallengeName != types.ChallengeNameTypeWebAuthn || out.Session == nil {
		t.Fatalf("WEB_AUTHN = %+v, %v", out, err)
	}
	return out
}

func answerPasskey(p *localpooltest.Pool, name string, session *string, credential string) (*cip.RespondToAuthChallengeOutput, error) {
	return respond(p.Admin(), p.ClientID, types.ChallengeNameTypeWebAuthn, session, map[string]string{"USERNAME": name, "CREDENTIAL": credential})
}

const passkeyUser = "passkey@example.com"

func TestPasskeyRegistrationAndSignIn(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	p.CreateUser(t, passkeyUser, password, nil)
	access := mustSignIn(t, p, passkeyUser, password).AccessToken

	// The options have what Amplify asserts: challenge, rp, user, pubKeyCredParams.
	options, _ := startRegistration(t, api, access)
	for _, key := range []string{"challenge", "rp", "user", "pubKeyCredParams", "authenticatorSelection"} {
		if options[key] == nil {
			t.Errorf("CredentialCreationOptions lacks %s: %v", key, options)
		}
	}
	if rp, _ := options["rp"].(map[string]any); rp["id"] != "localhost" {
		t.Errorf("rp = %v", options["rp"])
	}

	key := newSoftKey()
	key.register(t, api, access)
	list, err := api.ListWebAuthnCredentials(ctx, &cip.ListWebAuthnCredentialsInput{AccessToken: access})
	if err != nil || len(list.Credentials) != 1 {
		t.Fatalf("ListWebAuthnCredentials = %+v, %v", list, err)
	}
	c := list.Credentials[0]
	if aws.ToString(c.RelyingPartyId) != "localhost" || aws.ToString(c.FriendlyCredentialName) == "" || aws.ToString(c.CredentialId) == "" ||
		!aws.ToTime(c.CreatedAt).Equal(p.Clock.Now().Truncate(time.Millisecond)) {
		t.Fatalf("credential = %+v", c)
	}
	factors, err := api.GetUserAuthFactors(ctx, &cip.GetUserAuthFactorsInput{AccessToken: access})
	if err != nil || !slices.Contains(factors.ConfiguredUserAuthFactors, types.AuthFactorTypeWebAuthn) {
		t.Fatalf("GetUserAuthFactors = %+v, %v", factors, err)
	}

	// The choice now offers the passkey; the challenge names it.
	selectChallenge(t, p, passkeyUser, "PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "WEB_AUTHN")
	ch := passkeyChallenge(t, p, passkeyUser)
	var request struct {
		Challenge        string `json:"challenge"`
		RPID             string `json:"rpId"`
		AllowCredentials []struct {
			ID   string `json:"id"`
			Type string `json:"type"`
		} `json:"allowCredentials"`
		UserVerification string `json:"userVerification"`
	}
	if err := json.Unmarshal([]byte(ch.ChallengeParameters["CREDENTIAL_REQUEST_OPTIONS"]), &request); err != nil {
		t.Fatal(err)
	}
	if request.RPID != "localhost" || request.Challenge == "" || len(request.AllowCredentials) != 1 ||
		request.AllowCredentials[0].ID != aws.ToString(c.CredentialId) || request.AllowCredentials[0].Type != "public-key" {
		t.Fatalf("CREDENTIAL_REQUEST_OPTIONS = %+v", request)
	}
	assertion := key.assert(t, appRP, ch.ChallengeParameters)
	res := wantTokens(t)(answerPasskey(p, passkeyUser, ch.Session, assertion))
	if claims(t, res.IdToken)["email"] != passkeyUser {
		t.Fatalf("passkey sign-in tokens: %v", claims(t, res.IdToken))
	}

	// A replayed assertion is refused: with its spent session, and with a new one.
	_, err = answerPasskey(p, passkeyUser, ch.Session, assertion)
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Invalid session for the user, session can only be used once.")
	again := passkeyChallenge(t, p, passkeyUser)
	_, err = answerPasskey(p, passkeyUser, again.Session, assertion)
	wantAPIError(t, err, "WebAuthnChallengeNotFoundException")

	// Through SELECT_CHALLENGE, as Amplify answers it.
	sel := selectChallenge(t, p, passkeyUser, "PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "WEB_AUTHN")
	wa, err := respond(api, p.ClientID, types.ChallengeNameTypeSelectChallenge, sel.Session, map[string]string{"USERNAME": passkeyUser, "ANSWER": "WEB_AUTHN"})
	wantChallenge(t, wa, err, types.ChallengeNameTypeWebAuthn)
	wantTokens(t)(answerPasskey(p, passkeyUser, wa.Session, key.assert(t, appRP, wa.ChallengeParameters)))

	// Another key of no registered passkey is refused.
	stranger := newSoftKey()
	stranger.auth.Options.UserHandle = key.auth.Options.UserHandle
	ch = passkeyChallenge(t, p, passkeyUser)
	_, err = answerPasskey(p, passkeyUser, ch.Session, stranger.assert(t, appRP, ch.ChallengeParameters))
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Incorrect passkey.")

	// Deleted: an open challenge can no longer be answered, and it is no longer offered.
	ch = passkeyChallenge(t, p, passkeyUser)
	if _, err := api.DeleteWebAuthnCredential(ctx, &cip.DeleteWebAuthnCredentialInput{AccessToken: access, CredentialId: c.CredentialId}); err != nil {
		t.Fatal(err)
	}
	_, err = answerPasskey(p, passkeyUser, ch.Session, key.assert(t, appRP, ch.ChallengeParameters))
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Incorrect passkey.")
	selectChallenge(t, p, passkeyUser, "PASSWORD", "PASSWORD_SRP", "EMAIL_OTP")
	_, err = api.DeleteWebAuthnCredential(ctx, &cip.DeleteWebAuthnCredentialInput{AccessToken: access, CredentialId: c.CredentialId})
	wantAPIError(t, err, "ResourceNotFoundException")
	list, err = api.ListWebAuthnCredentials(ctx, &cip.ListWebAuthnCredentialsInput{AccessToken: access})
	if err != nil || len(list.Credentials) != 0 {
		t.Fatalf("after delete: %+v, %v", list, err)
	}
}

func TestPasskeyCeremonyChecks(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	p.CreateUser(t, passkeyUser, password, nil)
	access := mustSignIn(t, p, passkeyUser, password).AccessToken
	key := newSoftKey()

	// Registration: a foreign origin, a foreign RP ID, no pending challenge.
	_, options := startRegistration(t, api, access)
	evil := virtualwebauthn.RelyingParty{ID: "localhost", Origin: "https://evil.example"}
	wantAPIError(t, completeRegistration(api, access, key.attest(evil, options)), "WebAuthnOriginNotAllowedException")
	otherRP := virtualwebauthn.RelyingParty{ID: "example.com", Origin: "http://localhost:8000"}
	wantAPIError(t, completeRegistration(api, access, key.attest(otherRP, options)), "WebAuthnRelyingPartyMismatchException")
	// http is allowed for localhost only; a sibling domain is no suffix.
	for _, origin := range []string{"http://localhost.evil.example", "https://notlocalhost", "ftp://localhost"} {
		rp := virtualwebauthn.RelyingParty{ID: "localhost", Origin: origin}
		wantAPIError(t, completeRegistration(api, access, key.attest(rp, options)), "WebAuthnOriginNotAllowedException")
	}
	// A challenge not issued.
	forged := *options
	forged.Challenge = []byte("0123456789abcdef0123456789abcdef")
	wantAPIError(t, completeRegistration(api, access, key.attest(appRP, &forged)), "WebAuthnChallengeNotFoundException")
	// The challenge expires.
	p.Clock.Advance(5*time.Minute + time.Second)
	wantAPIError(t, completeRegistration(api, access, key.attest(appRP, options)), "WebAuthnChallengeNotFoundException")
	// Another client's access token.
	_, options = startRegistration(t, api, access)
	other, _ := p.NewClient(t, cip.CreateUserPoolClientInput{ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth}})
	res, err := passwordSignIn(api, other, passkeyUser, password)
	if err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, completeRegistration(api, res.AccessToken, key.attest(appRP, options)), "WebAuthnClientMismatchException")
	// Malformed.
	wantAPIError(t, completeRegistration(api, access, document.NewLazyDocument(map[string]any{"id": "x"})), "InvalidParameterException")

	// Sign-in: the same rules.
	key.register(t, api, access)
	ch := passkeyChallenge(t, p, passkeyUser)
	_, err = answerPasskey(p, passkeyUser, ch.Session, key.assert(t, evil, ch.ChallengeParameters))
	wantAPIError(t, err, "WebAuthnOriginNotAllowedException")
	_, err = answerPasskey(p, passkeyUser, ch.Session, key.assert(t, otherRP, ch.ChallengeParameters))
	wantAPIError(t, err, "WebAuthnRelyingPartyMismatchException")
	_, err = answerPasskey(p, passkeyUser, ch.Session, "{}")
	wantAPIError(t, err, "InvalidParameterException")
	wantTokens(t)(answerPasskey(p, passkeyUser, ch.Session, key.assert(t, appRP, ch.ChallengeParameters)))
}

func TestPasskeyConfiguration(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	p.CreateUser(t, passkeyUser, password, nil)
	access := mustSignIn(t, p, passkeyUser, password).AccessToken

	got, err := api.GetUserPoolMfaConfig(ctx, &cip.GetUserPoolMfaConfigInput{UserPoolId: &p.UserPoolID})
	if err != nil || aws.ToString(got.WebAuthnConfiguration.RelyingPartyId) != "localhost" ||
		got.WebAuthnConfiguration.UserVerification != types.UserVerificationTypePreferred ||
		got.WebAuthnConfiguration.FactorConfiguration != types.WebAuthnFactorConfigurationTypeSingleFactor {
		t.Fatalf("GetUserPoolMfaConfig = %+v, %v", got.WebAuthnConfiguration, err)
	}
	set := func(w *types.WebAuthnConfigurationType) error {
		_, err := api.SetUserPoolMfaConfig(ctx, &cip.SetUserPoolMfaConfigInput{UserPoolId: &p.UserPoolID, WebAuthnConfiguration: w})
		return err
	}
	wantAPIError(t, set(&types.WebAuthnConfigurationType{RelyingPartyId: aws.String("https://example.com")}), "InvalidParameterException")
	wantAPIError(t, set(&types.WebAuthnConfigurationType{RelyingPartyId: aws.String("localhost"), UserVerification: "sometimes"}), "InvalidParameterException")

	// User verification required: an authenticator that does not verify the user is refused.
	if err := set(&types.WebAuthnConfigurationType{RelyingPartyId: aws.String("localhost"), UserVerification: types.UserVerificationTypeRequired}); err != nil {
		t.Fatal(err)
	}
	lazy := newSoftKey()
	lazy.auth.Options.UserNotVerified = true
	_, options := startRegistration(t, api, access)
	wantAPIError(t, completeRegistration(api, access, lazy.attest(appRP, options)), "WebAuthnCredentialNotSupportedException")
	newSoftKey().register(t, api, access)

	// No RP ID: passkeys need one.
	if err := set(&types.WebAuthnConfigurationType{UserVerification: types.UserVerificationTypePreferred}); err != nil {
		t.Fatal(err)
	}
	_, err = api.StartWebAuthnRegistration(ctx, &cip.StartWebAuthnRegistrationInput{AccessToken: access})
	wantAPIError(t, err, "WebAuthnConfigurationMissingException")
	// Another RP ID: the passkey of the old one is no longer offered.
	if err := set(&types.WebAuthnConfigurationType{RelyingPartyId: aws.String("example.com")}); err != nil {
		t.Fatal(err)
	}
	selectChallenge(t, p, passkeyUser, "PASSWORD", "PASSWORD_SRP", "EMAIL_OTP")

	// Not a first factor of the pool: not enabled.
	_, err = api.UpdateUserPool(ctx, &cip.UpdateUserPoolInput{UserPoolId: &p.UserPoolID,
		Policies: &types.UserPoolPolicyType{SignInPolicy: &types.SignInPolicyType{AllowedFirstAuthFactors: []types.AuthFactorType{types.AuthFactorTypePassword}}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = api.StartWebAuthnRegistration(ctx, &cip.StartWebAuthnRegistrationInput{AccessToken: access})
	wantAPIError(t, err, "WebAuthnNotEnabledException")
}
