package localpool_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

func TestAdminUserLifecycle(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	const name = "temp@example.com"
	created, err := api.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(name),
		UserAttributes: []types.AttributeType{{Name: aws.String("email_verified"), Value: aws.String("true")}}})
	if err != nil {
		t.Fatal(err)
	}
	if created.User.UserStatus != types.UserStatusTypeForceChangePassword {
		t.Fatalf("status = %s", created.User.UserStatus)
	}
	_, err = api.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(name)})
	wantAPIError(t, err, "UsernameExistsException")

	// The generated temporary password is in the local inbox.
	temp := inbox(t, p, name)[0]["temporaryPassword"]
	start, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &p.ClientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": temp}})
	if err != nil {
		t.Fatal(err)
	}
	if start.ChallengeName != types.ChallengeNameTypeNewPasswordRequired || start.Session == nil {
		t.Fatalf("challenge = %+v", start)
	}
	respond := func(newPassword string, session *string) (*cip.RespondToAuthChallengeOutput, error) {
		return api.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &p.ClientID, Session: session,
			ChallengeName: types.ChallengeNameTypeNewPasswordRequired,
			ChallengeResponses: map[string]string{"USERNAME": start.ChallengeParameters["USER_ID_FOR_SRP"], "NEW_PASSWORD": newPassword,
				"userAttributes.name": "Temp"}})
	}
	_, err = respond("weak", start.Session)
	wantAPIError(t, err, "InvalidPasswordException")
	_, err = respond(password, aws.String("dGFtcGVyZWQtc2Vzc2lvbi10YW1wZXJlZA=="))
	wantAPIError(t, err, "NotAuthorizedException")
	done, err := respond(password, start.Session)
	if err != nil {
		t.Fatal(err)
	}
	if done.AuthenticationResult == nil || claims(t, done.AuthenticationResult.IdToken)["name"] != "Temp" {
		t.Fatalf("NEW_PASSWORD_REQUIRED answer = %+v", done)
	}
	got, err := api.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	if got.UserStatus != types.UserStatusTypeConfirmed || attrs(got.UserAttributes)["email"] != name {
		t.Fatalf("AdminGetUser = %+v", got)
	}

	// Disabled users cannot sign in and their tokens stop working.
	if _, err := api.AdminDisableUser(ctx, &cip.AdminDisableUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
	_, err = passwordSignIn(api, p.ClientID, name, password)
	wantAPIError(t, err, "NotAuthorizedException")
	_, err = api.GetUser(ctx, &cip.GetUserInput{AccessToken: done.AuthenticationResult.AccessToken})
	wantAPIError(t, err, "NotAuthorizedException")
	if _, err := api.AdminEnableUser(ctx, &cip.AdminEnableUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(name)}); err != nil {
		t.Fatal(err)
	}

	// Groups appear in both tokens.
	if _, err := api.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: &p.UserPoolID, GroupName: aws.String("admins")}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.AdminAddUserToGroup(ctx, &cip.AdminAddUserToGroupInput{UserPoolId: &p.UserPoolID, Username: aws.String(name),
		GroupName: aws.String("admins")}); err != nil {
		t.Fatal(err)
	}
	_, err = api.AdminAddUserToGroup(ctx, &cip.AdminAddUserToGroupInput{UserPoolId: &p.UserPoolID, Username: aws.String(name),
		GroupName: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotFoundException")
	res := mustSignIn(t, p, name, password)
	for _, tok := range []*string{res.IdToken, res.AccessToken} {
		if g, _ := claims(t, tok)["cognito:groups"].([]any); len(g) != 1 || g[0] != "admins" {
			t.Errorf("cognito:groups = %v", claims(t, tok)["cognito:groups"])
		}
	}

	// AdminSetUserPassword, temporary and permanent.
	if _, err := api.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &p.UserPoolID, Username: aws.String(name),
		Password: aws.String("Other-passw0rd"), Permanent: false}); err != nil {
		t.Fatal(err)
	}
	p.Clock.Advance(8 * 24 * time.Hour)
	_, err = passwordSignIn(api, p.ClientID, name, "Other-passw0rd")
	wantAPIError(t, err, "NotAuthorizedException") // the temporary password expired
	_, err = api.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &p.UserPoolID, Username: aws.String(name),
		Password: aws.String("short"), Permanent: true})
	wantAPIError(t, err, "InvalidPasswordException")
	if _, err := api.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &p.UserPoolID, Username: aws.String(name),
		Password: aws.String("Other-passw0rd"), Permanent: true}); err != nil {
		t.Fatal(err)
	}
	mustSignIn(t, p, name, "Other-passw0rd")

	// ListUsers with a filter, then AdminDeleteUser.
	p.CreateUser(t, "zed@example.com", password, nil)
	list, err := api.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: &p.UserPoolID, Filter: aws.String(`email ^= "zed"`)})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Users) != 1 || attrs(list.Users[0].Attributes)["email"] != "zed@example.com" {
		t.Fatalf("ListUsers = %+v", list.Users)
	}
	all, err := api.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: &p.UserPoolID})
	if err != nil || len(all.Users) != 2 {
		t.Fatalf("ListUsers all = %v, %v", all, err)
	}
	_, err = api.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: &p.UserPoolID, Filter: aws.String(`email ~ zed`)})
	wantAPIError(t, err, "InvalidParameterException")
	if _, err := api.AdminDeleteUser(ctx, &cip.AdminDeleteUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
	_, err = api.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(name)})
	wantAPIError(t, err, "UserNotFoundException")
	_, err = passwordSignIn(api, p.ClientID, name, "Other-passw0rd")
	wantAPIError(t, err, "NotAuthorizedException")
}

