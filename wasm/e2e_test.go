//go:build !js

package main

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/chromedp/chromedp"
)

// TestBrowserAccountLifecycle walks one account through the whole app in
// headless Chromium, against the real wasm build and a real local pool.
func TestBrowserAccountLifecycle(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t)
	const (
		email     = "ann@example.com"
		password  = "First-Passw0rd"
		password2 = "Second-Passw0rd"
		password3 = "Third-Passw0rd"
	)

	// 1. Sign up.
	b.open(s.URL + "/signup")
	b.do("signing up",
		fill("#signup-email", email),
		fill("#signup-name", "Ann"),
		fill("#signup-password", password),
		fill("#signup-password-again", password),
		click("#signup-submit"),
		waitPath("/confirm"),
		waitText("#confirm-intro", "We sent a code to"),
	)

	// 2–3. Read the code from the local inbox and confirm: the client allows
	// USER_AUTH, so ConfirmSignUp's session signs the new user in.
	code := s.Pool.Code(t, email)
	b.do("confirming",
		fill("#confirm-code", code),
		click("#confirm-submit"),
		waitPath("/"),
		waitText("#summary-who", email),
	)
	b.open(s.URL + "/account")
	b.do("signing out after the sign-up", click("#signout"), waitPath("/signin"))

	// 4. SRP sign-in (the default flow).
	b.do("signing in with SRP",
		signInHome(email, password),
		waitText("#who", email),
	)

	// 5. A reload keeps the session: it is in localStorage.
	b.do("reloading", chromedp.Reload(), waitText("#summary-who", email))
	if n := eval[int](b, `Object.keys(localStorage).filter(k => k.startsWith("CognitoIdentityServiceProvider.") && k.endsWith(".refreshToken")).length`); n != 1 {
		t.Fatalf("localStorage holds %d refresh tokens, want 1", n)
	}

	// 6. The inspector verifies both tokens against the pool's JWKS.
	b.open(s.URL + "/tokens")
	b.do("verifying the tokens",
		waitText("#id-token-status", "signature and claims verified"),
		waitText("#access-token-status", "signature and claims verified"),
		waitText("#id-token-claims", email),
		waitText("#countdown", "m"),
	)

	// 7. Update an attribute.
	b.open(s.URL + "/account")
	b.do("updating the name",
		fill("#attr-name-value", "Ann Example"),
		click("#attr-name-save"),
		waitText("#attr-name-notice", "Saved Name."),
	)
	if got := eval[string](b, `document.querySelector("#attr-name-value").value`); got != "Ann Example" {
		t.Fatalf("name after saving = %q", got)
	}

	// 8. Change the password.
	b.do("changing the password",
		fill("#passwd-current", password),
		fill("#passwd-new", password2),
		fill("#passwd-new-again", password2),
		click("#passwd-submit"),
		waitText("#passwd-notice", "Your password has been changed."),
	)

	// 9. Sign out: the session is gone from storage too.
	b.do("signing out",
		click("#signout"),
		waitPath("/signin"),
		waitText("#notice", "You are signed out."),
	)
	if n := eval[int](b, `Object.keys(localStorage).filter(k => k.endsWith("Token")).length`); n != 0 {
		t.Fatalf("localStorage still holds %d tokens after sign-out", n)
	}

	// 10. Forgot and reset.
	b.do("asking for a reset code",
		fill("#signin-username", email),
		click("#signin-forgot"),
		waitPath("/forgot"),
		fill("#forgot-username", email),
		click("#forgot-submit"),
		waitPath("/reset"),
	)
	code = s.Pool.Code(t, email)
	b.do("resetting the password",
		fill("#reset-code", code),
		fill("#reset-password", password3),
		fill("#reset-password-again", password3),
		click("#reset-submit"),
		waitPath("/signin"),
		waitText("#notice", "Your password has been reset."),
	)

	// 11. Sign in with the new password.
	b.do("signing in with the new password",
		fill("#signin-password", password3),
		click("#signin-submit"),
		waitPath("/"),
		waitText("#summary-who", email),
	)
}

// TestBrowserErrors checks that failures reach the user in plain words.
func TestBrowserErrors(t *testing.T) {
	s := newSite(t)
	s.Pool.CreateUser(t, "bob@example.com", "Bob-Passw0rd", map[string]string{"email": "bob@example.com"})
	b := newBrowser(t)

	b.open(s.URL + "/signin")
	b.do("signing in with a wrong password",
		submitSignIn("bob@example.com", "Wrong-Passw0rd"),
		waitText("#error", "Incorrect email or password."),
		chromedp.WaitEnabled(chromedp.CSS("#signin-submit")),
	)

	b.open(s.URL + "/signup")
	b.do("signing up twice",
		fill("#signup-email", "bob@example.com"),
		fill("#signup-password", "Other-Passw0rd"),
		fill("#signup-password-again", "Other-Passw0rd"),
		click("#signup-submit"),
		waitText("#error", "already"),
	)

	b.do("checking fields before sending",
		fill("#signup-email", "not-an-email"),
		fill("#signup-password", "short"),
		click("#signup-submit"),
		waitText("#signup-email-invalid", "Enter an email address"),
		waitText("#signup-password-invalid", "The password needs"),
	)
	if got := eval[string](b, `document.querySelector("#signup-password-policy li.met")?.innerText || ""`); got != "a lowercase letter" {
		t.Fatalf("met policy rules = %q, want only the lowercase one", got)
	}
}

// TestBrowserNewPasswordRequired signs in a user an administrator created,
// who must choose a password first.
func TestBrowserNewPasswordRequired(t *testing.T) {
	s := newSite(t)
	_, err := s.Pool.Admin().AdminCreateUser(context.Background(), &cip.AdminCreateUserInput{
		UserPoolId:        aws.String(s.Pool.UserPoolID),
		Username:          aws.String("carol@example.com"),
		TemporaryPassword: aws.String("Temp-Passw0rd"),
		MessageAction:     types.MessageActionTypeSuppress,
		UserAttributes:    []types.AttributeType{{Name: aws.String("email"), Value: aws.String("carol@example.com")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	b.open(s.URL + "/signin")
	b.do("signing in with the temporary password",
		submitSignIn("carol@example.com", "Temp-Passw0rd"),
		waitPath("/new-password"),
		fill("#newpassword-password", "Carols-Passw0rd"),
		fill("#newpassword-password-again", "Carols-Passw0rd"),
		click("#newpassword-submit"),
		waitPath("/"),
		waitText("#summary-who", "carol@example.com"),
	)
}

// TestBrowserPasswordFlow signs in with USER_PASSWORD_AUTH through the advanced switch.
func TestBrowserPasswordFlow(t *testing.T) {
	s := newSite(t)
	s.Pool.CreateUser(t, "dan@example.com", "Dan-Passw0rd", map[string]string{"email": "dan@example.com"})
	b := newBrowser(t)
	b.open(s.URL + "/signin")
	b.do("signing in with USER_PASSWORD_AUTH",
		fill("#signin-username", "dan@example.com"),
		fill("#signin-password", "Dan-Passw0rd"),
		click("details summary"),
		click("#signin-password-flow"),
		click("#signin-submit"),
		waitPath("/"),
		waitText("#summary-who", "dan@example.com"),
	)
}
