//go:build !js

package hostedui_test

import (
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognitowasm/cognitowasm/app/hostedui"
	"github.com/cognitowasm/cognitowasm/app/token"
	"github.com/cognitowasm/cognitowasm/app/userpool"
	"github.com/cognitowasm/cognitowasm/internal/testidp"
)

// TestSignInWithProvider: Start with a provider's name goes through the pool
// straight to that OpenID Provider (zitadel/oidc's OP), and the callback
// signs in the federated user the pool made, <Provider>_<sub>, with the
// identities claim. The client needs nothing per provider.
func TestSignInWithProvider(t *testing.T) {
	f := newFixture(t)
	op := testidp.NewOpenIDProvider(t, f.pool.URL+"/oauth2/idpresponse")
	f.pool.AddIdentityProvider(t, f.clientID, cip.CreateIdentityProviderInput{
		ProviderName: aws.String("MyOIDC"), ProviderType: "OIDC", AttributeMapping: map[string]string{"email": "email", "name": "name"},
		ProviderDetails: map[string]string{"client_id": "cognito", "client_secret": testidp.ClientSecret, "attributes_request_method": "GET",
			"oidc_issuer": op.URL, "authorize_scopes": "openid email profile"}})

	authURL, err := f.hosted.Start(ctx, &hostedui.StartOptions{Provider: "MyOIDC"})
	if err != nil {
		t.Fatal(err)
	}
	if got := must(url.Parse(authURL)).Query().Get("identity_provider"); got != "MyOIDC" {
		t.Fatalf("identity_provider = %q in %s", got, authURL)
	}
	// The pool sends the browser to the OP at once, with no form of its own.
	if first := noRedirect(t, authURL); first.Host != must(url.Parse(op.URL)).Host {
		t.Fatalf("the pool sent the browser to %s, not the OP", first)
	}
	back := op.SignIn(t, authURL, "test-user@127.0.0.1", callback)
	s, err := f.hosted.Callback(ctx, back)
	if err != nil {
		t.Fatal(err)
	}
	if s.Username() != "MyOIDC_id1" {
		t.Errorf("username %q, want MyOIDC_id1", s.Username())
	}
	tokens, _ := s.Tokens(ctx)
	id, err := token.Decode(tokens.IDToken)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(id.Claims["identities"])
	ids, err := userpool.ParseIdentities(raw)
	if err != nil || len(ids) != 1 {
		t.Fatalf("identities %s: %v", raw, err)
	}
	if got, ok := userpool.CreatedBy(s.Username(), ids); !ok || got.ProviderType != "OIDC" || !got.Primary || got.Issuer != op.URL ||
		!got.DateCreated.Equal(f.pool.Clock.Now().Truncate(1e6)) {
		t.Errorf("identity %+v (created by it: %v)", got, ok)
	}
	if g := id.Strings("cognito:groups"); !slices.Contains(g, f.pool.UserPoolID+"_MyOIDC") {
		t.Errorf("groups %v", g)
	}
	if user, err := s.User(ctx); err != nil || user.Attributes["email"] != "test-user@zitadel.ch" {
		t.Errorf("User: %+v %v", user, err)
	}
	if err := s.Refresh(ctx); err != nil {
		t.Errorf("refresh: %v", err)
	}
}

// TestProviderErrorMessages: a provider's failure, passed on by the pool as
// an error redirect with the sign-in's state, names the provider the
// sign-in went to; an error link without that state cannot name one.
func TestProviderErrorMessages(t *testing.T) {
	f := newFixture(t)
	op := testidp.NewOpenIDProvider(t, f.pool.URL+"/oauth2/idpresponse")
	f.pool.AddIdentityProvider(t, f.clientID, cip.CreateIdentityProviderInput{
		ProviderName: aws.String("BadSecret"), ProviderType: "OIDC",
		ProviderDetails: map[string]string{"client_id": "cognito", "client_secret": "not-the-secret", "attributes_request_method": "GET",
			"oidc_issuer": op.URL, "authorize_scopes": "openid email"}})

	authURL, err := f.hosted.Start(ctx, &hostedui.StartOptions{Provider: "BadSecret"})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.hosted.PendingProvider(); got != "BadSecret" {
		t.Fatalf("PendingProvider = %q", got)
	}
	back := op.SignIn(t, authURL, "test-user@127.0.0.1", callback)
	_, err = f.hosted.Callback(ctx, back)
	var re *hostedui.RedirectError
	if !errors.As(err, &re) || re.Provider != "BadSecret" {
		t.Fatalf("the pool's answer to a failed token exchange: %v (%+v)", err, re)
	}
	if got, want := hostedui.Message(err), "Signing in with BadSecret did not work. Try again, or choose another way to sign in."; got != want {
		t.Errorf("message %q, want %q", got, want)
	}

	state := must(url.Parse(must(f.hosted.Start(ctx, &hostedui.StartOptions{Provider: userpool.ProviderApple})))).Query().Get("state")
	for _, tc := range []struct {
		name  string
		query url.Values
		want  string
	}{
		{"declined at the provider", url.Values{"error": {"invalid_request"}, "error_description": {"SignInWithApple Error - access_denied"}, "state": {state}},
			"Signing in with Apple was cancelled or declined. Try again, or choose another way to sign in."},
		{"a crafted link naming a provider", url.Values{"error": {"invalid_request"}, "error_description": {"Call +1-555 Error - x"}},
			"The sign-in page could not sign you in. Try again, or go back and choose another way to sign in."},
	} {
		_, err := f.hosted.Callback(ctx, must(url.Parse(callback+"?"+tc.query.Encode())))
		if got := hostedui.Message(err); got != tc.want {
			t.Errorf("%s: message %q, want %q", tc.name, got, tc.want)
		}
	}
}
