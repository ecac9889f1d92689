package localpool_test

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/internal/testidp"
)

// openIDProvider is zitadel/oidc's OP (internal/testidp) with the
// pool's provider settings.
type openIDProvider struct{ *testidp.OpenIDProvider }

func newOpenIDProvider(t *testing.T, redirectURI string) *openIDProvider {
	return &openIDProvider{testidp.NewOpenIDProvider(t, redirectURI)}
}

func (op *openIDProvider) endpoint(name string) string { return op.Endpoint(name) }

// fedPool is a hosted pool whose client offers COGNITO plus the given providers.
type fedPool struct {
	*hostedPool
}

func newFedPool(t *testing.T) *fedPool {
	t.Helper()
	return &fedPool{newHostedPool(t)}
}

func (p *fedPool) addProvider(t *testing.T, in cip.CreateIdentityProviderInput) *types.IdentityProviderType {
	t.Helper()
	in.UserPoolId = &p.UserPoolID
	out, err := p.Admin().CreateIdentityProvider(ctx, &in)
	if err != nil {
		t.Fatalf("CreateIdentityProvider %s: %v", aws.ToString(in.ProviderName), err)
	}
	p.offer(t, aws.ToString(in.ProviderName))
	return out.IdentityProvider
}

// offer adds a provider to the app client's SupportedIdentityProviders.
func (p *fedPool) offer(t *testing.T, name string) {
	t.Helper()
	admin := p.Admin()
	desc, err := admin.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: &p.UserPoolID, ClientId: &p.clientID})
	if err != nil {
		t.Fatal(err)
	}
	c := desc.UserPoolClient
	_, err = admin.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: &p.UserPoolID, ClientId: &p.clientID,
		ClientName: c.ClientName, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: c.AllowedOAuthFlows,
		AllowedOAuthScopes: c.AllowedOAuthScopes, CallbackURLs: c.CallbackURLs, LogoutURLs: c.LogoutURLs,
		ExplicitAuthFlows: append(c.ExplicitAuthFlows, "ALLOW_USER_PASSWORD_AUTH"), WriteAttributes: c.WriteAttributes,
		SupportedIdentityProviders: append(c.SupportedIdentityProviders, name)})
	if err != nil {
		t.Fatal(err)
	}
}

func (op *openIDProvider) oidcProvider(name, clientID string, mapping map[string]string, ids ...string) cip.CreateIdentityProviderInput {
	return cip.CreateIdentityProviderInput{
		ProviderName: aws.String(name), ProviderType: types.IdentityProviderTypeTypeOidc,
		ProviderDetails: map[string]string{"client_id": clientID, "client_secret": "op-secret", "attributes_request_method": "GET",
			"oidc_issuer": op.URL, "authorize_scopes": "openid email profile"},
		AttributeMapping: mapping, IdpIdentifiers: ids,
	}
}

// federatedSignIn walks the app's authorize URL through the provider's
// login page and back, and returns the final answer (the redirect to the app).
func (b *browser) federatedSignIn(p *hostedPool, authURL, providerBase, username, password string) *response {
	b.t.Helper()
	r := b.get(authURL)
	for i := 0; i < 20; i++ {
		switch {
		case r.location != nil && strings.HasPrefix(r.location.String(), callbackURL):
			return r
		case r.location != nil:
			target := r.location
			if !target.IsAbs() {
				target = mustURL(b.t, providerBase).ResolveReference(target)
			}
			if strings.HasPrefix(target.String(), p.URL) {
				providerBase = p.URL
			} else {
				providerBase = target.Scheme + "://" + target.Host
			}
			r = b.get(target.String())
		case r.status == http.StatusOK && strings.Contains(r.body, `action="/login/username"`):
			id := regexpFind(b.t, r.body, `name="id" value="([^"]+)"`)
			r = b.post(providerBase+"/login/username", url.Values{"id": {htmlUnescape(id)}, "username": {username}, "password": {password}})
		default:
			return r
		}
	}
	b.t.Fatal("too many redirects")
	return nil
}

