package localpool_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"golang.org/x/oauth2"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// The app's callback and sign-out URLs. Nothing listens there: the browser
// below stops at the redirect and the test reads its URL.
const (
	callbackURL = "http://localhost:8123/callback"
	signOutURL  = "http://localhost:8123/"
	testDomain  = "hosted-test"
)

// hostedPool is a local pool with a domain and an OAuth client.
type hostedPool struct {
	*localpooltest.Pool
	clientID string
	oauth    *oauth2.Config
}

func newHostedPool(t *testing.T) *hostedPool {
	t.Helper()
	return newHostedPoolWith(t, localpooltest.Options{})
}

func newHostedPoolWith(t *testing.T, opts localpooltest.Options) *hostedPool {
	t.Helper()
	p := localpooltest.NewWithOptions(t, opts)
	admin := p.Admin()
	if _, err := admin.CreateUserPoolDomain(ctx, &cip.CreateUserPoolDomainInput{Domain: aws.String(testDomain), UserPoolId: &p.UserPoolID}); err != nil {
		t.Fatal(err)
	}
	clientID, _ := p.NewClient(t, oauthClientInput())
	return &hostedPool{Pool: p, clientID: clientID, oauth: oauthConfig(p, clientID, "")}
}

func oauthClientInput() cip.CreateUserPoolClientInput {
	return cip.CreateUserPoolClientInput{
		ClientName:                      aws.String("hosted"),
		AllowedOAuthFlowsUserPoolClient: true,
		AllowedOAuthFlows:               []types.OAuthFlowType{types.OAuthFlowTypeCode, types.OAuthFlowTypeImplicit},
		AllowedOAuthScopes:              []string{"openid", "email", "profile", "aws.cognito.signin.user.admin"},
		CallbackURLs:                    []string{callbackURL},
		LogoutURLs:                      []string{signOutURL},
		SupportedIdentityProviders:      []string{"COGNITO"},
		ExplicitAuthFlows:               []types.ExplicitAuthFlowsType{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
	}
}

func oauthConfig(p *localpooltest.Pool, clientID, secret string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: clientID, ClientSecret: secret, RedirectURL: callbackURL,
		Scopes: []string{"openid", "email", "profile", "aws.cognito.signin.user.admin"},
		Endpoint: oauth2.Endpoint{AuthURL: p.URL + "/oauth2/authorize", TokenURL: p.URL + "/oauth2/token",
			AuthStyle: oauth2.AuthStyleInParams},
	}
}

// browser is an HTTP client with a real cookie jar that shows every redirect
// to the test instead of following it.
type browser struct {
	t      *testing.T
	client *http.Client
}

func newBrowser(t *testing.T) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// response is one answer as the test sees it.
type response struct {
	status   int
	location *url.URL
	body     string
	header   http.Header
}

func (b *browser) do(req *http.Request) *response {
	b.t.Helper()
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := &response{status: resp.StatusCode, body: string(raw), header: resp.Header}
	if loc, err := resp.Location(); err == nil {
		r.location = loc
	}
	return r
}

func (b *browser) get(rawURL string) *response {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

func (b *browser) post(rawURL string, form url.Values) *response {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, rawURL, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// follow follows redirects that stay on the pool and returns the first
// answer that is a page, or a redirect away from the pool.
func (b *browser) follow(base string, r *response) *response {
	b.t.Helper()
	for i := 0; r.location != nil && i < 10; i++ {
		target := r.location
		if !target.IsAbs() {
			u, _ := url.Parse(base)
			target = u.ResolveReference(target)
		}
		if !strings.HasPrefix(target.String(), base) {
			r.location = target
			return r
		}
		r = b.get(target.String())
	}
	return r
}

var (
	csrfPattern   = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	actionPattern = regexp.MustCompile(`<form method="post" action="([^"]+)"`)
)

// submit fills the page's first form with fields and posts it.
func (b *browser) submit(base string, page *response, fields url.Values) *response {
	b.t.Helper()
	csrf := csrfPattern.FindStringSubmatch(page.body)
	action := actionPattern.FindStringSubmatch(page.body)
	if csrf == nil || action == nil {
		b.t.Fatalf("no form on the page (status %d):\n%s", page.status, page.body)
	}
	form := url.Values{"_csrf": {html.UnescapeString(csrf[1])}}
	for k, v := range fields {
		form[k] = v
	}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"_][^"]*)" value="([^"]*)">`).FindAllStringSubmatch(page.body, -1) {
		if form.Get(m[1]) == "" {
			form.Set(m[1], html.UnescapeString(m[2]))
		}
	}
	return b.post(base+html.UnescapeString(action[1]), form)
}

// signIn walks authorize → login form → callback and returns the callback's query.
func (b *browser) signIn(p *hostedPool, authURL, username, password string) url.Values {
	b.t.Helper()
	page := b.follow(p.URL, b.get(authURL))
	if page.status != http.StatusOK || !strings.Contains(page.body, `name="password"`) {
		b.t.Fatalf("expected the login form, got %d %v:\n%s", page.status, page.location, page.body)
	}
	back := b.follow(p.URL, b.submit(p.URL, page, url.Values{"username": {username}, "password": {password}}))
	return callbackQuery(b.t, back)
}

// callbackQuery checks that r is the redirect to the app and returns its query.
func callbackQuery(t *testing.T, r *response) url.Values {
	t.Helper()
	if r.status != http.StatusFound || r.location == nil || !strings.HasPrefix(r.location.String(), callbackURL) {
		t.Fatalf("expected a redirect to the callback, got %d %v:\n%s", r.status, r.location, r.body)
	}
	return r.location.Query()
}

// tokenRequest posts a form to /oauth2/token and decodes the JSON answer.
func tokenRequest(t *testing.T, p *hostedPool, form url.Values, basic ...string) (int, map[string]any) {
	t.Helper()
	resp := postForm(t, p.URL+"/oauth2/token", form, basic...)
	defer resp.Body.Close()
	out := map[string]any{}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("token endpoint answered %d without JSON: %v", resp.StatusCode, err)
	}
	return resp.StatusCode, out
}

func exchangeError(err error) string {
	if re, ok := err.(*oauth2.RetrieveError); ok {
		return re.ErrorCode
	}
	return "not a RetrieveError: " + err.Error()
}

var _ = context.Background

func jsonDecode(resp *http.Response, v any) error { return json.NewDecoder(resp.Body).Decode(v) }

func htmlUnescape(s string) string { return html.UnescapeString(s) }

// regexpFind returns the first group of pattern in s.
func regexpFind(t *testing.T, s, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no %s in:\n%s", pattern, s)
	}
	return m[1]
}

// postForm posts a form as an app's back end would, with an optional Basic header.
func postForm(t *testing.T, endpoint string, form url.Values, basic ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if len(basic) == 2 {
		req.SetBasicAuth(basic[0], basic[1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}
