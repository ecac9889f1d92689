package localpool_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// standInPool is a pool with the stand-in identity providers on, whose
// default client offers them through the hosted UI, as `cognitowasm serve`
// sets it up.
func newStandInPool(t *testing.T) *fedPool {
	t.Helper()
	p := localpooltest.NewWithOptions(t, localpooltest.Options{Clock: time.Now, StandIn: true})
	admin := p.Admin()
	if _, err := admin.CreateUserPoolDomain(ctx, &cip.CreateUserPoolDomainInput{Domain: aws.String(testDomain), UserPoolId: &p.UserPoolID}); err != nil {
		t.Fatal(err)
	}
	desc, err := admin.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: &p.UserPoolID, ClientId: &p.ClientID})
	if err != nil {
		t.Fatal(err)
	}
	c := desc.UserPoolClient
	if _, err := admin.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: &p.UserPoolID, ClientId: &p.ClientID,
		ClientName: c.ClientName, ExplicitAuthFlows: c.ExplicitAuthFlows, WriteAttributes: c.WriteAttributes, ReadAttributes: c.ReadAttributes,
		AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: []types.OAuthFlowType{types.OAuthFlowTypeCode},
		AllowedOAuthScopes: []string{"openid", "email", "profile", "aws.cognito.signin.user.admin"},
		CallbackURLs:       []string{callbackURL}, LogoutURLs: []string{signOutURL},
		SupportedIdentityProviders: c.SupportedIdentityProviders}); err != nil {
		t.Fatal(err)
	}
	return &fedPool{&hostedPool{Pool: p, clientID: p.ClientID, oauth: oauthConfig(p, p.ClientID, "")}}
}

// standInProviders are the providers the stand-in registers and the shape
// of the user IDs each gives (reference §3.1).
var standInProviders = []struct {
	name, providerType, label string
	userID                    *regexp.Regexp
}{
	{"Google", "Google", "Google", regexp.MustCompile(`^1\d{20}$`)},
	{"Facebook", "Facebook", "Facebook", regexp.MustCompile(`^1\d{16}$`)},
	{"LoginWithAmazon", "LoginWithAmazon", "Login with Amazon", regexp.MustCompile(`^amzn1\.account\.[A-Z2-7]{28}$`)},
	{"SignInWithApple", "SignInWithApple", "Sign in with Apple", regexp.MustCompile(`^000\d{3}\.[0-9a-f]{32}\.\d{4}$`)},
	{"StandInOIDC", "OIDC", "an OpenID Connect provider", regexp.MustCompile(`^[0-9a-f]{32}$`)},
	{"StandInSAML", "SAML", "a SAML identity provider", regexp.MustCompile(`^[a-z]+@example\.com$`)},
}

// standInSignIn signs in through the stand-in and returns the redirect to
// the app, as the browser helpers here see it, and the stand-in page.
func (p *fedPool) standInSignIn(t *testing.T, authURL string, choice url.Values) (*response, string) {
	t.Helper()
	back, page := p.StandInSignIn(t, authURL, choice)
	return &response{status: http.StatusFound, location: back}, page
}

