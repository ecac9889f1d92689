package localpool_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// codeIn returns the newest code in a user's local inbox in any pool.
func codeIn(t *testing.T, p *localpooltest.Pool, poolID, username string) string {
	t.Helper()
	var out struct {
		Messages []struct{ Code string } `json:"messages"`
	}
	getJSON(t, p.URL+"/_local/inbox?"+url.Values{"pool": {poolID}, "username": {username}}.Encode(), &out)
	for _, m := range out.Messages {
		if m.Code != "" {
			return m.Code
		}
	}
	t.Fatalf("no code for %s", username)
	return ""
}

// adminUser creates a confirmed user with a permanent password in poolID.
func adminUser(t *testing.T, api *cip.Client, poolID, username string, kv ...string) {
	t.Helper()
	if _, err := api.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &poolID, Username: &username,
		UserAttributes: attributeList(kv...), MessageAction: types.MessageActionTypeSuppress}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &poolID, Username: &username,
		Password: aws.String(password), Permanent: true}); err != nil {
		t.Fatal(err)
	}
}

// signedInAs signs in with name and returns the username the tokens name, or the error.
func signedInAs(t *testing.T, api *cip.Client, clientID, name string) (string, error) {
	t.Helper()
	res, err := passwordSignIn(api, clientID, name, password)
	if err != nil {
		return "", err
	}
	return claims(t, res.AccessToken)["username"].(string), nil
}

func TestEmailAliasMovesOnlyOnVerification(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	poolID, clientID := newPool(t, p, &cip.CreateUserPoolInput{
		AliasAttributes:        []types.AliasAttributeType{types.AliasAttributeTypeEmail},
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}})
	const victimEmail = "victim@example.com"
	adminUser(t, api, poolID, "victim", "email", victimEmail, "email_verified", "true")
	adminUser(t, api, poolID, "attacker", "email", "attacker@example.com", "email_verified", "true")
	if who, err := signedInAs(t, api, clientID, victimEmail); err != nil || who != "victim" {
		t.Fatalf("victim by email: %q, %v", who, err)
	}

	// An unverified change to the victim's address does not move the alias.
	res, err := passwordSignIn(api, clientID, "attacker", password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{AccessToken: res.AccessToken,
		UserAttributes: attributeList("email", victimEmail)}); err != nil {
		t.Fatal(err)
	}
	if who, err := signedInAs(t, api, clientID, victimEmail); err != nil || who != "victim" {
		t.Fatalf("after the attacker's unverified change, %s signs in as %q, %v", victimEmail, who, err)
	}
	got, err := api.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &poolID, Username: aws.String(victimEmail)})
	if err != nil || aws.ToString(got.Username) != "victim" {
		t.Fatalf("AdminGetUser(%s) = %v, %v", victimEmail, got, err)
	}
	// The attacker's own old address is no longer theirs to sign in with.
	_, err = signedInAs(t, api, clientID, "attacker@example.com")
	wantAPIError(t, err, "NotAuthorizedException")

	// Verifying moves the alias: whoever reads the code at that address owns it.
	code := codeIn(t, p, poolID, "attacker")
	if _, err := api.VerifyUserAttribute(ctx, &cip.VerifyUserAttributeInput{AccessToken: res.AccessToken,
		AttributeName: aws.String("email"), Code: aws.String(code)}); err != nil {
		t.Fatal(err)
	}
	if who, err := signedInAs(t, api, clientID, victimEmail); err != nil || who != "attacker" {
		t.Fatalf("after verification, %s signs in as %q, %v", victimEmail, who, err)
	}
	if who, err := signedInAs(t, api, clientID, "victim"); err != nil || who != "victim" {
		t.Fatalf("the previous owner signs in by username: %q, %v", who, err)
	}
	prev, _ := api.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &poolID, Username: aws.String("victim")})
	if attrs(prev.UserAttributes)["email_verified"] != "false" {
		t.Errorf("previous owner's email_verified = %q", attrs(prev.UserAttributes)["email_verified"])
	}

	// Usernames in email form would shadow aliases, so Cognito refuses them.
	_, err = api.SignUp(ctx, &cip.SignUpInput{ClientId: &clientID, Username: aws.String("victim2@example.com"), Password: aws.String(password)})
	wantAPIErrorMessage(t, err, "InvalidParameterException", "Username cannot be of email format, since user pool is configured for email alias.")
	_, err = api.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &poolID, Username: aws.String("x@example.com")})
	wantAPIErrorMessage(t, err, "InvalidParameterException", "Username cannot be of email format, since user pool is configured for email alias.")

	// Confirming sign-up with a taken alias needs ForceAliasCreation.
	if _, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &clientID, Username: aws.String("third"), Password: aws.String(password),
		UserAttributes: attributeList("email", victimEmail)}); err != nil {
		t.Fatal(err)
	}
	code = codeIn(t, p, poolID, "third")
	confirm := func(force bool) error {
		_, err := api.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: &clientID, Username: aws.String("third"),
			ConfirmationCode: aws.String(code), ForceAliasCreation: force})
		return err
	}
	wantAPIError(t, confirm(false), "AliasExistsException")
	if who, err := signedInAs(t, api, clientID, victimEmail); err != nil || who != "attacker" {
		t.Fatalf("a refused confirmation moved the alias: %q, %v", who, err)
	}
	if err := confirm(true); err != nil {
		t.Fatal(err)
	}
	if who, err := signedInAs(t, api, clientID, victimEmail); err != nil || who != "third" {
		t.Fatalf("ForceAliasCreation: %s signs in as %q, %v", victimEmail, who, err)
	}

	// So does an admin creating a user with the address verified.
	_, err = api.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &poolID, Username: aws.String("fourth"),
		UserAttributes: attributeList("email", victimEmail, "email_verified", "true")})
	wantAPIError(t, err, "AliasExistsException")
	_, err = api.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: &poolID, Username: aws.String("victim"),
		UserAttributes: attributeList("email", victimEmail, "email_verified", "true")})
	wantAPIError(t, err, "AliasExistsException")
	if _, err := api.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &poolID, Username: aws.String("fourth"),
		UserAttributes: attributeList("email", victimEmail, "email_verified", "true"), ForceAliasCreation: true,
		MessageAction: types.MessageActionTypeSuppress}); err != nil {
		t.Fatal(err)
	}
	got, err = api.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &poolID, Username: aws.String(victimEmail)})
	if err != nil || aws.ToString(got.Username) != "fourth" {
		t.Fatalf("after a forced AdminCreateUser, %s is %v, %v", victimEmail, got, err)
	}
}