// testApplePrivateKey is a fresh P-256 key in the PKCS#8 PEM form of Apple's .p8 files.
func testApplePrivateKey(t *testing.T) string { return testidp.ApplePrivateKey(t) }

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// signInWith signs in through a provider and returns the pool's ID-token claims.
func (p *fedPool) signInWith(t *testing.T, op *openIDProvider, param, value, username string) map[string]any {
	t.Helper()
	back := newBrowser(t).federatedSignIn(p.hostedPool, p.authorizeURL(param, value), op.URL, username, "verysecure")
	q := callbackQuery(t, back)
	if q.Get("error") != "" {
		t.Fatalf("sign-in with %s=%s failed: %s: %s", param, value, q.Get("error"), q.Get("error_description"))
	}
	tok, err := p.oauth.Exchange(ctx, q.Get("code"))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tok.Extra("id_token").(string)
	return claims(t, &raw)
}

func (p *fedPool) authorizeURL(param, value string) string {
	return p.oauth.AuthCodeURL("st-1") + "&" + url.Values{param: {value}}.Encode()
}

// signInError signs in and returns the error redirect's query.
func (p *fedPool) signInError(t *testing.T, op *openIDProvider, param, value, username string) url.Values {
	t.Helper()
	back := newBrowser(t).federatedSignIn(p.hostedPool, p.authorizeURL(param, value), op.URL, username, "verysecure")
	q := callbackQuery(t, back)
	if q.Get("error") == "" || q.Get("code") != "" {
		t.Fatalf("expected an error redirect, got %v", q)
	}
	if q.Get("state") != "st-1" {
		t.Errorf("the error redirect lost the state: %v", q)
	}
	return q
}

func TestFederationOIDC(t *testing.T) {
	p := newFedPool(t)
	op := newOpenIDProvider(t, p.URL+"/oauth2/idpresponse")
	created := p.addProvider(t, op.oidcProvider("MyOIDC", "cognito",
		map[string]string{"email": "email", "name": "name", "email_verified": "email_verified"}, "example.com"))
	if created.ProviderDetails["authorize_url"] != op.endpoint("authorization_endpoint") ||
		created.ProviderDetails["jwks_uri"] != op.endpoint("jwks_uri") || created.ProviderDetails["token_url"] != op.endpoint("token_endpoint") {
		t.Errorf("the derived endpoints are not the discovered ones: %v", created.ProviderDetails)
	}

	c := p.signInWith(t, op, "identity_provider", "MyOIDC", "test-user@127.0.0.1")
	if c["cognito:username"] != "MyOIDC_id1" || c["email"] != "test-user@zitadel.ch" || c["name"] != "Test User" || c["email_verified"] != true {
		t.Errorf("claims = %v", c)
	}
	if groups, _ := c["cognito:groups"].([]any); !slices.Contains(groups, any(p.UserPoolID+"_MyOIDC")) {
		t.Errorf("cognito:groups = %v, want the auto group", c["cognito:groups"])
	}
	ids, _ := c["identities"].([]any)
	if len(ids) != 1 {
		t.Fatalf("identities = %#v", c["identities"])
	}
	id := ids[0].(map[string]any)
	if id["userId"] != "id1" || id["providerName"] != "MyOIDC" || id["providerType"] != "OIDC" || id["issuer"] != op.URL ||
		id["primary"] != "true" || id["dateCreated"] == nil {
		t.Errorf("identity = %v", id)
	}
	if _, ok := id["dateCreated"].(string); !ok {
		t.Errorf("dateCreated must be a string: %#v", id["dateCreated"])
	}

	admin := p.Admin()
	user, err := admin.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &p.UserPoolID, Username: aws.String("MyOIDC_id1")})
	if err != nil {
		t.Fatal(err)
	}
	if user.UserStatus != types.UserStatusTypeExternalProvider {
		t.Errorf("status = %s", user.UserStatus)
	}

	// The mapping applies at every sign-in.
	if _, err := admin.UpdateIdentityProvider(ctx, &cip.UpdateIdentityProviderInput{UserPoolId: &p.UserPoolID, ProviderName: aws.String("MyOIDC"),
		AttributeMapping: map[string]string{"email": "email", "name": "name", "given_name": "given_name", "family_name": "family_name"}}); err != nil {
		t.Fatal(err)
	}
	c = p.signInWith(t, op, "idp_identifier", "someone@Example.com", "test-user@127.0.0.1")
	if c["cognito:username"] != "MyOIDC_id1" || c["given_name"] != "Test" || c["family_name"] != "User" {
		t.Errorf("second sign-in claims = %v", c)
	}

	// The login page offers the provider, and its link goes to the provider.
	page := newBrowser(t).follow(p.URL, newBrowser(t).get(p.oauth.AuthCodeURL("st-2")))
	href := htmlUnescape(regexpFind(t, page.body, `<a href="([^"]+)">Continue with MyOIDC</a>`))
	if r := newBrowser(t).get(p.URL + href); r.location == nil || !strings.HasPrefix(r.location.String(), op.URL) {
		t.Errorf("the provider link went to %v", r.location)
	}

	// Federated users have no password sign-in.
	_, err = p.Admin().InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &p.clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "MyOIDC_id1", "PASSWORD": "Whatever1!"}})
	var na *types.NotAuthorizedException
	if !errors.As(err, &na) {
		t.Errorf("InitiateAuth for a federated user: %v, want NotAuthorizedException", err)
	}
}

