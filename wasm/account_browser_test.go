//go:build !js

package main

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/chromedp/chromedp"
)

// attributes returns the user's attributes as the pool holds them.
func (s *site) attributes(t *testing.T, username string) map[string]string {
	t.Helper()
	out, err := s.Pool.Admin().AdminGetUser(context.Background(), &cip.AdminGetUserInput{
		UserPoolId: aws.String(s.Pool.UserPoolID), Username: aws.String(username)})
	if err != nil {
		t.Fatalf("AdminGetUser %q: %v", username, err)
	}
	attrs := map[string]string{}
	for _, a := range out.UserAttributes {
		attrs[aws.ToString(a.Name)] = aws.ToString(a.Value)
	}
	return attrs
}

// TestBrowserAttributes changes the email and verifies it with the code
// from the inbox, then deletes an attribute.
func TestBrowserAttributes(t *testing.T) {
	s := newSite(t)
	b := s.signedIn(t, "hal@example.com", "Hal-Passw0rd", map[string]string{"name": "Hal"})
	b.open(s.URL + "/account")
	b.do("changing the email",
		waitValue("#attr-email-value", "hal@example.com"),
		waitText("#attr-email-status", "verified"),
		fill("#attr-email-value", "hal.new@example.com"),
		click("#attr-email-save"),
		waitText("#attr-email-notice", "Saved Email. We sent a code to"),
		waitText("#attr-email-status", "unverified"),
		chromedp.WaitVisible(chromedp.CSS("#attr-email-code")),
	)
	code := s.Pool.Code(t, "hal.new@example.com")
	b.do("verifying the new email",
		fill("#attr-email-code", code),
		click("#attr-email-confirm"),
		waitText("#attr-email-notice", "Verified Email."),
		waitText("#attr-email-status", "verified"),
	)
	if attrs := s.attributes(t, "hal.new@example.com"); attrs["email"] != "hal.new@example.com" || attrs["email_verified"] != "true" {
		t.Fatalf("after verifying, the pool holds email %q, email_verified %q", attrs["email"], attrs["email_verified"])
	}

	b.do("deleting the name",
		click("#attr-name-delete"),
		click("#attr-name-delete-confirm"),
		waitText("#attributes-notice", "Deleted Name."),
		chromedp.WaitNotPresent(chromedp.CSS("#attr-name-value")),
	)
	if name, ok := s.attributes(t, "hal.new@example.com")["name"]; ok {
		t.Fatalf("the pool still holds name %q", name)
	}
}

// TestBrowserGlobalSignOut signs out everywhere; the pool then refuses the
// access token the browser held.
func TestBrowserGlobalSignOut(t *testing.T) {
	s := newSite(t)
	b := s.signedIn(t, "ivy@example.com", "Ivy-Passw0rd", nil)
	accessToken := b.accessToken()
	if _, err := s.Pool.Admin().GetUser(context.Background(), &cip.GetUserInput{AccessToken: aws.String(accessToken)}); err != nil {
		t.Fatalf("GetUser with the browser's access token before signing out: %v", err)
	}
	b.open(s.URL + "/account")
	b.do("signing out everywhere",
		click("#signout-global"),
		waitPath("/signin"),
		waitText("#notice", "You are signed out."),
	)
	if got := b.accessToken(); got != "" {
		t.Fatal("localStorage still holds the access token")
	}
	_, err := s.Pool.Admin().GetUser(context.Background(), &cip.GetUserInput{AccessToken: aws.String(accessToken)})
	if _, refused := errors.AsType[*types.NotAuthorizedException](err); !refused {
		t.Fatalf("GetUser with the old access token after a global sign-out: err = %v, want NotAuthorizedException", err)
	}
}

// TestBrowserDeleteAccount deletes the account after a confirmation; signing
// in again then fails in plain words.
func TestBrowserDeleteAccount(t *testing.T) {
	s := newSite(t)
	b := s.signedIn(t, "jon@example.com", "Jon-Passw0rd", nil)
	b.open(s.URL + "/account")
	b.do("deleting the account",
		click("#account-delete"),
		click("#account-delete-cancel"),
		click("#account-delete"),
		click("#account-delete-confirm"),
		waitPath("/signin"),
		waitText("#notice", "Your account has been deleted."),
	)
	_, err := s.Pool.Admin().AdminGetUser(context.Background(), &cip.AdminGetUserInput{
		UserPoolId: aws.String(s.Pool.UserPoolID), Username: aws.String("jon@example.com")})
	if _, gone := errors.AsType[*types.UserNotFoundException](err); !gone {
		t.Fatalf("AdminGetUser after deleting: err = %v, want UserNotFoundException", err)
	}
	b.do("signing in to the deleted account",
		submitSignIn("jon@example.com", "Jon-Passw0rd"),
		waitText("#error", "Incorrect email or password."),
	)
}
