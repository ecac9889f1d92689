//go:build !js

package cognito_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/descope/virtualwebauthn"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// softPasskeys is cognito.Passkeys over github.com/descope/virtualwebauthn,
// a software authenticator, as the browser at origin would use it.
type softPasskeys struct {
	mu     sync.Mutex
	rp     virtualwebauthn.RelyingParty
	auth   virtualwebauthn.Authenticator
	cred   virtualwebauthn.Credential
	gets   []string // the mediation of each Get
	failed error    // what Create and Get answer instead, when set
}

func newSoftPasskeys(origin string) *softPasskeys {
	return &softPasskeys{rp: virtualwebauthn.RelyingParty{ID: "localhost", Name: "LocalPool", Origin: origin},
		auth: virtualwebauthn.NewAuthenticator(), cred: virtualwebauthn.NewCredential(virtualwebauthn.KeyTypeEC2)}
}

func (k *softPasskeys) Create(_ context.Context, options []byte) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.failed != nil {
		return nil, k.failed
	}
	opts, err := virtualwebauthn.ParseAttestationOptions(string(options))
	if err != nil {
		return nil, err
	}
	k.auth.Options.UserHandle = []byte(opts.UserID)
	out := virtualwebauthn.CreateAttestationResponse(k.rp, k.auth, k.cred, *opts)
	k.auth.AddCredential(k.cred)
	return []byte(out), nil
}

func (k *softPasskeys) Get(_ context.Context, options []byte, mediation string) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.gets = append(k.gets, mediation)
	if k.failed != nil {
		return nil, k.failed
	}
	opts, err := virtualwebauthn.ParseAssertionOptions(string(options))
	if err != nil {
		return nil, err
	}
	k.cred.Counter++
	return []byte(virtualwebauthn.CreateAssertionResponse(k.rp, k.auth, k.cred, *opts)), nil
}

const choiceUser = "choice@example.com"

func TestSignInWithChoice(t *testing.T) {
	p := localpooltest.New(t)
	p.CreateUser(t, choiceUser, password, map[string]string{"phone_number": "+15555550199", "phone_number_verified": "true"})
	keys := newSoftPasskeys("http://localhost:8000")
	c, _ := newClient(t, p, func(cfg *cognito.Config) { cfg.Passkeys = keys })
	ctx := context.Background()

	// The choice lists the user's factors; each leads to a session.
	choose := func(f cognito.Factor) *cognito.SignInResult {
		t.Helper()
		res, err := c.SignInWithChoice(ctx, choiceUser, "", nil)
		if err != nil || res.Step() != cognito.StepFirstFactorSelection {
			t.Fatalf("SignInWithChoice = %+v, %v", res, err)
		}
		if f == "" {
			return res
		}
		next, err := c.ConfirmSignIn(ctx, res.Next, cognito.Answer{Response: string(f)})
		if err != nil {
			t.Fatalf("choose %s: %v", f, err)
		}
		return next
	}
	res := choose("")
	if want := []cognito.Factor{"PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"}; !slices.Equal(res.Next.Factors, want) {
		t.Fatalf("Factors = %v, want %v", res.Next.Factors, want)
	}
	_, err := c.ConfirmSignIn(ctx, res.Next, cognito.Answer{Response: "WEB_AUTHN"})
	wantCode(t, "a factor not offered", err, cognito.ErrInvalidParameter)

	for _, f := range []cognito.Factor{cognito.FactorPassword, cognito.FactorPasswordSRP} {
		step := choose(f)
		if step.Step() != cognito.StepPassword {
			t.Fatalf("%s: step %s, want StepPassword", f, step.Step())
		}
		done, err := c.ConfirmSignIn(ctx, step.Next, cognito.Answer{Response: password})
		if err != nil || done.Session == nil || done.Session.Username() == "" {
			t.Fatalf("%s: %+v, %v", f, done, err)
		}
	}
	step := choose(cognito.FactorEmailOTP)
	if step.Step() != cognito.StepEmailCode || step.Next.CodeDelivery == nil || step.Next.CodeDelivery.Medium != "EMAIL" {
		t.Fatalf("EMAIL_OTP step = %+v", step.Next)
	}
	_, err = c.ConfirmSignIn(ctx, step.Next, cognito.Answer{Response: "000000x"})
	wantCode(t, "wrong email code", err, cognito.ErrCodeMismatch)
	if done, err := c.ConfirmSignIn(ctx, step.Next, cognito.Answer{Response: p.Code(t, choiceUser)}); err != nil || done.Session == nil {
		t.Fatalf("EMAIL_OTP answer: %+v, %v", done, err)
	}

	// A preferred factor: the text message code.
	res, err = c.SignInWithChoice(ctx, choiceUser, cognito.FactorSMSOTP, nil)
	if err != nil || res.Step() != cognito.StepSMSCode {
		t.Fatalf("SMS_OTP = %+v, %v", res, err)
	}
	s, err := c.ConfirmSignIn(ctx, res.Next, cognito.Answer{Response: p.Code(t, choiceUser)})
	if err != nil || s.Session == nil {
		t.Fatalf("SMS_OTP answer: %+v, %v", s, err)
	}

	// Passkeys: add one, sign in with it (prompt and autofill), list, delete.
	if err := s.Session.AddPasskey(ctx); err != nil {
		t.Fatal(err)
	}
	list, err := s.Session.Passkeys(ctx)
	if err != nil || len(list) != 1 || list[0].Name == "" || list[0].RPID != "localhost" || !list[0].Created.Equal(p.Clock.Now().Truncate(1e6)) {
		t.Fatalf("Passkeys = %+v, %v", list, err)
	}
	for _, mediation := range []string{"", "conditional"} {
		res, err := c.SignInWithChoice(ctx, choiceUser, cognito.FactorWebAuthn, &cognito.SignInOptions{Mediation: mediation})
		if err != nil || res.Session == nil {
			t.Fatalf("passkey sign-in (%q) = %+v, %v", mediation, res, err)
		}
	}
	if want := []string{"", "conditional"}; !slices.Equal(keys.gets, want) {
		t.Fatalf("Get mediations = %q, want %q", keys.gets, want)
	}
	// Chosen in the selection step, the passkey is asked for by itself.
	if res := choose(cognito.FactorWebAuthn); res.Session == nil {
		t.Fatalf("WEB_AUTHN chosen: step %s", res.Step())
	}
	// The prompt dismissed: the sign-in fails with the authenticator's error.
	keys.failed = cognito.ErrPasskeyCancelled
	if _, err := c.SignInWithChoice(ctx, choiceUser, cognito.FactorWebAuthn, nil); !errors.Is(err, cognito.ErrPasskeyCancelled) {
		t.Fatalf("dismissed prompt: %v", err)
	}
	keys.failed = nil
	if err := s.Session.DeletePasskey(ctx, list[0].ID); err != nil {
		t.Fatal(err)
	}
	if list, err := s.Session.Passkeys(ctx); err != nil || len(list) != 0 {
		t.Fatalf("after delete: %+v, %v", list, err)
	}
	// Without the passkey, the preference gets the choice.
	if res, err := c.SignInWithChoice(ctx, choiceUser, cognito.FactorWebAuthn, nil); err != nil || res.Step() != cognito.StepFirstFactorSelection {
		t.Fatalf("preferred passkey without one: %+v, %v", res, err)
	}

	// A browser at a foreign origin: the pool refuses its passkey.
	evil := newSoftPasskeys("https://evil.example")
	ce, _ := newClient(t, p, func(cfg *cognito.Config) { cfg.Passkeys = evil })
	s2 := signIn(t, ce, choiceUser, password, nil)
	wantCode(t, "foreign origin", s2.AddPasskey(ctx), &cognito.Error{Code: "WebAuthnOriginNotAllowedException"})

	// Natively, without Config.Passkeys, passkeys are not available.
	plain, _ := newClient(t, p, nil)
	if err := signIn(t, plain, choiceUser, password, nil).AddPasskey(ctx); !errors.Is(err, cognito.ErrNoPasskeys) {
		t.Fatalf("AddPasskey without Passkeys: %v", err)
	}
	if _, err := c.SignInWithChoice(ctx, choiceUser, cognito.FactorPassword, nil); !errors.Is(err, cognito.ErrInvalidParameter) {
		t.Fatalf("preferring a password: %v", err)
	}
}