func TestFederationOIDCRefusals(t *testing.T) {
	p := newFedPool(t)
	op := newOpenIDProvider(t, p.URL+"/oauth2/idpresponse")
	op.Aliases["cognito-aud"] = "other"
	op.Aliases["cognito-nonce"] = "cognito"
	p.addProvider(t, op.oidcProvider("WrongAud", "cognito-aud", nil))
	p.addProvider(t, op.oidcProvider("WrongNonce", "cognito-nonce", nil))
	noScope := op.oidcProvider("NoScope", "cognito", nil)
	noScope.ProviderDetails["authorize_scopes"] = ","
	p.addProvider(t, noScope)
	badSecret := op.oidcProvider("BadSecret", "cognito", nil)
	badSecret.ProviderDetails["client_secret"] = "not-the-secret"
	p.addProvider(t, badSecret)

	q := p.signInError(t, op, "identity_provider", "WrongAud", "test-user@127.0.0.1")
	if q.Get("error") != "invalid_request" || !strings.Contains(q.Get("error_description"), "WrongAud Error") ||
		!strings.Contains(q.Get("error_description"), "audience") {
		t.Errorf("wrong audience: %v", q)
	}
	q = p.signInError(t, op, "identity_provider", "WrongNonce", "test-user@127.0.0.1")
	if q.Get("error") != "invalid_request" || !strings.Contains(q.Get("error_description"), "nonce") {
		t.Errorf("wrong nonce: %v", q)
	}
	// The provider refuses a request without scopes with its own error redirect.
	q = p.signInError(t, op, "identity_provider", "NoScope", "test-user@127.0.0.1")
	if q.Get("error") != "invalid_request" || !strings.HasPrefix(q.Get("error_description"), "NoScope Error - invalid_request") {
		t.Errorf("provider error: %v", q)
	}
	// Its token endpoint refuses a wrong client secret.
	q = p.signInError(t, op, "identity_provider", "BadSecret", "test-user@127.0.0.1")
	if q.Get("error") != "invalid_request" || !strings.HasPrefix(q.Get("error_description"), "BadSecret Error - 401") {
		t.Errorf("token endpoint error: %v", q)
	}
	users, err := p.Admin().ListUsers(ctx, &cip.ListUsersInput{UserPoolId: &p.UserPoolID})
	if err != nil {
		t.Fatal(err)
	}
	if len(users.Users) != 0 {
		t.Errorf("refused sign-ins created users: %v", users.Users)
	}
	// An unknown identifier and a provider the client does not offer are error redirects too.
	r := newBrowser(t).get(p.authorizeURL("idp_identifier", "nobody.example"))
	if q := callbackQuery(t, r); q.Get("error") != "invalid_request" {
		t.Errorf("unknown identifier: %v", q)
	}
}

