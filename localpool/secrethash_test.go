package localpool_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
	"github.com/cognitowasm/cognitowasm/srp"
)

// TestWrongSecretHashEveryPath: every operation that takes a SECRET_HASH
// answers a wrong one with Cognito's message, for known and unknown users.
func TestWrongSecretHashEveryPath(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	clientID, secret := p.NewClient(t, cip.CreateUserPoolClientInput{GenerateSecret: true, ExplicitAuthFlows: []types.ExplicitAuthFlowsType{
		types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth,
		types.ExplicitAuthFlowsTypeAllowAdminUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
	const known, temp = "known@example.com", "temp@example.com"
	p.CreateUser(t, known, password, nil)
	if _, err := api.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(temp),
		TemporaryPassword: aws.String(password), MessageAction: types.MessageActionTypeSuppress}); err != nil {
		t.Fatal(err)
	}
	hash := func(name string) string { return srp.SecretHash(name, clientID, secret) }
	const wrong = "d3JvbmcgaGFzaA=="
	message := "Unable to verify secret hash for client " + clientID

	signIn, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": known, "PASSWORD": password, "SECRET_HASH": hash(known)}})
	if err != nil {
		t.Fatal(err)
	}
	srpVerifier := func(name string) error {
		t.Helper()
		client, err := srp.NewClient(nil)
		if err != nil {
			t.Fatal(err)
		}
		start, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeUserSrpAuth,
			AuthParameters: map[string]string{"USERNAME": name, "SRP_A": client.A(), "SECRET_HASH": hash(name)}})
		if err != nil {
			t.Fatal(err)
		}
		params := start.ChallengeParameters
		claim, err := client.Claim(srp.UserIdentity(p.UserPoolID, params["USER_ID_FOR_SRP"]), password,
			srp.Challenge{Salt: params["SALT"], B: params["SRP_B"], SecretBlock: params["SECRET_BLOCK"]}, p.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		_, err = api.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &clientID,
			ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeResponses: map[string]string{"USERNAME": params["USERNAME"],
				"PASSWORD_CLAIM_SECRET_BLOCK": claim.SecretBlock, "PASSWORD_CLAIM_SIGNATURE": claim.Signature, "TIMESTAMP": claim.Timestamp,
				"SECRET_HASH": wrong}})
		return err
	}

	for _, name := range []string{known, "ghost@example.com"} {
		paths := map[string]func() error{
			"SignUp": func() error {
				_, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &clientID, Username: aws.String(name), Password: aws.String(password), SecretHash: aws.String(wrong)})
				return err
			},
			"ConfirmSignUp": func() error {
				_, err := api.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: &clientID, Username: aws.String(name), ConfirmationCode: aws.String("123456"),
					SecretHash: aws.String(wrong)})
				return err
			},
			"ResendConfirmationCode": func() error {
				_, err := api.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{ClientId: &clientID, Username: aws.String(name), SecretHash: aws.String(wrong)})
				return err
			},
			"ForgotPassword": func() error {
				_, err := api.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: &clientID, Username: aws.String(name), SecretHash: aws.String(wrong)})
				return err
			},
			"ConfirmForgotPassword": func() error {
				_, err := api.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{ClientId: &clientID, Username: aws.String(name),
					ConfirmationCode: aws.String("123456"), Password: aws.String(password), SecretHash: aws.String(wrong)})
				return err
			},
			"USER_PASSWORD_AUTH": func() error {
				_, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
					AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": password, "SECRET_HASH": wrong}})
				return err
			},
			"USER_SRP_AUTH": func() error {
				_, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeUserSrpAuth,
					AuthParameters: map[string]string{"USERNAME": name, "SRP_A": "02", "SECRET_HASH": wrong}})
				return err
			},
			"ADMIN_USER_PASSWORD_AUTH": func() error {
				_, err := api.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &p.UserPoolID, ClientId: &clientID,
					AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": password, "SECRET_HASH": wrong}})
				return err
			},
			"PASSWORD_VERIFIER": func() error { return srpVerifier(name) },
		}
		for path, call := range paths {
			t.Run(path+" "+name, func(t *testing.T) { wantAPIErrorMessage(t, call(), "NotAuthorizedException", message) })
		}
	}

	t.Run("REFRESH_TOKEN_AUTH", func(t *testing.T) {
		_, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
			AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(signIn.AuthenticationResult.RefreshToken), "SECRET_HASH": wrong}})
		wantAPIErrorMessage(t, err, "NotAuthorizedException", message)
	})
	t.Run("NEW_PASSWORD_REQUIRED", func(t *testing.T) {
		start, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": temp, "PASSWORD": password, "SECRET_HASH": hash(temp)}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = api.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &clientID, Session: start.Session,
			ChallengeName: types.ChallengeNameTypeNewPasswordRequired, ChallengeResponses: map[string]string{"USERNAME": temp,
				"NEW_PASSWORD": "Second-passw0rd", "SECRET_HASH": wrong}})
		wantAPIErrorMessage(t, err, "NotAuthorizedException", message)
	})
}