func TestAttributesRequireVerificationBeforeUpdate(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	if _, err := api.UpdateUserPool(ctx, &cip.UpdateUserPoolInput{UserPoolId: &p.UserPoolID,
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		UserAttributeUpdateSettings: &types.UserAttributeUpdateSettingsType{
			AttributesRequireVerificationBeforeUpdate: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}}}); err != nil {
		t.Fatal(err)
	}
	const old, changed = "old@example.com", "new@example.com"
	p.CreateUser(t, old, password, nil)
	tok := mustSignIn(t, p, old, password).AccessToken
	out, err := api.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{AccessToken: tok, UserAttributes: attributeList("email", changed)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.CodeDeliveryDetailsList) != 1 || aws.ToString(out.CodeDeliveryDetailsList[0].Destination) != "n***@e***" {
		t.Fatalf("deliveries = %+v", out.CodeDeliveryDetailsList)
	}
	// Until verified, the old address stays, verified, and signs in.
	user, _ := api.GetUser(ctx, &cip.GetUserInput{AccessToken: tok})
	if a := attrs(user.UserAttributes); a["email"] != old || a["email_verified"] != "true" {
		t.Fatalf("pending change applied early: %v", a)
	}
	mustSignIn(t, p, old, password)
	_, err = passwordSignIn(api, p.ClientID, changed, password)
	wantAPIError(t, err, "NotAuthorizedException")

	code := p.Code(t, old)
	if _, err := api.VerifyUserAttribute(ctx, &cip.VerifyUserAttributeInput{AccessToken: tok, AttributeName: aws.String("email"),
		Code: aws.String(code)}); err != nil {
		t.Fatal(err)
	}
	user, _ = api.GetUser(ctx, &cip.GetUserInput{AccessToken: tok})
	if a := attrs(user.UserAttributes); a["email"] != changed || a["email_verified"] != "true" {
		t.Fatalf("after verification: %v", a)
	}
	mustSignIn(t, p, changed, password)
	_, err = passwordSignIn(api, p.ClientID, old, password)
	wantAPIError(t, err, "NotAuthorizedException")

	// An admin who marks the new address verified applies it at once.
	if _, err := api.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: &p.UserPoolID, Username: aws.String(changed),
		UserAttributes: attributeList("email", "third@example.com", "email_verified", "true")}); err != nil {
		t.Fatal(err)
	}
	mustSignIn(t, p, "third@example.com", password)
}