// TestFederationStateReplay: the provider's answer finishes one sign-in only.
func TestFederationStateReplay(t *testing.T) {
	p := newFedPool(t)
	op := newOpenIDProvider(t, p.URL+"/oauth2/idpresponse")
	p.addProvider(t, op.oidcProvider("MyOIDC", "cognito", nil))
	b := newBrowser(t)
	var idpResponse string
	r := b.get(p.authorizeURL("identity_provider", "MyOIDC"))
	for i := 0; i < 20 && r.location != nil; i++ {
		target := r.location
		if !target.IsAbs() {
			target = mustURL(t, op.URL).ResolveReference(target)
		}
		if strings.HasPrefix(target.String(), p.URL+"/oauth2/idpresponse") {
			idpResponse = target.String()
			break
		}
		r = b.get(target.String())
		if r.status == http.StatusOK {
			id := regexpFind(t, r.body, `name="id" value="([^"]+)"`)
			r = b.post(op.URL+"/login/username", url.Values{"id": {htmlUnescape(id)}, "username": {"test-user2"}, "password": {"verysecure"}})
		}
	}
	if idpResponse == "" {
		t.Fatal("the provider never sent the browser back")
	}
	if q := callbackQuery(t, b.get(idpResponse)); q.Get("code") == "" {
		t.Fatalf("first answer: %v", q)
	}
	if again := newBrowser(t).get(idpResponse); again.status != http.StatusBadRequest || again.location != nil {
		t.Errorf("a replayed provider answer got %d %v", again.status, again.location)
	}
}

func TestFederationGoogleTypeAgainstOP(t *testing.T) {
	p := newFedPool(t)
	op := newOpenIDProvider(t, p.URL+"/oauth2/idpresponse")
	p.addProvider(t, cip.CreateIdentityProviderInput{
		ProviderName: aws.String("Google"), ProviderType: types.IdentityProviderTypeTypeGoogle,
		ProviderDetails: map[string]string{"client_id": "cognito", "client_secret": "op-secret", "authorize_scopes": "openid email profile",
			"authorize_url": op.endpoint("authorization_endpoint"), "token_url": op.endpoint("token_endpoint"),
			"oidc_issuer": op.URL, "jwks_uri": op.endpoint("jwks_uri")},
	})
	c := p.signInWith(t, op, "identity_provider", "Google", "test-user2")
	if c["cognito:username"] != "Google_id2" {
		t.Errorf("claims = %v", c)
	}
	ids, _ := c["identities"].([]any)
	if len(ids) != 1 || ids[0].(map[string]any)["providerType"] != "Google" || ids[0].(map[string]any)["issuer"] != nil {
		t.Errorf("identities = %v", c["identities"])
	}
	if groups, _ := c["cognito:groups"].([]any); !slices.Contains(groups, any(p.UserPoolID+"_Google")) {
		t.Errorf("groups = %v", c["cognito:groups"])
	}
}

