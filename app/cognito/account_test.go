//go:build !js

package cognito_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/storage"
	"github.com/cognitowasm/cognitowasm/app/token"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// TestAccountLife walks one account from sign-up to global sign-out against
// the local pool.
func TestAccountLife(t *testing.T) {
	ctx := context.Background()
	p := localpooltest.New(t)
	c, store := newClient(t, p, nil)
	const email = "ana@example.com"

	// 1. Sign up.
	up, err := c.SignUp(ctx, cognito.SignUpInput{Username: email, Password: password, Attributes: map[string]string{"name": "Ana"}})
	if err != nil {
		t.Fatal("SignUp:", err)
	}
	if up.UserConfirmed || up.UserSub == "" || up.Delivery == nil || up.Delivery.Medium != "EMAIL" {
		t.Fatalf("SignUp = %+v (delivery %+v), want unconfirmed, a sub and an email delivery", up, up.Delivery)
	}
	// Before confirmation, sign-in asks for the confirmation, without an error.
	res, err := c.SignIn(ctx, email, password, nil)
	if err != nil || res.Step() != cognito.StepConfirmSignUp || res.Next.Username != email {
		t.Fatalf("SignIn before confirming = %+v, %v; want step %s", res, err, cognito.StepConfirmSignUp)
	}

	// 2–3. Code from the inbox; confirm.
	if err := c.ConfirmSignUp(ctx, email, p.Code(t, email)); err != nil {
		t.Fatal("ConfirmSignUp:", err)
	}

	// 4. SRP sign-in, reporting its stages.
	var stages []cognito.Stage
	s := signIn(t, c, email, password, &cognito.SignInOptions{Progress: func(st cognito.Stage) { stages = append(stages, st) }})
	for _, want := range []cognito.Stage{cognito.StageComputingSRP, cognito.StageWaitingNetwork, cognito.StageVerifyingTokens} {
		if !slices.Contains(stages, want) {
			t.Errorf("stages %v lack %s", stages, want)
		}
	}
	// The pool signs in with email, so Cognito's username is the sub.
	if s.Username() != up.UserSub {
		t.Errorf("Username() = %q, want the sub %q", s.Username(), up.UserSub)
	}
	if u, tok, ok, err := storage.LoadSession(store, p.ClientID); err != nil || !ok || u != s.Username() || tok.RefreshToken == "" {
		t.Fatalf("stored session = %q, ok %v, err %v; want the signed-in user with a refresh token", u, ok, err)
	}
	if !s.ExpiresAt().After(p.Clock.Now()) {
		t.Errorf("ExpiresAt %v is not after now %v", s.ExpiresAt(), p.Clock.Now())
	}

	// 5. GetUser.
	u, err := s.User(ctx)
	if err != nil {
		t.Fatal("User:", err)
	}
	if u.Attributes["email"] != email || u.Attributes["name"] != "Ana" || u.Attributes["sub"] != up.UserSub {
		t.Errorf("User attributes = %v", u.Attributes)
	}

	// 6. Update an attribute and verify it.
	const email2 = "ana.new@example.com"
	deliveries, err := s.UpdateAttributes(ctx, map[string]string{"email": email2, "name": "Ana B."})
	if err != nil {
		t.Fatal("UpdateAttributes:", err)
	}
	if len(deliveries) != 1 || deliveries[0].Attribute != "email" {
		t.Fatalf("UpdateAttributes deliveries = %+v, want one for email", deliveries)
	}
	if err := s.VerifyAttribute(ctx, "email", "000000"); !errors.Is(err, cognito.ErrCodeMismatch) {
		t.Errorf("VerifyAttribute with a wrong code: %v, want CodeMismatch", err)
	}
	if err := s.VerifyAttribute(ctx, "email", p.Code(t, email2)); err != nil {
		t.Fatal("VerifyAttribute:", err)
	}
	if u, err = s.User(ctx); err != nil {
		t.Fatal("User:", err)
	}
	if u.Attributes["email"] != email2 || u.Attributes["email_verified"] != "true" || u.Attributes["name"] != "Ana B." {
		t.Errorf("after update and verify, attributes = %v", u.Attributes)
	}

	// 7. Change password.
	if err := s.ChangePassword(ctx, "Wr0ng-Password!", password2); !errors.Is(err, cognito.ErrNotAuthorized) {
		t.Errorf("ChangePassword with a wrong old password: %v, want NotAuthorized", err)
	}
	if err := s.ChangePassword(ctx, password, password2); err != nil {
		t.Fatal("ChangePassword:", err)
	}

	// 8. Sign in with the new password (and the new email); the old one fails.
	_, err = c.SignIn(ctx, email2, password, nil)
	wantCode(t, "SignIn with the old password", err, cognito.ErrNotAuthorized)
	signIn(t, c, email2, password2, nil)

	// 9. Forgot and reset.
	d, err := c.ForgotPassword(ctx, email2)
	if err != nil || d == nil {
		t.Fatalf("ForgotPassword = %+v, %v", d, err)
	}
	if err := c.ConfirmForgotPassword(ctx, email2, p.Code(t, email2), password3); err != nil {
		t.Fatal("ConfirmForgotPassword:", err)
	}
	s = signIn(t, c, email2, password3, nil)
	// A second device signs in too; the global sign-out must reach it.
	other, otherStore := newClient(t, p, nil)
	elsewhere := signIn(t, other, email2, password3, nil)

	// 10. Refresh: the tokens change, the refresh token stays.
	before, err := s.Tokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p.Clock.Advance(10 * time.Minute)
	if err := s.Refresh(ctx); err != nil {
		t.Fatal("Refresh:", err)
	}
	after, err := s.Tokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.AccessToken == before.AccessToken || after.IDToken == before.IDToken || after.RefreshToken != before.RefreshToken {
		t.Error("Refresh did not replace the ID and access tokens while keeping the refresh token")
	}
	if !after.ExpiresAt.After(before.ExpiresAt) {
		t.Errorf("ExpiresAt after refresh %v, before %v", after.ExpiresAt, before.ExpiresAt)
	}

	// 11. Global sign-out ends this session here.
	if err := s.GlobalSignOut(ctx); err != nil {
		t.Fatal("GlobalSignOut:", err)
	}
	if _, err := s.Tokens(ctx); !errors.Is(err, cognito.ErrNoSession) {
		t.Errorf("Tokens after GlobalSignOut: %v, want ErrNoSession", err)
	}
	if _, _, ok, _ := storage.LoadSession(store, p.ClientID); ok {
		t.Error("the store still holds the session after GlobalSignOut")
	}

	// 12. Everywhere else: the old access token is refused and refresh fails.
	_, err = elsewhere.User(ctx)
	wantCode(t, "GetUser with an access token from before the global sign-out", err, cognito.ErrNotAuthorized)
	_, err = p.Admin().GetUser(ctx, &cip.GetUserInput{AccessToken: aws.String(after.AccessToken)})
	var notAuth *types.NotAuthorizedException
	if !errors.As(err, &notAuth) {
		t.Errorf("GetUser with the signed-out session's access token: %v, want NotAuthorizedException", err)
	}
	err = elsewhere.Refresh(ctx)
	wantCode(t, "Refresh after the global sign-out", err, cognito.ErrNotAuthorized)
	if _, _, ok, _ := storage.LoadSession(otherStore, p.ClientID); ok {
		t.Error("a dead refresh token left the session in the store")
	}
	if _, err := elsewhere.Tokens(ctx); !errors.Is(err, cognito.ErrNoSession) {
		t.Errorf("Tokens after a refused refresh: %v, want ErrNoSession", err)
	}
}

