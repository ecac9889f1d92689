//go:build !js

package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/chromedp/chromedp"

	"github.com/cognitowasm/cognitowasm/internal/testidp"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// createProvider makes an identity provider in the site's pool.
func createProvider(t *testing.T, pool *localpooltest.Pool, in cip.CreateIdentityProviderInput) {
	t.Helper()
	in.UserPoolId = &pool.UserPoolID
	if _, err := pool.Admin().CreateIdentityProvider(context.Background(), &in); err != nil {
		t.Fatalf("CreateIdentityProvider %s: %v", aws.ToString(in.ProviderName), err)
	}
}

// addOIDCProvider registers zitadel/oidc's OP as the OIDC provider MyOIDC.
func addOIDCProvider(t *testing.T, pool *localpooltest.Pool) {
	t.Helper()
	op := testidp.NewOpenIDProvider(t, pool.URL+"/oauth2/idpresponse")
	createProvider(t, pool, cip.CreateIdentityProviderInput{ProviderName: aws.String("MyOIDC"), ProviderType: types.IdentityProviderTypeTypeOidc,
		AttributeMapping: map[string]string{"email": "email", "name": "name"},
		ProviderDetails: map[string]string{"client_id": "cognito", "client_secret": testidp.ClientSecret, "attributes_request_method": "GET",
			"oidc_issuer": op.URL, "authorize_scopes": "openid email profile"}})
}

// addSAMLProvider registers crewjam/saml's samlidp as the SAML provider CorpSAML.
func addSAMLProvider(t *testing.T, pool *localpooltest.Pool) {
	t.Helper()
	idp := testidp.NewSAMLIdP(t, pool.UserPoolID, pool.URL+"/saml2/idpresponse")
	createProvider(t, pool, cip.CreateIdentityProviderInput{ProviderName: aws.String("CorpSAML"), ProviderType: types.IdentityProviderTypeTypeSaml,
		ProviderDetails:  map[string]string{"MetadataURL": idp.URL + "/metadata"},
		AttributeMapping: map[string]string{"email": "urn:oid:0.9.2342.19200300.100.1.3", "given_name": "givenName"}})
}

// addSocialProviders registers the four social types. Their buttons are
// what is checked here; the sign-ins themselves are the pool's tests'.
func addSocialProviders(t *testing.T, pool *localpooltest.Pool) {
	t.Helper()
	for _, name := range []string{"Google", "Facebook", "LoginWithAmazon"} {
		createProvider(t, pool, cip.CreateIdentityProviderInput{ProviderName: aws.String(name), ProviderType: types.IdentityProviderTypeType(name),
			ProviderDetails: map[string]string{"client_id": "app", "client_secret": "secret", "authorize_scopes": "profile email"}})
	}
	createProvider(t, pool, cip.CreateIdentityProviderInput{ProviderName: aws.String("SignInWithApple"), ProviderType: types.IdentityProviderTypeTypeSignInWithApple,
		ProviderDetails: map[string]string{"client_id": "com.example.web", "team_id": "TEAM123456", "key_id": "KEY1234567",
			"private_key": testidp.ApplePrivateKey(t), "authorize_scopes": "email name"}})
}