func TestFederationLinkAndDisable(t *testing.T) {
	p := newFedPool(t)
	op := newOpenIDProvider(t, p.URL+"/oauth2/idpresponse")
	p.addProvider(t, op.oidcProvider("MyOIDC", "cognito", map[string]string{"email": "email"}))
	p.CreateUser(t, "alice@example.com", "Passw0rd!long", nil)
	admin := p.Admin()
	link := &cip.AdminLinkProviderForUserInput{UserPoolId: &p.UserPoolID,
		DestinationUser: &types.ProviderUserIdentifierType{ProviderName: aws.String("Cognito"), ProviderAttributeValue: aws.String("alice@example.com")},
		SourceUser: &types.ProviderUserIdentifierType{ProviderName: aws.String("MyOIDC"), ProviderAttributeName: aws.String("Cognito_Subject"),
			ProviderAttributeValue: aws.String("id2")}}
	if _, err := admin.AdminLinkProviderForUser(ctx, link); err != nil {
		t.Fatal(err)
	}
	c := p.signInWith(t, op, "identity_provider", "MyOIDC", "test-user2")
	if c["email"] != "alice@example.com" || strings.HasPrefix(c["cognito:username"].(string), "MyOIDC_") {
		t.Errorf("a linked identity signed in as %v, want alice", c)
	}
	if groups, _ := c["cognito:groups"].([]any); slices.Contains(groups, any(p.UserPoolID+"_MyOIDC")) {
		t.Errorf("a linked user joined the auto group: %v", groups)
	}
	ids, _ := c["identities"].([]any)
	if len(ids) != 1 || ids[0].(map[string]any)["userId"] != "id2" || ids[0].(map[string]any)["primary"] != "false" {
		t.Errorf("linked identities = %v", c["identities"])
	}

	// Disabling the provider for the identity unlinks it: the next sign-in is a new user.
	disable := &cip.AdminDisableProviderForUserInput{UserPoolId: &p.UserPoolID, User: &types.ProviderUserIdentifierType{
		ProviderName: aws.String("MyOIDC"), ProviderAttributeName: aws.String("Cognito_Subject"), ProviderAttributeValue: aws.String("id2")}}
	if _, err := admin.AdminDisableProviderForUser(ctx, disable); err != nil {
		t.Fatal(err)
	}
	c = p.signInWith(t, op, "identity_provider", "MyOIDC", "test-user2")
	if c["cognito:username"] != "MyOIDC_id2" {
		t.Errorf("after unlinking, signed in as %v", c["cognito:username"])
	}
	// Disabling it again disables that federated user.
	if _, err := admin.AdminDisableProviderForUser(ctx, disable); err != nil {
		t.Fatal(err)
	}
	q := p.signInError(t, op, "identity_provider", "MyOIDC", "test-user2")
	if !strings.Contains(q.Get("error_description"), "disabled") {
		t.Errorf("disabled provider user: %v", q)
	}
	// A link to a federated user that exists is refused.
	if _, err := admin.AdminLinkProviderForUser(ctx, link); err == nil {
		t.Error("linking an identity whose federated user exists succeeded")
	}
}