func TestAdminAttributesAndReset(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	const name = "admin-edit@example.com"
	p.CreateUser(t, name, password, map[string]string{"name": "Before", "nickname": "nick"})
	if _, err := api.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: &p.UserPoolID, Username: aws.String(name),
		UserAttributes: attributeList("name", "After", "updated_at", "1700000000")}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.AdminDeleteUserAttributes(ctx, &cip.AdminDeleteUserAttributesInput{UserPoolId: &p.UserPoolID, Username: aws.String(name),
		UserAttributeNames: []string{"nickname"}}); err != nil {
		t.Fatal(err)
	}
	_, err := api.AdminDeleteUserAttributes(ctx, &cip.AdminDeleteUserAttributesInput{UserPoolId: &p.UserPoolID, Username: aws.String(name),
		UserAttributeNames: []string{"sub"}})
	wantAPIError(t, err, "InvalidParameterException")
	_, err = api.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: &p.UserPoolID, Username: aws.String("ghost@example.com"),
		UserAttributes: attributeList("name", "x")})
	wantAPIError(t, err, "UserNotFoundException")
	got, _ := api.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(name)})
	if a := attrs(got.UserAttributes); a["name"] != "After" || a["nickname"] != "" || a["email_verified"] != "true" {
		t.Fatalf("attributes = %v", a)
	}
	// updated_at is the one standard attribute Cognito puts in tokens as a number.
	if id := claims(t, mustSignIn(t, p, name, password).IdToken); id["name"] != "After" || id["updated_at"] != float64(1700000000) {
		t.Errorf("ID token name = %v, updated_at = %#v", id["name"], id["updated_at"])
	}

	// AdminResetUserPassword: the password stops working until reset with the emailed code.
	if _, err := api.AdminResetUserPassword(ctx, &cip.AdminResetUserPasswordInput{UserPoolId: &p.UserPoolID, Username: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
	got, _ = api.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(name)})
	if got.UserStatus != types.UserStatusTypeResetRequired {
		t.Fatalf("status = %s", got.UserStatus)
	}
	_, err = passwordSignIn(api, p.ClientID, name, password)
	wantAPIError(t, err, "PasswordResetRequiredException")
	if _, err := api.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{ClientId: &p.ClientID, Username: aws.String(name),
		ConfirmationCode: aws.String(p.Code(t, name)), Password: aws.String("Reset-passw0rd")}); err != nil {
		t.Fatal(err)
	}
	mustSignIn(t, p, name, "Reset-passw0rd")

	// Without a verified email or phone there is nowhere to send the code.
	if _, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &p.ClientID, Username: aws.String("noverify@example.com"), Password: aws.String(password)}); err != nil {
		t.Fatal(err)
	}
	_, err = api.AdminResetUserPassword(ctx, &cip.AdminResetUserPasswordInput{UserPoolId: &p.UserPoolID, Username: aws.String("noverify@example.com")})
	wantAPIError(t, err, "InvalidParameterException")
}

// TestCodeBudgetPerPurpose: attribute codes do not use up the budget of password resets.
func TestCodeBudgetPerPurpose(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	const name = "budget@example.com"
	p.CreateUser(t, name, password, nil)
	tok := mustSignIn(t, p, name, password).AccessToken
	for i := range 6 {
		_, err := api.GetUserAttributeVerificationCode(ctx, &cip.GetUserAttributeVerificationCodeInput{AccessToken: tok, AttributeName: aws.String("email")})
		if i < 5 && err != nil {
			t.Fatalf("code %d: %v", i+1, err)
		}
		if i == 5 {
			wantAPIError(t, err, "LimitExceededException")
		}
	}
	if _, err := api.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: &p.ClientID, Username: aws.String(name)}); err != nil {
		t.Fatalf("password reset after attribute codes: %v", err)
	}
	p.Clock.Advance(61 * time.Minute)
	if _, err := api.GetUserAttributeVerificationCode(ctx, &cip.GetUserAttributeVerificationCodeInput{AccessToken: mustSignIn(t, p, name, password).AccessToken,
		AttributeName: aws.String("email")}); err != nil {
		t.Fatalf("after an hour: %v", err)
	}
}

// TestAdminUserGlobalSignOut: an admin signs a user out of every session.
func TestAdminUserGlobalSignOut(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	const name = "signout@example.com"
	p.CreateUser(t, name, password, nil)
	first, second := mustSignIn(t, p, name, password), mustSignIn(t, p, name, password)
	if _, err := api.AdminUserGlobalSignOut(ctx, &cip.AdminUserGlobalSignOutInput{UserPoolId: &p.UserPoolID, Username: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
	for _, res := range []*types.AuthenticationResultType{first, second} {
		_, err := api.GetUser(ctx, &cip.GetUserInput{AccessToken: res.AccessToken})
		wantAPIErrorMessage(t, err, "NotAuthorizedException", "Access Token has been revoked")
		_, err = api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &p.ClientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
			AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(res.RefreshToken)}})
		wantAPIErrorMessage(t, err, "NotAuthorizedException", "Refresh Token has been revoked")
	}
	mustSignIn(t, p, name, password)
	_, err := api.AdminUserGlobalSignOut(ctx, &cip.AdminUserGlobalSignOutInput{UserPoolId: &p.UserPoolID, Username: aws.String("ghost@example.com")})
	wantAPIError(t, err, "UserNotFoundException")
}
