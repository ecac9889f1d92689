// Package localpooltest starts a real local user pool for tests: a fresh
// localpool.Server on an httptest server, with a fake clock unless told
// otherwise. It records the API calls the pool answers.
package localpooltest

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool"
)

// Start is the instant every Clock starts at.
var Start = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// Clock is a fake clock, safe for concurrent use. It only moves when told to.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock at Start.
func NewClock() *Clock { return &Clock{now: Start} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.now.IsZero() {
		c.now = Start
	}
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.now.IsZero() {
		c.now = Start
	}
	c.now = c.now.Add(d)
}

// Pool is a running local pool.
type Pool struct {
	URL        string // the endpoint: the httptest server's URL
	Region     string
	UserPoolID string // the default pool
	ClientID   string // its public client, which allows every flow
	Issuer     string // URL + "/" + UserPoolID
	Server     *localpool.Server
	Clock      *Clock // the fake clock; nil when Options.Clock set another

	mu    sync.Mutex
	calls []Call
}

// Options configure NewWithOptions.
type Options struct {
	// Clock is the pool's clock; nil means a fake Clock (Pool.Clock). Pass
	// time.Now when the client checks token times against the real time,
	// as a browser or node does.
	Clock func() time.Time
	// StandIn serves the stand-in identity providers and registers them in
	// the default pool, as `cognitowasm serve` does (Server.EnableStandIn).
	StandIn bool
	// Seed is the seed file's configuration the pool starts from, as
	// `cognitowasm localpool -config` gives it.
	Seed *localpool.Config
}

// Call is one API call the pool received.
type Call struct {
	Operation string // from X-Amz-Target, e.g. "InitiateAuth"
	AuthFlow  string // the AuthFlow of an InitiateAuth or AdminInitiateAuth, else ""
}

// New starts a pool on a fake clock in a fresh temporary data dir. It stops
// when the test ends.
func New(t testing.TB) *Pool {
	t.Helper()
	return NewWithOptions(t, Options{})
}

// NewWithOptions is New configured by opts.
func NewWithOptions(t testing.TB, opts Options) *Pool {
	t.Helper()
	var clock *Clock
	if opts.Clock == nil {
		clock = NewClock()
		opts.Clock = clock.Now
	}
	srv, err := localpool.Open(localpool.Options{DataDir: t.TempDir(), Clock: opts.Clock, Seed: opts.Seed})
	if err != nil {
		t.Fatalf("localpooltest: %v", err)
	}
	p := &Pool{Region: "us-east-1", Server: srv, Clock: clock}
	hs := httptest.NewServer(p.record(srv))
	t.Cleanup(func() {
		hs.Close()
		if err := srv.Close(); err != nil {
			t.Errorf("localpooltest: close: %v", err)
		}
	})
	p.UserPoolID, p.ClientID = srv.DefaultPool()
	p.URL, p.Issuer = hs.URL, hs.URL+"/"+p.UserPoolID
	if opts.StandIn {
		if err := srv.EnableStandIn(hs.URL); err != nil {
			t.Fatalf("localpooltest: %v", err)
		}
	}
	return p
}

// record notes each API call before h answers it.
func (p *Pool) record(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, op, ok := strings.Cut(r.Header.Get("X-Amz-Target"), ".")
		if ok && r.Method == http.MethodPost {
			body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
			r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
			var in struct{ AuthFlow string }
			if err == nil {
				json.Unmarshal(body, &in) // the pool itself answers a malformed body
			}
			p.mu.Lock()
			p.calls = append(p.calls, Call{Operation: op, AuthFlow: in.AuthFlow})
			p.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	})
}

// Calls returns the API calls the pool received so far, oldest first.
func (p *Pool) Calls() []Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Call(nil), p.calls...)
}