func TestIdentityProviderOperations(t *testing.T) {
	p := newFedPool(t)
	op := newOpenIDProvider(t, p.URL+"/oauth2/idpresponse")
	admin := p.Admin()
	pool := &p.UserPoolID
	p.addProvider(t, op.oidcProvider("MyOIDC", "cognito", nil, "example.com"))
	facebook := p.addProvider(t, cip.CreateIdentityProviderInput{ProviderName: aws.String("Facebook"), ProviderType: types.IdentityProviderTypeTypeFacebook,
		ProviderDetails: map[string]string{"client_id": "fb", "client_secret": "fbsecret", "authorize_scopes": "public_profile, email", "api_version": "v17.0"}})
	want := map[string]string{"attributes_url": "https://graph.facebook.com/v17.0/me?fields=", "attributes_url_add_attributes": "true",
		"authorize_url": "https://www.facebook.com/v17.0/dialog/oauth", "token_request_method": "GET",
		"token_url": "https://graph.facebook.com/v17.0/oauth/access_token"}
	for k, v := range want {
		if facebook.ProviderDetails[k] != v {
			t.Errorf("Facebook %s = %q, want %q", k, facebook.ProviderDetails[k], v)
		}
	}
	apple := p.addProvider(t, cip.CreateIdentityProviderInput{ProviderName: aws.String("SignInWithApple"), ProviderType: types.IdentityProviderTypeTypeSignInWithApple,
		ProviderDetails: map[string]string{"client_id": "com.example.web", "team_id": "TEAM123456", "key_id": "KEY1234567",
			"private_key": testApplePrivateKey(t), "authorize_scopes": "email name"}})
	if _, ok := apple.ProviderDetails["private_key"]; ok || apple.ProviderDetails["oidc_issuer"] != "https://appleid.apple.com" {
		t.Errorf("Apple details = %v", apple.ProviderDetails)
	}
	d, err := admin.DescribeIdentityProvider(ctx, &cip.DescribeIdentityProviderInput{UserPoolId: pool, ProviderName: aws.String("SignInWithApple")})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.IdentityProvider.ProviderDetails["private_key"]; ok {
		t.Error("Describe returned private_key")
	}
	for name, k := range map[string]string{"Google": "https://people.googleapis.com/v1/people/me?personFields=", "LoginWithAmazon": "https://api.amazon.com/user/profile"} {
		out, err := admin.CreateIdentityProvider(ctx, &cip.CreateIdentityProviderInput{UserPoolId: pool, ProviderName: aws.String(name),
			ProviderType: types.IdentityProviderTypeType(name), ProviderDetails: map[string]string{"client_id": "x", "client_secret": "y", "authorize_scopes": "profile"}})
		if err != nil {
			t.Fatal(err)
		}
		if out.IdentityProvider.ProviderDetails["attributes_url"] != k {
			t.Errorf("%s attributes_url = %q", name, out.IdentityProvider.ProviderDetails["attributes_url"])
		}
	}
	list, err := admin.ListIdentityProviders(ctx, &cip.ListIdentityProvidersInput{UserPoolId: pool})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, pr := range list.Providers {
		names = append(names, aws.ToString(pr.ProviderName))
	}
	if strings.Join(names, ",") != "Facebook,Google,LoginWithAmazon,MyOIDC,SignInWithApple" {
		t.Errorf("ListIdentityProviders = %v", names)
	}
	byID, err := admin.GetIdentityProviderByIdentifier(ctx, &cip.GetIdentityProviderByIdentifierInput{UserPoolId: pool, IdpIdentifier: aws.String("example.com")})
	if err != nil || aws.ToString(byID.IdentityProvider.ProviderName) != "MyOIDC" {
		t.Errorf("GetIdentityProviderByIdentifier = %v, %v", byID, err)
	}

	refusals := map[string]cip.CreateIdentityProviderInput{
		"duplicate":          op.oidcProvider("MyOIDC", "cognito", nil),
		"plain http":         {ProviderName: aws.String("Plain"), ProviderType: types.IdentityProviderTypeTypeOidc, ProviderDetails: map[string]string{"client_id": "a", "attributes_request_method": "GET", "oidc_issuer": "http://idp.example.com", "authorize_scopes": "openid"}},
		"social name":        {ProviderName: aws.String("MyGoogle"), ProviderType: types.IdentityProviderTypeTypeGoogle, ProviderDetails: map[string]string{"client_id": "a", "client_secret": "b", "authorize_scopes": "openid"}},
		"missing key":        {ProviderName: aws.String("Facebook2"), ProviderType: types.IdentityProviderTypeTypeOidc, ProviderDetails: map[string]string{"client_id": "a"}},
		"unknown key":        {ProviderName: aws.String("Odd"), ProviderType: types.IdentityProviderTypeTypeOidc, ProviderDetails: map[string]string{"client_id": "a", "attributes_request_method": "GET", "oidc_issuer": op.URL, "authorize_scopes": "openid", "colour": "blue"}},
		"taken identifier":   op.oidcProvider("Other", "cognito", nil, "EXAMPLE.com"),
		"unreachable issuer": {ProviderName: aws.String("Gone"), ProviderType: types.IdentityProviderTypeTypeOidc, ProviderDetails: map[string]string{"client_id": "a", "attributes_request_method": "GET", "oidc_issuer": "http://127.0.0.1:1", "authorize_scopes": "openid"}},
	}
	for name, in := range refusals {
		in.UserPoolId = pool
		_, err := admin.CreateIdentityProvider(ctx, &in)
		var dup *types.DuplicateProviderException
		var inv *types.InvalidParameterException
		if name == "duplicate" && !errors.As(err, &dup) || name != "duplicate" && !errors.As(err, &inv) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A client may only offer providers the pool has.
	_, err = admin.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: pool, ClientName: aws.String("c"),
		SupportedIdentityProviders: []string{"COGNITO", "Nobody"}})
	var inv *types.InvalidParameterException
	if !errors.As(err, &inv) {
		t.Errorf("client with an unknown provider: %v", err)
	}
	if _, err := admin.DeleteIdentityProvider(ctx, &cip.DeleteIdentityProviderInput{UserPoolId: pool, ProviderName: aws.String("MyOIDC")}); err != nil {
		t.Fatal(err)
	}
	desc, err := admin.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: pool, ClientId: &p.clientID})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(desc.UserPoolClient.SupportedIdentityProviders, "MyOIDC") {
		t.Error("the client still offers a deleted provider")
	}
	var nf *types.ResourceNotFoundException
	if _, err := admin.DescribeIdentityProvider(ctx, &cip.DescribeIdentityProviderInput{UserPoolId: pool, ProviderName: aws.String("MyOIDC")}); !errors.As(err, &nf) {
		t.Errorf("describe a deleted provider: %v", err)
	}
}

