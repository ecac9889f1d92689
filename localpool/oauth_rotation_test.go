package localpool_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"golang.org/x/oauth2"
)

// TestHostedRefreshRotation: on a client with refresh-token rotation, the
// token endpoint's refresh_token grant rotates as GetTokensFromRefreshToken
// does. golang.org/x/oauth2 keeps the new refresh token; the replaced one
// works again within the grace period, and after it is invalid_grant (the
// OAuth form of RefreshTokenReuseException), while the tokens that replaced
// it live on.
func TestHostedRefreshRotation(t *testing.T) {
	p := newHostedPool(t)
	p.CreateUser(t, hostedUser, hostedPassword, nil)
	in := oauthClientInput()
	in.RefreshTokenRotation = &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled, RetryGracePeriodSeconds: aws.Int32(10)}
	in.ExplicitAuthFlows = []types.ExplicitAuthFlowsType{"ALLOW_USER_SRP_AUTH"} // as Cognito advises rotating clients
	clientID, _ := p.NewClient(t, in)
	cfg := oauthConfig(p.Pool, clientID, "")

	verifier := oauth2.GenerateVerifier()
	q := newBrowser(t).signIn(p, cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)), hostedUser, hostedPassword)
	first, err := cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil || first.RefreshToken == "" {
		t.Fatalf("exchange: %v %+v", err, first)
	}

	// An OAuth client refreshing an expired token keeps the rotated refresh token.
	expired := *first
	expired.Expiry = time.Now().Add(-time.Minute)
	second, err := cfg.TokenSource(ctx, &expired).Token()
	if err != nil {
		t.Fatal("refresh through golang.org/x/oauth2:", err)
	}
	if second.RefreshToken == "" || second.RefreshToken == first.RefreshToken || second.AccessToken == first.AccessToken {
		t.Fatalf("the refresh_token grant did not rotate: same refresh token %v", second.RefreshToken == first.RefreshToken)
	}
	if id, _ := second.Extra("id_token").(string); id == "" {
		t.Error("the rotated answer has no ID token")
	}

	refresh := func(token string) (int, map[string]any) {
		t.Helper()
		return tokenRequest(t, p, url.Values{"grant_type": {"refresh_token"}, "client_id": {clientID}, "refresh_token": {token}})
	}
	// Within the grace period the replaced token still refreshes (a retry
	// whose answer was lost), with a refresh token of its own.
	status, retry := refresh(first.RefreshToken)
	if status != http.StatusOK || retry["refresh_token"] == nil || retry["refresh_token"] == second.RefreshToken {
		t.Fatalf("refresh with the replaced token within the grace period: %d %v", status, retry)
	}

	p.Clock.Advance(11 * time.Second)
	status, body := refresh(first.RefreshToken)
	if status != http.StatusBadRequest || body["error"] != "invalid_grant" || !strings.Contains(body["error_description"].(string), "rotated") {
		t.Errorf("refresh with the replaced token after the grace period: %d %v", status, body)
	}
	for _, token := range []string{second.RefreshToken, retry["refresh_token"].(string)} {
		if status, body := refresh(token); status != http.StatusOK || body["refresh_token"] == nil {
			t.Errorf("refresh with a token that replaced the first: %d %v", status, body)
		}
	}
	// REFRESH_TOKEN_AUTH stays refused on the rotating client.
	if _, err := p.Admin().InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": second.RefreshToken}}); err == nil {
		t.Error("REFRESH_TOKEN_AUTH worked on a rotating client")
	}
}