func TestSelfService(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	const name = "self@example.com"
	p.CreateUser(t, name, password, map[string]string{"name": "Self"})
	tok := mustSignIn(t, p, name, password).AccessToken
	if _, err := api.AddCustomAttributes(ctx, &cip.AddCustomAttributesInput{UserPoolId: &p.UserPoolID,
		CustomAttributes: []types.SchemaAttributeType{{Name: aws.String("team"), AttributeDataType: types.AttributeDataTypeString}}}); err != nil {
		t.Fatal(err)
	}

	got, err := api.GetUser(ctx, &cip.GetUserInput{AccessToken: tok})
	if err != nil {
		t.Fatal(err)
	}
	if a := attrs(got.UserAttributes); a["name"] != "Self" || a["email_verified"] != "true" || a["sub"] != aws.ToString(got.Username) {
		t.Fatalf("GetUser = %+v", a)
	}
	_, err = api.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{AccessToken: tok,
		UserAttributes: []types.AttributeType{{Name: aws.String("email_verified"), Value: aws.String("true")}}})
	wantAPIError(t, err, "NotAuthorizedException")
	upd, err := api.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{AccessToken: tok, UserAttributes: []types.AttributeType{
		{Name: aws.String("email"), Value: aws.String("new@example.com")}, {Name: aws.String("custom:team"), Value: aws.String("blue")}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(upd.CodeDeliveryDetailsList) != 1 {
		t.Fatalf("UpdateUserAttributes deliveries = %+v", upd.CodeDeliveryDetailsList)
	}
	code := p.Code(t, "new@example.com")
	_, err = api.VerifyUserAttribute(ctx, &cip.VerifyUserAttributeInput{AccessToken: tok, AttributeName: aws.String("email"), Code: aws.String(wrong(code))})
	wantAPIError(t, err, "CodeMismatchException")
	if _, err := api.GetUserAttributeVerificationCode(ctx, &cip.GetUserAttributeVerificationCodeInput{AccessToken: tok,
		AttributeName: aws.String("email")}); err != nil {
		t.Fatal(err)
	}
	code = p.Code(t, "new@example.com")
	if _, err := api.VerifyUserAttribute(ctx, &cip.VerifyUserAttributeInput{AccessToken: tok, AttributeName: aws.String("email"),
		Code: aws.String(code)}); err != nil {
		t.Fatal(err)
	}
	got, _ = api.GetUser(ctx, &cip.GetUserInput{AccessToken: tok})
	if a := attrs(got.UserAttributes); a["email"] != "new@example.com" || a["email_verified"] != "true" || a["custom:team"] != "blue" {
		t.Fatalf("after verify = %+v", a)
	}
	mustSignIn(t, p, "new@example.com", password)
	_, err = passwordSignIn(api, p.ClientID, name, password)
	wantAPIError(t, err, "NotAuthorizedException")

	if _, err := api.DeleteUserAttributes(ctx, &cip.DeleteUserAttributesInput{AccessToken: tok, UserAttributeNames: []string{"custom:team"}}); err != nil {
		t.Fatal(err)
	}
	_, err = api.DeleteUserAttributes(ctx, &cip.DeleteUserAttributesInput{AccessToken: tok, UserAttributeNames: []string{"email"}})
	wantAPIError(t, err, "InvalidParameterException")

	_, err = api.ChangePassword(ctx, &cip.ChangePasswordInput{AccessToken: tok, PreviousPassword: aws.String("Wrong-passw0rd"),
		ProposedPassword: aws.String("New-passw0rd")})
	wantAPIError(t, err, "NotAuthorizedException")
	_, err = api.ChangePassword(ctx, &cip.ChangePasswordInput{AccessToken: tok, PreviousPassword: aws.String(password),
		ProposedPassword: aws.String("weak")})
	wantAPIError(t, err, "InvalidPasswordException")
	if _, err := api.ChangePassword(ctx, &cip.ChangePasswordInput{AccessToken: tok, PreviousPassword: aws.String(password),
		ProposedPassword: aws.String("New-passw0rd")}); err != nil {
		t.Fatal(err)
	}
	mustSignIn(t, p, "new@example.com", "New-passw0rd")

	if _, err := api.DeleteUser(ctx, &cip.DeleteUserInput{AccessToken: tok}); err != nil {
		t.Fatal(err)
	}
	_, err = api.GetUser(ctx, &cip.GetUserInput{AccessToken: tok})
	wantAPIError(t, err, "NotAuthorizedException")
	_, err = passwordSignIn(api, p.ClientID, "new@example.com", "New-passw0rd")
	wantAPIError(t, err, "NotAuthorizedException")
}

func wrong(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

func TestCodes(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	const name = "codes@example.com"
	if _, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &p.ClientID, Username: aws.String(name), Password: aws.String(password)}); err != nil {
		t.Fatal(err)
	}
	_, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &p.ClientID, Username: aws.String(name), Password: aws.String(password)})
	wantAPIError(t, err, "UsernameExistsException")
	confirm := func(code string) error {
		_, err := api.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: &p.ClientID, Username: aws.String(name), ConfirmationCode: aws.String(code)})
		return err
	}
	code := p.Code(t, name)
	if len(code) != 6 {
		t.Fatalf("code %q is not 6 digits", code)
	}
	for range 5 {
		wantAPIError(t, confirm(wrong(code)), "CodeMismatchException")
	}
	wantAPIError(t, confirm(code), "TooManyFailedAttemptsException")

	// A new code; it expires after 24 hours.
	if _, err := api.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{ClientId: &p.ClientID, Username: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
	p.Clock.Advance(24*time.Hour + time.Second)
	wantAPIError(t, confirm(p.Code(t, name)), "ExpiredCodeException")

	// Sends are limited per hour.
	var last error
	for range 6 {
		_, last = api.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{ClientId: &p.ClientID, Username: aws.String(name)})
	}
	wantAPIError(t, last, "LimitExceededException")
	if err := confirm(p.Code(t, name)); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, confirm("123456"), "NotAuthorizedException") // already confirmed
	_, err = api.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{ClientId: &p.ClientID, Username: aws.String(name)})
	wantAPIError(t, err, "InvalidParameterException")
	mustSignIn(t, p, name, password)

	// Unknown users look like known ones, so they cannot be enumerated.
	if _, err := api.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{ClientId: &p.ClientID, Username: aws.String("ghost@example.com")}); err != nil {
		t.Errorf("ResendConfirmationCode for an unknown user: %v", err)
	}
	_, err = api.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: &p.ClientID, Username: aws.String("ghost@example.com"), ConfirmationCode: aws.String("123456")})
	wantAPIError(t, err, "CodeMismatchException")
}