// TestFederationMappedAttributesMustBeWritable: a mapping onto an attribute
// the app client may not write fails the sign-in with an error redirect
// (reference §3.4) and creates no user.
func TestFederationMappedAttributesMustBeWritable(t *testing.T) {
	p := newFedPool(t)
	op := newOpenIDProvider(t, p.URL+"/oauth2/idpresponse")
	p.addProvider(t, op.oidcProvider("MyOIDC", "cognito", map[string]string{"email": "email", "name": "name"}))
	admin := p.Admin()
	desc, err := admin.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: &p.UserPoolID, ClientId: &p.clientID})
	if err != nil {
		t.Fatal(err)
	}
	c := desc.UserPoolClient
	update := func(write []string) {
		t.Helper()
		if _, err := admin.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: &p.UserPoolID, ClientId: &p.clientID,
			ClientName: c.ClientName, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: c.AllowedOAuthFlows,
			AllowedOAuthScopes: c.AllowedOAuthScopes, CallbackURLs: c.CallbackURLs, LogoutURLs: c.LogoutURLs,
			ExplicitAuthFlows: c.ExplicitAuthFlows, SupportedIdentityProviders: c.SupportedIdentityProviders, WriteAttributes: write}); err != nil {
			t.Fatal(err)
		}
	}
	update([]string{"email"})
	q := p.signInError(t, op, "identity_provider", "MyOIDC", "test-user@127.0.0.1")
	if q.Get("error") != "invalid_request" || !strings.Contains(q.Get("error_description"), "cannot write name") {
		t.Errorf("a mapping onto an attribute the client cannot write: %v", q)
	}
	if users, err := admin.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: &p.UserPoolID}); err != nil || len(users.Users) != 0 {
		t.Errorf("the refused sign-in left users: %v %v", users, err)
	}
	update([]string{"email", "name"})
	if got := p.signInWith(t, op, "identity_provider", "MyOIDC", "test-user@127.0.0.1"); got["name"] != "Test User" {
		t.Errorf("with name writable: %v", got)
	}
}