// TestBrowserFederationOIDC: the sign-in page shows a button per provider
// of the pool in each provider's words; "Continue with MyOIDC" goes through
// the hosted UI to zitadel/oidc's OP and back to the home page signed in as
// MyOIDC_id1; the account page lists the linked sign-in and has no password
// features; the inspector reads the identities claim.
func TestBrowserFederationOIDC(t *testing.T) {
	s := newFederatedSite(t, func(pool *localpooltest.Pool, _ string) {
		addSocialProviders(t, pool)
		addOIDCProvider(t, pool)
		addSAMLProvider(t, pool)
	}, nil)
	b := newBrowser(t)
	b.open(s.URL + "/signin")
	b.do("waiting for the provider buttons", pollAcross("the provider buttons", `document.querySelectorAll("button.provider").length === 6`))
	got := eval[[]string](b, `[...document.querySelectorAll("button.provider")].map(e => e.id + ": " + e.innerText.trim())`)
	want := []string{
		"signin-provider-Google: Continue with Google",
		"signin-provider-Facebook: Continue with Facebook",
		"signin-provider-LoginWithAmazon: Login with Amazon",
		"signin-provider-SignInWithApple: Sign in with Apple",
		"signin-provider-CorpSAML: Continue with CorpSAML",
		"signin-provider-MyOIDC: Continue with MyOIDC",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("provider buttons:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	b.audit("the sign-in page with six providers")
	b.screenshot("signin-providers", 1280)
	b.viewport(390)
	b.fitsWidth("the sign-in page with six providers at 390 px")
	b.audit("the sign-in page with six providers at 390 px")
	b.screenshot("signin-providers", 390)
	b.viewport(1280)

	b.do("signing in at the OpenID Provider",
		clickAway("#signin-provider-MyOIDC"),
		pollAcross("the OP's login form", `document.querySelector("input[name=username]") && location.origin !== `+jsString(s.URL)),
		fillAcross("#username", "test-user@127.0.0.1"),
		fillAcross("#password", testidp.Password),
		clickAway("button[type=submit]"),
		waitPathAcross("/"),
		waitTextAcross("#summary-username", "MyOIDC_id1"),
		waitTextAcross("#summary-who", "test-user@zitadel.ch"),
		waitTextAcross("#summary-groups", s.Pool.UserPoolID+"_MyOIDC"),
	)
	b.checkFederatedAccount("MyOIDC (OIDC)", "id1", "You sign in with MyOIDC")
	b.screenshot("account-federated", 1280)
	b.viewport(390)
	b.fitsWidth("the federated user's account page at 390 px")
	b.screenshot("account-federated", 390)
	b.viewport(1280)
	b.do("reading the identities claim in the inspector",
		chromedp.Navigate(s.URL+"/tokens"),
		waitTextAcross("#id-token-claims", "MyOIDC user id1, created this user, linked "),
	)
	b.audit("the inspector of a federated user")
}

// checkFederatedAccount checks the account page of a user a provider
// created: the linked sign-in, and no password, passkey, MFA or device
// section.
func (b *browser) checkFederatedAccount(provider, userID, intro string) {
	b.t.Helper()
	b.do("opening the account page",
		chromedp.Navigate(strings.TrimSuffix(eval[string](b, `location.origin`), "/")+"/account"),
		waitTextAcross("#identities-list", provider),
		waitTextAcross("#identities-list", userID),
		waitTextAcross("#identities-list", "Linked since "),
		waitTextAcross("#identities-intro", intro),
		pollAcross("the attributes", `document.querySelector("#attributes .attr-row")`),
	)
	for _, sel := range []string{"#change-password", "#passkeys", "#mfa", "#devices"} {
		if eval[bool](b, `!!document.querySelector(`+jsString(sel)+`)`) {
			b.t.Errorf("the federated user's account page shows %s", sel)
		}
	}
	if eval[bool](b, `[...document.querySelectorAll("#attributes .attr-row")].some(r => r.innerText.includes("Linked sign-ins"))`) {
		b.t.Error("the attributes list shows the raw identities attribute")
	}
	b.audit("the federated user's account page")
}

// TestBrowserFederationSAML: "Continue with CorpSAML" goes through the
// hosted UI to crewjam/saml's samlidp, whose signed assertion comes back
// through the pool's ACS to the home page, signed in as CorpSAML_alice.
func TestBrowserFederationSAML(t *testing.T) {
	s := newFederatedSite(t, func(pool *localpooltest.Pool, _ string) { addSAMLProvider(t, pool) }, nil)
	b := newBrowser(t)
	b.open(s.URL + "/signin")
	b.do("signing in at the SAML IdP",
		clickAway("#signin-provider-CorpSAML"),
		pollAcross("the IdP's login form", `document.querySelector("input[name=user]")`),
		fillAcross("input[name=user]", testidp.SAMLUser),
		fillAcross("input[name=password]", testidp.SAMLPassword),
		clickAway("input[type=submit], button[type=submit]"),
		waitPathAcross("/"),
		waitTextAcross("#summary-username", "CorpSAML_alice"),
		waitTextAcross("#summary-who", "alice@corp.example"),
	)
	b.checkFederatedAccount("CorpSAML (SAML)", "alice", "You sign in with CorpSAML")
}

// TestBrowserStandInDemo: the offline demo of `make run`. `cognitowasm
// serve` starts the app and a fresh local pool with its stand-in identity
// providers; "Continue with Google" on the app's sign-in page goes to the
// stand-in for Google, whose demo identity comes back signed in as
// Google_<its 21-digit id>, and so does the stand-in SAML provider.
func TestBrowserStandInDemo(t *testing.T) {
	requireChromium(t)
	appURL := startServe(t).appURL

	b := newBrowser(t)
	b.open(appURL + "/signin")
	b.do("waiting for the stand-ins' buttons", pollAcross("six provider buttons", `document.querySelectorAll("button.provider").length === 6`))
	b.do("continuing with Google",
		clickAway("#signin-provider-Google"),
		pollAcross("the stand-in's page", `document.querySelector("#standin-notice")`),
		waitTextAcross("#standin-notice", "Local stand-in for Google"),
	)
	b.audit("the stand-in for Google")
	b.shotAt("standin-google", 390)
	b.screenshot("standin-google", 1280)
	b.do("picking the first demo identity",
		clickAway("#standin-demo-0"),
		waitPathAcross("/"),
		waitTextAcross("#summary-who", "ada@example.com"),
	)
	if who := b.text("#summary-username"); !regexp.MustCompile(`^Google_1\d{20}$`).MatchString(who) {
		t.Errorf("signed in as %q, want Google_<21 digits>", who)
	}
	b.checkFederatedAccount("Google", "Linked since ", "You sign in with Google")

	b.do("signing out, then in with the stand-in SAML provider and a typed identity",
		clickAway("#signout"),
		waitPathAcross("/"),
		chromedp.Navigate(appURL+"/signin"),
		clickAway("#signin-provider-StandInSAML"),
		pollAcross("the stand-in's page", `document.querySelector("#standin-email")`),
		fillAcross("#standin-email", "sam@example.com"),
		fillAcross("#standin-name", "Sam Example"),
		clickAway("#standin-continue"),
		waitPathAcross("/"),
		waitTextAcross("#summary-username", "StandInSAML_"),
		waitTextAcross("#summary-who", "sam@example.com"),
	)
	b.checkFederatedAccount("StandInSAML (SAML)", "Linked since ", "You sign in with StandInSAML")
}