func TestStandInEveryProviderType(t *testing.T) {
	p := newStandInPool(t)
	admin := p.Admin()
	desc, err := admin.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: &p.UserPoolID, ClientId: &p.ClientID})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"COGNITO"}
	for _, sp := range standInProviders {
		want = append(want, sp.name)
	}
	if got := desc.UserPoolClient.SupportedIdentityProviders; !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Errorf("the default client offers %v, want %v", got, want)
	}
	// The hosted /login page offers every stand-in provider.
	login := newBrowser(t).follow(p.URL, newBrowser(t).get(p.oauth.AuthCodeURL("st-1")))
	for _, sp := range standInProviders {
		if !strings.Contains(login.body, "identity_provider="+sp.name) {
			t.Errorf("/login has no link to %s:\n%s", sp.name, login.body)
		}
	}

	for _, sp := range standInProviders {
		t.Run(sp.name, func(t *testing.T) {
			back, page := p.standInSignIn(t, p.authorizeURL("identity_provider", sp.name), url.Values{"identity": {"0"}})
			for _, s := range []string{"<title>Local stand-in for " + sp.label + "</title>", "this is not " + sp.label,
				`<label for="standin-email">`, `<label for="standin-name">`, `name="viewport"`, `id="standin-demo-0"`, "ada@example.com"} {
				if !strings.Contains(page, s) {
					t.Errorf("the stand-in page lacks %q", s)
				}
			}
			c := p.claimsAfter(t, back)
			username, _ := c["cognito:username"].(string)
			userID, ok := strings.CutPrefix(username, sp.name+"_")
			if !ok || !sp.userID.MatchString(userID) {
				t.Errorf("cognito:username = %q, want %s_<%s>", username, sp.name, sp.userID)
			}
			if c["email"] != "ada@example.com" {
				t.Errorf("email = %v", c["email"])
			}
			if sp.providerType != "SignInWithApple" && c["name"] != "Ada Lovelace" {
				t.Errorf("name = %v (attribute mapping)", c["name"])
			}
			ids, _ := c["identities"].([]any)
			if len(ids) != 1 {
				t.Fatalf("identities = %v", c["identities"])
			}
			id := ids[0].(map[string]any)
			if !strings.EqualFold(id["userId"].(string), userID) || id["providerName"] != sp.name || id["providerType"] != sp.providerType || id["primary"] != "true" {
				t.Errorf("identities = %v", id)
			}
			groups, _ := c["cognito:groups"].([]any)
			if !slices.Contains(groups, any(p.UserPoolID+"_"+sp.name)) {
				t.Errorf("cognito:groups = %v, want %s_%s", groups, p.UserPoolID, sp.name)
			}

			// The same identity comes back as the same user; a typed one is another.
			again, _ := p.standInSignIn(t, p.authorizeURL("identity_provider", sp.name), url.Values{"identity": {"0"}})
			if c2 := p.claimsAfter(t, again); c2["cognito:username"] != username {
				t.Errorf("a second sign-in is %v, want %s", c2["cognito:username"], username)
			}
			typed, _ := p.standInSignIn(t, p.authorizeURL("identity_provider", sp.name),
				url.Values{"email": {"sam@example.com"}, "name": {"Sam Typed"}})
			c3 := p.claimsAfter(t, typed)
			if c3["cognito:username"] == username || c3["email"] != "sam@example.com" {
				t.Errorf("a typed identity signed in as %v (%v)", c3["cognito:username"], c3["email"])
			}
			if sp.providerType != "SignInWithApple" && c3["name"] != "Sam Typed" {
				t.Errorf("typed name = %v", c3["name"])
			}
		})
	}
	users, err := admin.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: &p.UserPoolID})
	if err != nil {
		t.Fatal(err)
	}
	if len(users.Users) != 2*len(standInProviders) {
		t.Errorf("%d users, want two per provider", len(users.Users))
	}
}

// The hosted UI also answers on its domain under .localhost; the stand-in
// sends the browser back to the name it came by.
func TestStandInOnTheDomainName(t *testing.T) {
	p := newStandInPool(t)
	base := "http://" + testDomain + ".localhost:" + mustURL(t, p.URL).Port()
	for _, provider := range []string{"StandInOIDC", "SignInWithApple", "StandInSAML"} {
		authURL := strings.Replace(p.authorizeURL("identity_provider", provider), p.URL, base, 1)
		back, _ := p.standInSignIn(t, authURL, url.Values{"identity": {"1"}})
		if c := p.claimsAfter(t, back); c["email"] != "grace@example.com" {
			t.Errorf("%s on %s: claims %v", provider, base, c)
		}
	}
}

