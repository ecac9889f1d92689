//go:build !js

package cognito_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// adminCreate creates a user with a temporary password, as an administrator would.
func adminCreate(t *testing.T, p *localpooltest.Pool, username, temporary string, attrs map[string]string) {
	t.Helper()
	in := &cip.AdminCreateUserInput{
		UserPoolId:        &p.UserPoolID,
		Username:          &username,
		TemporaryPassword: &temporary,
		MessageAction:     types.MessageActionTypeSuppress,
	}
	for name, value := range attrs {
		in.UserAttributes = append(in.UserAttributes, types.AttributeType{Name: aws.String(name), Value: aws.String(value)})
	}
	if _, err := p.Admin().AdminCreateUser(context.Background(), in); err != nil {
		t.Fatal("AdminCreateUser:", err)
	}
}

func TestNewPasswordRequired(t *testing.T) {
	ctx := context.Background()
	for _, flow := range []cognito.Flow{cognito.FlowSRP, cognito.FlowPassword, cognito.FlowAdmin} {
		t.Run(string(flow), func(t *testing.T) {
			setAdminCredentials(t)
			p := localpooltest.New(t)
			const email = "dee@example.com"
			adminCreate(t, p, email, "Temp-Pass1!", map[string]string{"email": email, "name": "Dee"})
			c, _ := newClient(t, p, nil)
			other, _ := newClient(t, p, nil)
			opts := &cognito.SignInOptions{Flow: flow}
			res, err := c.SignIn(ctx, email, "Temp-Pass1!", opts)
			if err != nil {
				t.Fatal("SignIn:", err)
			}
			if res.Step() != cognito.StepNewPasswordRequired || res.Session != nil {
				t.Fatalf("SignIn with a temporary password: step %s, want %s", res.Step(), cognito.StepNewPasswordRequired)
			}
			step := res.Next
			if step.UserAttributes["email"] != email || step.UserAttributes["name"] != "Dee" {
				t.Errorf("step UserAttributes = %v", step.UserAttributes)
			}
			for _, r := range step.RequiredAttributes {
				if r == "" || strings.HasPrefix(r, "userAttributes.") {
					t.Errorf("required attribute %q keeps its prefix", r)
				}
			}
			// ConfirmSignIn refuses a step it does not answer, and a step of
			// another Client's sign-in.
			for _, wrong := range []struct {
				name string
				c    *cognito.Client
				step *cognito.NextStep
			}{
				{"a confirm sign-up step", c, &cognito.NextStep{Kind: cognito.StepConfirmSignUp}},
				{"a step made by hand", c, &cognito.NextStep{Kind: cognito.StepNewPasswordRequired}},
				{"no step", c, nil},
				{"another client's step", other, step},
			} {
				if _, err := wrong.c.ConfirmSignIn(ctx, wrong.step, cognito.Answer{Response: password}); !errors.Is(err, cognito.ErrWrongStep) {
					t.Errorf("ConfirmSignIn(%s): %v, want ErrWrongStep", wrong.name, err)
				}
			}
			_, err = c.ConfirmSignIn(ctx, step, cognito.Answer{Response: "weak"})
			wantCode(t, "ConfirmSignIn with a weak password", err, cognito.ErrInvalidPassword)

			// The refused answer leaves the step usable, as on Cognito.
			res, err = c.ConfirmSignIn(ctx, step, cognito.Answer{Response: password, UserAttributes: map[string]string{"name": "Dee D."}})
			if err != nil || res.Session == nil {
				t.Fatalf("ConfirmSignIn = %+v, %v; want a session", res, err)
			}
			u, err := res.Session.User(ctx)
			if err != nil || u.Attributes["name"] != "Dee D." {
				t.Errorf("User after the new password = %+v, %v", u, err)
			}
			signIn(t, c, email, password, nil)
		})
	}
}

// setAdminCredentials gives the ADMIN flow static credentials from the
// environment, and keeps it from reading the machine's AWS config.
func setAdminCredentials(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDLOCALPOOLTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "local-pool-accepts-any-signature")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")
}

func TestSignInFlows(t *testing.T) {
	setAdminCredentials(t)
	ctx := context.Background()
	p := localpooltest.New(t)
	p.CreateUser(t, "eve@example.com", password, nil)
	c, _ := newClient(t, p, nil)
	for _, flow := range []cognito.Flow{cognito.FlowSRP, cognito.FlowPassword, cognito.FlowAdmin} {
		t.Run(string(flow), func(t *testing.T) {
			var stages []cognito.Stage
			opts := &cognito.SignInOptions{Flow: flow, Progress: func(s cognito.Stage) { stages = append(stages, s) }}
			s := signIn(t, c, "eve@example.com", password, opts)
			if _, err := s.User(ctx); err != nil {
				t.Error("User:", err)
			}
			if err := s.Refresh(ctx); err != nil {
				t.Error("Refresh:", err)
			}
			computed := false
			for _, st := range stages {
				computed = computed || st == cognito.StageComputingSRP
			}
			if computed != (flow == cognito.FlowSRP) {
				t.Errorf("stages %v: computing-srp reported %v for %s", stages, computed, flow)
			}
			_, err := c.SignIn(ctx, "eve@example.com", "Wr0ng-Password!", opts)
			wantCode(t, "wrong password", err, cognito.ErrNotAuthorized)
		})
	}
	if _, err := c.SignIn(ctx, "eve@example.com", password, &cognito.SignInOptions{Flow: "CUSTOM_AUTH"}); err == nil {
		t.Error("SignIn with an unknown flow succeeded")
	}
}

