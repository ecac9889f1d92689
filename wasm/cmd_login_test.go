//go:build !js

package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognitowasm/cognitowasm/internal/testidp"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// TestLoginCommand plays the browser on the URL `cognitowasm login
// -no-browser` prints: the hosted UI's form, then the loopback redirect.
// The session is then saved like signin's.
func TestLoginCommand(t *testing.T) {
	c := newCLI(t)
	c.pool.CreateUser(t, "ann@example.com", "Hosted-passw0rd", nil)
	c.pool.EnableHostedUI(t, "cli", []string{"http://127.0.0.1/callback"}, nil)
	c.secretsSeen = append(c.secretsSeen, "Hosted-passw0rd")

	login := startLogin(t, c, "COGNITO", hostedClientOf(t, c))
	if !strings.Contains(login.authURL, "code_challenge_method=S256") || !strings.Contains(login.authURL, "redirect_uri=http%3A%2F%2F127.0.0.1%3A") ||
		!strings.Contains(login.authURL, "identity_provider=COGNITO") {
		t.Fatalf("authorize URL %s", login.authURL)
	}
	login.finish(t, c.pool.HostedSignIn(t, login.authURL, "ann@example.com", "Hosted-passw0rd"))
	wantContains(t, "login output", login.out.String(), "Signed in as")
	// The saved session works with the other commands.
	wantContains(t, "whoami", c.ok("", "whoami", "-client", hostedClientOf(t, c)), "ann@example.com")
}

// TestLoginCommandErrors: bad flags and arguments.
func TestLoginCommandErrors(t *testing.T) {
	c := newCLI(t)
	stderr := c.fails("", "login", "-port", "70000")
	wantContains(t, "bad port", stderr, "-port")
	stderr = c.fails("", "login", "extra")
	wantContains(t, "argument", stderr, "usage")
}

// loginRun is `cognitowasm login -no-browser` running in the background.
type loginRun struct {
	out     bytes.Buffer
	done    chan int
	authURL string // the authorize URL it printed
}

// startLogin runs login with -provider against c's pool and client and
// waits for the authorize URL it prints for the browser.
func startLogin(t *testing.T, c *cli, provider, clientID string) *loginRun {
	t.Helper()
	l := &loginRun{done: make(chan int, 1)}
	stderr := &lineWriter{lines: make(chan string, 16)}
	go func() {
		args := []string{"login", "-no-browser", "-provider", provider, "-endpoint", c.pool.URL, "-pool", c.pool.UserPoolID, "-session", c.session,
			"-client", clientID}
		l.done <- run(context.Background(), args, stdio{in: strings.NewReader(""), out: &l.out, err: stderr})
	}()
	for l.authURL == "" {
		select {
		case line := <-stderr.lines:
			if m := regexp.MustCompile(`^\s+(http://\S+/oauth2/authorize\?\S+)$`).FindStringSubmatch(line); m != nil {
				l.authURL = m[1]
			}
		case code := <-l.done:
			t.Fatalf("login exited %d before printing a URL: %s", code, l.out.String())
		case <-time.After(30 * time.Second):
			t.Fatal("login printed no URL")
		}
	}
	return l
}

// finish lands the browser on back, the command's loopback server, which
// says the user is signed in, and waits for login to succeed.
func (l *loginRun) finish(t *testing.T, back *url.URL) {
	t.Helper()
	resp, err := http.Get(back.String())
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "You are signed in") {
		t.Errorf("loopback page %d: %s", resp.StatusCode, page)
	}
	select {
	case code := <-l.done:
		if code != 0 {
			t.Fatalf("login exited %d: %s", code, l.out.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("login did not finish")
	}
}

// hostedClientOf finds the client EnableHostedUI made (the newest one).
func hostedClientOf(t *testing.T, c *cli) string {
	t.Helper()
	out, err := c.pool.Admin().ListUserPoolClients(context.Background(), listClientsInput(c.pool.UserPoolID))
	if err != nil {
		t.Fatal(err)
	}
	for _, cl := range out.UserPoolClients {
		if *cl.ClientName == "hosted-ui" {
			return *cl.ClientId
		}
	}
	t.Fatal("no hosted-ui client")
	return ""
}

// lineWriter hands each written line to a channel.
type lineWriter struct {
	buf   bytes.Buffer
	lines chan string
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.buf.Write(p)
	for {
		line, err := w.buf.ReadString('\n')
		if err != nil {
			w.buf.WriteString(line)
			return len(p), nil
		}
		select {
		case w.lines <- strings.TrimRight(line, "\n"):
		default:
		}
	}
}

func listClientsInput(poolID string) *cip.ListUserPoolClientsInput {
	return &cip.ListUserPoolClientsInput{UserPoolId: &poolID, MaxResults: aws.Int32(60)}
}

// TestLoginCommandProvider: `cognitowasm login -provider MyOIDC` goes
// straight to an OpenID Provider (zitadel/oidc's OP) and comes back signed
// in as the federated user.
func TestLoginCommandProvider(t *testing.T) {
	c := newCLI(t)
	op := testidp.NewOpenIDProvider(t, c.pool.URL+"/oauth2/idpresponse")
	clientID := c.pool.EnableHostedUI(t, "cli", []string{"http://127.0.0.1/callback"}, nil)
	c.pool.AddIdentityProvider(t, clientID, cip.CreateIdentityProviderInput{
		ProviderName: aws.String("MyOIDC"), ProviderType: "OIDC", AttributeMapping: map[string]string{"email": "email"},
		ProviderDetails: map[string]string{"client_id": "cognito", "client_secret": testidp.ClientSecret, "attributes_request_method": "GET",
			"oidc_issuer": op.URL, "authorize_scopes": "openid email profile"}})

	login := startLogin(t, c, "MyOIDC", clientID)
	start, err := url.Parse(login.authURL)
	if err != nil {
		t.Fatal(err)
	}
	login.finish(t, op.SignIn(t, login.authURL, "test-user@127.0.0.1", start.Query().Get("redirect_uri")))
	wantContains(t, "whoami", c.ok("", "whoami", "-client", clientID), "MyOIDC_id1")
}

// TestLoginCommandStandIn: `cognitowasm login -provider Google` (and each
// other type) works against the stand-in identity providers that
// `cognitowasm serve` registers and offers on the default client.
func TestLoginCommandStandIn(t *testing.T) {
	c := &cli{t: t, pool: localpooltest.NewWithOptions(t, localpooltest.Options{Clock: time.Now, StandIn: true}),
		session: filepath.Join(t.TempDir(), "session.json")}
	if _, err := enableLocalHostedUI(context.Background(), localPoolConfig(c.pool.Server, c.pool.URL), []string{"http://127.0.0.1:1"}); err != nil {
		t.Fatal(err)
	}
	for _, provider := range []string{"Google", "Facebook", "LoginWithAmazon", "SignInWithApple", "StandInOIDC", "StandInSAML"} {
		login := startLogin(t, c, provider, c.pool.ClientID)
		back, page := c.pool.StandInSignIn(t, login.authURL, url.Values{"email": {"cli@example.com"}, "name": {"Cli User"}})
		if !strings.Contains(page, "this is not") {
			t.Errorf("%s: the stand-in page does not say it is a stand-in", provider)
		}
		login.finish(t, back)
		whoami := c.ok("", "whoami", "-client", c.pool.ClientID)
		wantContains(t, provider+" whoami", whoami, provider+"_")
		wantContains(t, provider+" whoami", whoami, "cli@example.com")
	}
}