func TestStandInRefusesBadInput(t *testing.T) {
	p := newStandInPool(t)
	for _, provider := range []string{"Google", "StandInSAML"} {
		b := newBrowser(t)
		r := b.follow(p.URL, b.get(p.authorizeURL("identity_provider", provider)))
		for i := 0; i < 5 && r.location != nil; i++ {
			r = b.follow(p.URL, b.get(mustURL(t, p.URL).ResolveReference(r.location).String()))
		}
		if !strings.Contains(r.body, `id="standin-notice"`) {
			t.Fatalf("%s: no stand-in page: %d\n%s", provider, r.status, r.body)
		}
		action, fields := formOf(t, r.body)
		fields.Set("email", "not-an-email")
		bad := b.post(mustURL(t, p.URL).ResolveReference(mustURL(t, action)).String(), fields)
		if bad.status != http.StatusBadRequest || !strings.Contains(bad.body, `role="alert"`) || !strings.Contains(bad.body, `id="standin-notice"`) {
			t.Errorf("%s: a bad email got %d:\n%s", provider, bad.status, bad.body)
		}
		fields.Del("email")
		fields.Set("identity", "99")
		if bad := b.post(mustURL(t, p.URL).ResolveReference(mustURL(t, action)).String(), fields); bad.status != http.StatusBadRequest {
			t.Errorf("%s: an unknown demo identity got %d", provider, bad.status)
		}
	}
	// Cancelling at the stand-in is the provider's error page: the app gets
	// Cognito's error redirect.
	b := newBrowser(t)
	r := b.get(p.authorizeURL("identity_provider", "StandInOIDC"))
	for i := 0; i < 5 && r.location != nil; i++ {
		r = b.get(mustURL(t, p.URL).ResolveReference(r.location).String())
	}
	action, fields := formOf(t, r.body)
	fields.Set("cancel", "1")
	back := b.follow(p.URL, b.post(mustURL(t, p.URL).ResolveReference(mustURL(t, action)).String(), fields))
	q := callbackQuery(t, back)
	if q.Get("error") != "invalid_request" || !strings.HasPrefix(q.Get("error_description"), "StandInOIDC Error - access_denied") || q.Get("state") != "st-1" {
		t.Errorf("cancel: %v", q)
	}
	// Unknown sign-in requests and tokens are refused with 4xx.
	for _, path := range []string{"/login?authRequestID=nope", "/facebook/v17.0/me?fields=id,email", "/amazon/user/profile",
		"/facebook/v17.0/oauth/access_token?code=x&client_id=standin-facebook&client_secret=y&redirect_uri=z"} {
		resp, err := http.Get(p.URL + localpool.StandInPath + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 4 {
			t.Errorf("GET %s: %d, want 4xx", path, resp.StatusCode)
		}
	}
}

func TestStandInOffUnlessEnabled(t *testing.T) {
	p := localpooltest.New(t)
	resp, err := http.Get(p.URL + localpool.StandInPath + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("the stand-in answers on a pool that did not enable it: %d", resp.StatusCode)
	}
	out, err := p.Admin().ListIdentityProviders(ctx, &cip.ListIdentityProvidersInput{UserPoolId: &p.UserPoolID, MaxResults: aws.Int32(60)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Providers) != 0 {
		t.Errorf("a pool without the stand-in has providers: %v", out.Providers)
	}
	if err := p.Server.EnableStandIn("http://example.com"); err == nil {
		t.Error("the stand-in started on a non-loopback base")
	}
}

func TestStandInRestart(t *testing.T) {
	dir := t.TempDir()
	start := func() (*localpool.Server, *httptest.Server) {
		srv, err := localpool.Open(localpool.Options{DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(srv)
		if err := srv.EnableStandIn(hs.URL); err != nil {
			t.Fatal(err)
		}
		return srv, hs
	}
	srv, hs := start()
	poolID, _ := srv.DefaultPool()
	admin := (&localpooltest.Pool{URL: hs.URL, Region: "us-east-1"}).Admin()
	if _, err := admin.DeleteIdentityProvider(ctx, &cip.DeleteIdentityProviderInput{UserPoolId: &poolID, ProviderName: aws.String("Facebook")}); err != nil {
		t.Fatal(err)
	}
	hs.Close()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}

	srv, hs = start()
	defer func() { hs.Close(); srv.Close() }()
	admin = (&localpooltest.Pool{URL: hs.URL, Region: "us-east-1"}).Admin()
	out, err := admin.ListIdentityProviders(ctx, &cip.ListIdentityProvidersInput{UserPoolId: &poolID, MaxResults: aws.Int32(60)})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range out.Providers {
		names = append(names, aws.ToString(p.ProviderName))
	}
	if want := []string{"Google", "LoginWithAmazon", "SignInWithApple", "StandInOIDC", "StandInSAML"}; !slices.Equal(names, want) {
		t.Errorf("after a restart the providers are %v, want %v (a deleted one stays deleted)", names, want)
	}
	google, err := admin.DescribeIdentityProvider(ctx, &cip.DescribeIdentityProviderInput{UserPoolId: &poolID, ProviderName: aws.String("Google")})
	if err != nil {
		t.Fatal(err)
	}
	if got := google.IdentityProvider.ProviderDetails["authorize_url"]; !strings.HasPrefix(got, hs.URL+localpool.StandInPath+"/") {
		t.Errorf("after a restart Google's authorize_url is %s, want this run's stand-in at %s", got, hs.URL)
	}
}

// TestStandInSAMLSignOut: the stand-in SAML provider is registered with
// IDPSignout, so /logout signs the user out at samlidp too, and the next
// sign-in shows the stand-in page again.
func TestStandInSAMLSignOut(t *testing.T) {
	p := newStandInPool(t)
	b := p.NewBrowser(t)
	back, _ := b.StandInSignIn(t, p.authorizeURL("identity_provider", "StandInSAML"), url.Values{"identity": {"0"}})
	if c := p.claimsAfter(t, &response{status: http.StatusFound, location: back}); c["cognito:username"] != "StandInSAML_ada@example.com" {
		t.Fatalf("claims %v", c)
	}
	out := b.Follow(t, p.URL+"/logout?"+url.Values{"client_id": {p.clientID}, "logout_uri": {signOutURL}}.Encode())
	if out.String() != signOutURL {
		t.Fatalf("the sign-out ended at %s", out)
	}
	// Signed out at the pool and at samlidp: the stand-in page comes again.
	if _, page := b.StandInSignIn(t, p.authorizeURL("identity_provider", "StandInSAML"), url.Values{"identity": {"1"}}); page == "" {
		t.Error("after the sign-out the SAML IdP signed the user in without its page")
	}
}