// A client with a secret sends SECRET_HASH everywhere: SRP (over Cognito's
// username, not the email typed), password, refresh, sign-up and reset.
func TestClientWithSecret(t *testing.T) {
	ctx := context.Background()
	p := localpooltest.New(t)
	clientID, secret := p.NewClient(t, cip.CreateUserPoolClientInput{
		UserPoolId:     &p.UserPoolID,
		ClientName:     aws.String("confidential"),
		GenerateSecret: true,
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{
			types.ExplicitAuthFlowsTypeAllowUserSrpAuth,
			types.ExplicitAuthFlowsTypeAllowUserPasswordAuth,
			types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth,
		},
	})
	if secret == "" {
		t.Fatal("NewClient returned no secret")
	}
	withSecret := func(cfg *cognito.Config) { cfg.ClientID, cfg.ClientSecret = clientID, secret }
	c, _ := newClient(t, p, withSecret)

	const email = "fay@example.com"
	if _, err := c.SignUp(ctx, cognito.SignUpInput{Username: email, Password: password}); err != nil {
		t.Fatal("SignUp:", err)
	}
	if err := c.ConfirmSignUp(ctx, email, p.Code(t, email)); err != nil {
		t.Fatal("ConfirmSignUp:", err)
	}
	for _, flow := range []cognito.Flow{cognito.FlowSRP, cognito.FlowPassword} {
		s := signIn(t, c, email, password, &cognito.SignInOptions{Flow: flow})
		p.Clock.Advance(time.Minute)
		if err := s.Refresh(ctx); err != nil {
			t.Fatalf("%s: Refresh with a secret: %v", flow, err)
		}
	}
	if _, err := c.ForgotPassword(ctx, email); err != nil {
		t.Fatal("ForgotPassword:", err)
	}
	if err := c.ConfirmForgotPassword(ctx, email, p.Code(t, email), password2); err != nil {
		t.Fatal("ConfirmForgotPassword:", err)
	}
	signIn(t, c, email, password2, nil)

	// Without the secret, or with a wrong one, the same client refuses.
	for name, edit := range map[string]func(*cognito.Config){
		"no secret":    func(cfg *cognito.Config) { cfg.ClientID = clientID },
		"wrong secret": func(cfg *cognito.Config) { cfg.ClientID, cfg.ClientSecret = clientID, secret+"x" },
	} {
		bad, _ := newClient(t, p, edit)
		for _, flow := range []cognito.Flow{cognito.FlowSRP, cognito.FlowPassword} {
			_, err := bad.SignIn(ctx, email, password2, &cognito.SignInOptions{Flow: flow})
			wantCode(t, name+" "+string(flow), err, cognito.ErrNotAuthorized)
		}
	}
}

func TestTypedErrors(t *testing.T) {
	ctx := context.Background()
	p := localpooltest.New(t)
	c, _ := newClient(t, p, nil)
	p.CreateUser(t, "gus@example.com", password, nil)

	_, err := c.SignIn(ctx, "gus@example.com", "Wr0ng-Password!", nil)
	wantCode(t, "wrong password", err, cognito.ErrNotAuthorized)

	_, err = c.SignUp(ctx, cognito.SignUpInput{Username: "hal@example.com", Password: "short"})
	wantCode(t, "weak password", err, cognito.ErrInvalidPassword)

	_, err = c.SignUp(ctx, cognito.SignUpInput{Username: "gus@example.com", Password: password})
	wantCode(t, "existing user", err, cognito.ErrUsernameExists)

	if _, err := c.SignUp(ctx, cognito.SignUpInput{Username: "ivy@example.com", Password: password}); err != nil {
		t.Fatal(err)
	}
	// An unconfirmed user is a step, not an error; the other calls say why.
	res, err := c.SignIn(ctx, "ivy@example.com", password, &cognito.SignInOptions{Flow: cognito.FlowPassword})
	if err != nil || res.Step() != cognito.StepConfirmSignUp {
		t.Fatalf("SignIn unconfirmed: %+v, %v; want step %s", res, err, cognito.StepConfirmSignUp)
	}
	code := p.Code(t, "ivy@example.com")
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	wantCode(t, "bad code", c.ConfirmSignUp(ctx, "ivy@example.com", wrong), cognito.ErrCodeMismatch)
	p.Clock.Advance(25 * time.Hour) // sign-up codes last 24 hours
	wantCode(t, "expired code", c.ConfirmSignUp(ctx, "ivy@example.com", code), cognito.ErrExpiredCode)
	if _, err := c.ResendConfirmationCode(ctx, "ivy@example.com"); err != nil {
		t.Fatal("ResendConfirmationCode:", err)
	}
	if err := c.ConfirmSignUp(ctx, "ivy@example.com", p.Code(t, "ivy@example.com")); err != nil {
		t.Fatal("ConfirmSignUp with the new code:", err)
	}

	// Input too long to be a Cognito password is refused before any SRP work.
	long := make([]byte, 300)
	for i := range long {
		long[i] = 'a'
	}
	_, err = c.SignIn(ctx, "gus@example.com", string(long), nil)
	wantCode(t, "300-byte password", err, cognito.ErrInvalidParameter)
}