func TestForgotPassword(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	const name = "forgot@example.com"
	p.CreateUser(t, name, password, nil)
	forgot := func(user string) {
		t.Helper()
		out, err := api.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: &p.ClientID, Username: aws.String(user)})
		if err != nil {
			t.Fatal(err)
		}
		if out.CodeDeliveryDetails.DeliveryMedium != types.DeliveryMediumTypeEmail {
			t.Fatalf("delivery = %+v", out.CodeDeliveryDetails)
		}
	}
	confirm := func(code, pw string) error {
		_, err := api.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{ClientId: &p.ClientID, Username: aws.String(name),
			ConfirmationCode: aws.String(code), Password: aws.String(pw)})
		return err
	}
	forgot(name)
	forgot("ghost@example.com") // no error for unknown users
	code := p.Code(t, name)
	wantAPIError(t, confirm(wrong(code), "Reset-passw0rd"), "CodeMismatchException")
	wantAPIError(t, confirm(code, "weak"), "InvalidPasswordException")
	p.Clock.Advance(time.Hour + time.Second)
	wantAPIError(t, confirm(code, "Reset-passw0rd"), "ExpiredCodeException")
	forgot(name)
	if err := confirm(p.Code(t, name), "Reset-passw0rd"); err != nil {
		t.Fatal(err)
	}
	mustSignIn(t, p, name, "Reset-passw0rd")

	// Without a verified email there is nowhere to send the code.
	if _, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &p.ClientID, Username: aws.String("unverified@example.com"), Password: aws.String(password)}); err != nil {
		t.Fatal(err)
	}
	_, err := api.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: &p.ClientID, Username: aws.String("unverified@example.com")})
	wantAPIError(t, err, "InvalidParameterException")
}

// inbox reads the local inbox of a user in the default pool.
func inbox(t *testing.T, p *localpooltest.Pool, username string) []map[string]string {
	t.Helper()
	var out struct {
		Messages []map[string]any `json:"messages"`
	}
	getJSON(t, p.URL+"/_local/inbox?username="+username, &out)
	var msgs []map[string]string
	for _, m := range out.Messages {
		s := map[string]string{}
		for k, v := range m {
			if str, ok := v.(string); ok {
				s[k] = str
			}
		}
		msgs = append(msgs, s)
	}
	if len(msgs) == 0 {
		t.Fatalf("empty inbox for %s", username)
	}
	return msgs
}