// A session stored by one client is restored by the next, as after a reload.
func TestCurrentSessionRestores(t *testing.T) {
	ctx := context.Background()
	p := localpooltest.New(t)
	p.CreateUser(t, "bo@example.com", password, nil)
	c, store := newClient(t, p, nil)
	if _, err := c.CurrentSession(ctx); !errors.Is(err, cognito.ErrNoSession) {
		t.Fatalf("CurrentSession before sign-in: %v, want ErrNoSession", err)
	}
	s := signIn(t, c, "bo@example.com", password, nil)
	want, _ := s.Tokens(ctx)

	c2, _ := newClient(t, p, func(cfg *cognito.Config) { cfg.Store = store })
	s2, err := c2.CurrentSession(ctx)
	if err != nil {
		t.Fatal("CurrentSession:", err)
	}
	got, err := s2.Tokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got != want || s2.Username() != s.Username() {
		t.Errorf("restored %s %+v, want %s %+v", s2.Username(), got, s.Username(), want)
	}
	if u, err := s2.User(ctx); err != nil || u.Attributes["email"] != "bo@example.com" {
		t.Errorf("restored session's User = %+v, %v", u, err)
	}
	if err := s2.SignOut(ctx); err != nil {
		t.Fatal("SignOut:", err)
	}
	// The signed-out session's tokens are still validly signed, but the
	// client's verifier now refuses them, the remembered ones included.
	for _, raw := range []string{got.AccessToken, got.IDToken} {
		if _, err := c2.Verifier().Verify(ctx, raw, token.UseAny); !errors.Is(err, token.ErrRevoked) {
			t.Errorf("Verify of a signed-out session's token: %v, want ErrRevoked", err)
		}
	}
	if _, err := c.CurrentSession(ctx); !errors.Is(err, cognito.ErrNoSession) {
		t.Errorf("CurrentSession after SignOut: %v, want ErrNoSession", err)
	}
	// SignOut revoked the refresh token: the first session cannot refresh either.
	wantCode(t, "Refresh with a revoked refresh token", s.Refresh(ctx), cognito.ErrNotAuthorized)
}

func TestDeleteUser(t *testing.T) {
	ctx := context.Background()
	p := localpooltest.New(t)
	p.CreateUser(t, "cy@example.com", password, nil)
	c, _ := newClient(t, p, nil)
	s := signIn(t, c, "cy@example.com", password, nil)
	if err := s.DeleteAttributes(ctx, "name"); err != nil {
		t.Error("DeleteAttributes:", err)
	}
	if err := s.DeleteUser(ctx); err != nil {
		t.Fatal("DeleteUser:", err)
	}
	if _, err := c.CurrentSession(ctx); !errors.Is(err, cognito.ErrNoSession) {
		t.Errorf("CurrentSession after DeleteUser: %v", err)
	}
	_, err := c.SignIn(ctx, "cy@example.com", password, nil)
	if !errors.Is(err, cognito.ErrUserNotFound) && !errors.Is(err, cognito.ErrNotAuthorized) {
		t.Errorf("SignIn after DeleteUser: %v, want UserNotFound or NotAuthorized", err)
	}
}
