package localpool_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
	"github.com/cognitowasm/cognitowasm/srp"
)

const password = "Passw0rd!"

// srpSignIn signs in with USER_SRP_AUTH the way amazon-cognito-identity-js does.
func srpSignIn(t testing.TB, p *localpooltest.Pool, api *cip.Client, clientID, username, pw string) (*cip.RespondToAuthChallengeOutput, error) {
	t.Helper()
	ctx := context.Background()
	client, err := srp.NewClient(nil)
	if err != nil {
		t.Fatal(err)
	}
	start, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeUserSrpAuth,
		AuthParameters: map[string]string{"USERNAME": username, "SRP_A": client.A()}})
	if err != nil {
		return nil, err
	}
	if start.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		t.Fatalf("challenge = %q, want PASSWORD_VERIFIER", start.ChallengeName)
	}
	params := start.ChallengeParameters
	claim, err := client.Claim(srp.UserIdentity(p.UserPoolID, params["USER_ID_FOR_SRP"]), pw,
		srp.Challenge{Salt: params["SALT"], B: params["SRP_B"], SecretBlock: params["SECRET_BLOCK"]}, p.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return api.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &clientID,
		ChallengeName: types.ChallengeNameTypePasswordVerifier, Session: start.Session,
		ChallengeResponses: map[string]string{"USERNAME": params["USERNAME"], "PASSWORD_CLAIM_SECRET_BLOCK": claim.SecretBlock,
			"PASSWORD_CLAIM_SIGNATURE": claim.Signature, "TIMESTAMP": claim.Timestamp}})
}

func wantAPIError(t testing.TB, err error, typ string) {
	t.Helper()
	var apiErr interface{ ErrorCode() string }
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != typ {
		t.Fatalf("err = %v, want %s", err, typ)
	}
}

func TestSignUpConfirmSignIn(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	ctx := context.Background()
	out, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &p.ClientID, Username: aws.String("ann@example.com"), Password: aws.String(password)})
	if err != nil {
		t.Fatal(err)
	}
	if out.UserConfirmed || out.CodeDeliveryDetails == nil || aws.ToString(out.CodeDeliveryDetails.Destination) != "a***@e***" {
		t.Fatalf("SignUp = %+v", out)
	}
	_, err = api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &p.ClientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "ann@example.com", "PASSWORD": password}})
	wantAPIError(t, err, "UserNotConfirmedException")
	if _, err := api.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: &p.ClientID, Username: aws.String("ann@example.com"),
		ConfirmationCode: aws.String(p.Code(t, "ann@example.com"))}); err != nil {
		t.Fatal(err)
	}
	auth, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &p.ClientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "ann@example.com", "PASSWORD": password}})
	if err != nil {
		t.Fatal(err)
	}
	if auth.AuthenticationResult == nil || aws.ToString(auth.AuthenticationResult.TokenType) != "Bearer" || auth.AuthenticationResult.ExpiresIn != 3600 {
		t.Fatalf("auth = %+v", auth.AuthenticationResult)
	}
	user, err := api.GetUser(ctx, &cip.GetUserInput{AccessToken: auth.AuthenticationResult.AccessToken})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(user.Username) != *out.UserSub {
		t.Errorf("GetUser username = %q, want the sub %q", aws.ToString(user.Username), *out.UserSub)
	}
	res, err := srpSignIn(t, p, api, p.ClientID, "ann@example.com", password)
	if err != nil {
		t.Fatal(err)
	}
	if res.AuthenticationResult == nil || res.AuthenticationResult.RefreshToken == nil {
		t.Fatalf("SRP = %+v", res)
	}
	_, err = srpSignIn(t, p, api, p.ClientID, "ann@example.com", "Wrong0000!")
	wantAPIError(t, err, "NotAuthorizedException")
	_, err = srpSignIn(t, p, api, p.ClientID, "nobody@example.com", password)
	wantAPIError(t, err, "NotAuthorizedException")
}