func TestSignInAfterSignUp(t *testing.T) {
	p := localpooltest.New(t)
	c, _ := newClient(t, p, nil)
	ctx := context.Background()
	const name = "fresh@example.com"
	if _, err := c.SignUp(ctx, cognito.SignUpInput{Username: name, Password: password}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SignInAfterSignUp(ctx, name, nil); !errors.Is(err, cognito.ErrNoSignUpSession) {
		t.Fatalf("before ConfirmSignUp: %v", err)
	}
	if err := c.ConfirmSignUp(ctx, name, p.Code(t, name)); err != nil {
		t.Fatal(err)
	}
	res, err := c.SignInAfterSignUp(ctx, name, nil)
	if err != nil || res.Session == nil {
		t.Fatalf("SignInAfterSignUp = %+v, %v", res, err)
	}
	if got, err := res.Session.User(ctx); err != nil || got.Attributes["email"] != name {
		t.Fatalf("User = %+v, %v", got, err)
	}
	// One use.
	if _, err := c.SignInAfterSignUp(ctx, name, nil); !errors.Is(err, cognito.ErrNoSignUpSession) {
		t.Fatalf("second use: %v", err)
	}
}

// Two refreshes at once on a rotating client (two tabs sharing one stored
// refresh token) both keep a working session after the grace period.
func TestConcurrentRotatingRefresh(t *testing.T) {
	p := localpooltest.New(t)
	clientID, _ := p.NewClient(t, cip.CreateUserPoolClientInput{ClientName: aws.String("rotating"),
		ExplicitAuthFlows:    []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
		RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled, RetryGracePeriodSeconds: aws.Int32(10)}})
	const name = "tabs@example.com"
	p.CreateUser(t, name, password, nil)
	ctx := context.Background()
	edit := func(cfg *cognito.Config) { cfg.ClientID = clientID }
	a, storeA := newClient(t, p, edit)
	sa := signIn(t, a, name, password, nil)
	// Tab B starts from the same stored tokens.
	b, storeB := newClient(t, p, edit)
	for k, v := range storeA.Snapshot() {
		if err := storeB.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	sb, err := b.CurrentSession(ctx)
	if err != nil || sb == nil {
		t.Fatalf("tab B session: %v", err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, s := range []*cognito.Session{sa, sb} {
		wg.Go(func() { errs[i] = s.Refresh(ctx) })
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("concurrent refreshes: %v", errs)
	}
	p.Clock.Advance(11 * 1e9)
	for i, s := range []*cognito.Session{sa, sb} {
		if err := s.Refresh(ctx); err != nil {
			t.Fatalf("tab %d after the grace period: %v", i, err)
		}
	}
}