// Code returns the newest code the pool "sent" to username (confirmation,
// password reset or attribute verification), read from the local inbox.
func (p *Pool) Code(t testing.TB, username string) string {
	t.Helper()
	q := url.Values{"username": {username}, "pool": {p.UserPoolID}}
	resp, err := http.Get(p.URL + "/_local/inbox?" + q.Encode())
	if err != nil {
		t.Fatalf("localpooltest: inbox: %v", err)
	}
	defer resp.Body.Close()
	var inbox struct {
		Messages []struct {
			Code string `json:"code"`
		} `json:"messages"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&inbox); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("localpooltest: inbox for %q: status %d, %v", username, resp.StatusCode, err)
	}
	for _, m := range inbox.Messages {
		if m.Code != "" {
			return m.Code
		}
	}
	t.Fatalf("localpooltest: no code in the inbox of %q", username)
	return ""
}

// Admin returns an SDK client for the pool, with dummy static credentials.
func (p *Pool) Admin() *cip.Client {
	return cip.New(cip.Options{
		Region:       p.Region,
		BaseEndpoint: aws.String(p.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
		HTTPClient:   &http.Client{Timeout: 30 * time.Second},
	})
}

// CreateUser makes a confirmed user with a permanent password in the default
// pool. With an email (as username or attribute) the email is verified.
func (p *Pool) CreateUser(t testing.TB, username, password string, attrs map[string]string) {
	t.Helper()
	ctx := context.Background()
	var list []types.AttributeType
	for k, v := range attrs {
		list = append(list, types.AttributeType{Name: aws.String(k), Value: aws.String(v)})
	}
	if _, set := attrs["email_verified"]; !set && (attrs["email"] != "" || strings.Contains(username, "@")) {
		list = append(list, types.AttributeType{Name: aws.String("email_verified"), Value: aws.String("true")})
	}
	admin := p.Admin()
	_, err := admin.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &p.UserPoolID, Username: &username,
		UserAttributes: list, TemporaryPassword: &password, MessageAction: types.MessageActionTypeSuppress})
	if err != nil {
		t.Fatalf("localpooltest: create user %q: %v", username, err)
	}
	_, err = admin.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &p.UserPoolID, Username: &username,
		Password: &password, Permanent: true})
	if err != nil {
		t.Fatalf("localpooltest: set password of %q: %v", username, err)
	}
}

// NewClient creates an app client in the default pool (in.UserPoolId may be
// empty) and returns its ID and secret ("" without GenerateSecret).
func (p *Pool) NewClient(t testing.TB, in cip.CreateUserPoolClientInput) (clientID, secret string) {
	t.Helper()
	if in.UserPoolId == nil {
		in.UserPoolId = &p.UserPoolID
	}
	if in.ClientName == nil {
		in.ClientName = aws.String("test")
	}
	out, err := p.Admin().CreateUserPoolClient(context.Background(), &in)
	if err != nil {
		t.Fatalf("localpooltest: create client: %v", err)
	}
	return aws.ToString(out.UserPoolClient.ClientId), aws.ToString(out.UserPoolClient.ClientSecret)
}

// EnableHostedUI gives the default pool the domain and creates a public app
// client for the hosted UI's code flow (openid, email, profile and
// aws.cognito.signin.user.admin) with the callback and sign-out URLs. It
// returns the client's ID.
func (p *Pool) EnableHostedUI(t testing.TB, domain string, callbackURLs, logoutURLs []string) string {
	t.Helper()
	admin := p.Admin()
	if _, err := admin.CreateUserPoolDomain(context.Background(), &cip.CreateUserPoolDomainInput{Domain: &domain, UserPoolId: &p.UserPoolID}); err != nil {
		t.Fatalf("localpooltest: create domain: %v", err)
	}
	clientID, _ := p.NewClient(t, cip.CreateUserPoolClientInput{
		ClientName:                      aws.String("hosted-ui"),
		AllowedOAuthFlowsUserPoolClient: true,
		AllowedOAuthFlows:               []types.OAuthFlowType{types.OAuthFlowTypeCode},
		AllowedOAuthScopes:              []string{"openid", "email", "profile", "aws.cognito.signin.user.admin"},
		CallbackURLs:                    callbackURLs,
		LogoutURLs:                      logoutURLs,
		SupportedIdentityProviders:      []string{"COGNITO"},
		ExplicitAuthFlows:               []types.ExplicitAuthFlowsType{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
	})
	return clientID
}

// AddIdentityProvider creates an identity provider in the default pool
// (in.UserPoolId may be empty) and lets the app client clientID sign in
// with it, besides the providers it already supports.
func (p *Pool) AddIdentityProvider(t testing.TB, clientID string, in cip.CreateIdentityProviderInput) {
	t.Helper()
	ctx := context.Background()
	admin := p.Admin()
	in.UserPoolId = &p.UserPoolID
	if _, err := admin.CreateIdentityProvider(ctx, &in); err != nil {
		t.Fatalf("localpooltest: create identity provider %s: %v", aws.ToString(in.ProviderName), err)
	}
	desc, err := admin.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: &p.UserPoolID, ClientId: &clientID})
	if err != nil {
		t.Fatalf("localpooltest: describe client: %v", err)
	}
	c := desc.UserPoolClient
	// UpdateUserPoolClient replaces every setting: carry over those the
	// helpers here set.
	if _, err := admin.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: &p.UserPoolID, ClientId: &clientID,
		ClientName: c.ClientName, AllowedOAuthFlowsUserPoolClient: aws.ToBool(c.AllowedOAuthFlowsUserPoolClient), AllowedOAuthFlows: c.AllowedOAuthFlows,
		AllowedOAuthScopes: c.AllowedOAuthScopes, CallbackURLs: c.CallbackURLs, LogoutURLs: c.LogoutURLs, ExplicitAuthFlows: c.ExplicitAuthFlows,
		SupportedIdentityProviders: append(c.SupportedIdentityProviders, aws.ToString(in.ProviderName))}); err != nil {
		t.Fatalf("localpooltest: let the client use %s: %v", aws.ToString(in.ProviderName), err)
	}
}

// HostedSignIn plays the browser on a hosted-UI URL: it follows the
// redirects on the pool, fills the login form with username and password,
// and returns the URL the pool finally redirects to (the app's callback),
// without loading it.
func (p *Pool) HostedSignIn(t testing.TB, authURL, username, password string) *url.URL {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	next, err := url.Parse(authURL)
	if err != nil {
		t.Fatalf("localpooltest: %v", err)
	}
	var form url.Values
	for range 10 {
		resp, body := load(t, browser, next, form)
		form = nil
		if loc, err := resp.Location(); err == nil {
			if !strings.HasPrefix(loc.String(), p.URL) {
				return loc
			}
			next = loc
			continue
		}
		csrf := csrfField.FindStringSubmatch(body)
		action := formAction.FindStringSubmatch(body)
		if resp.StatusCode != http.StatusOK || csrf == nil || action == nil || form != nil {
			t.Fatalf("localpooltest: hosted UI answered %d without a login form:\n%s", resp.StatusCode, body)
		}
		next, _ = next.Parse(html.UnescapeString(action[1]))
		form = url.Values{"_csrf": {html.UnescapeString(csrf[1])}, "username": {username}, "password": {password}}
	}
	t.Fatalf("localpooltest: the hosted UI did not redirect back to the app")
	return nil
}

// load is one step of a browser: GET next, or POST form to it when form is
// not nil. It returns the answer (its body read and closed) and its body.
func load(t testing.TB, browser *http.Client, next *url.URL, form url.Values) (*http.Response, string) {
	t.Helper()
	var resp *http.Response
	var err error
	if form == nil {
		resp, err = browser.Get(next.String())
	} else {
		resp, err = browser.PostForm(next.String(), form)
	}
	if err != nil {
		t.Fatalf("localpooltest: %s: %v", next, err)
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	return resp, string(body)
}

var (
	csrfField  = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	formAction = regexp.MustCompile(`<form method="post" action="([^"]+)"`)
)
