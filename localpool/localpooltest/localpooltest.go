// Package localpooltest starts a real local user pool for tests: a fresh
// localpool.Server on an httptest server, with a fake clock.
package localpooltest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
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
	Clock      *Clock
}

// New starts a pool in a fresh temporary data dir. It stops when the test ends.
func New(t testing.TB) *Pool {
	t.Helper()
	clock := NewClock()
	srv, err := localpool.Open(localpool.Options{DataDir: t.TempDir(), Clock: clock.Now})
	if err != nil {
		t.Fatalf("localpooltest: %v", err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		hs.Close()
		if err := srv.Close(); err != nil {
			t.Errorf("localpooltest: close: %v", err)
		}
	})
	poolID, clientID := srv.DefaultPool()
	return &Pool{URL: hs.URL, Region: "us-east-1", UserPoolID: poolID, ClientID: clientID, Issuer: hs.URL + "/" + poolID,
		Server: srv, Clock: clock}
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
