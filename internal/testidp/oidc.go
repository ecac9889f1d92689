// Package testidp runs identity providers from well-kept libraries on the
// loopback for tests: an OpenID Provider from zitadel/oidc's op package
// with its example storage and login page, and a SAML IdP from
// crewjam/saml's samlidp.
package testidp

import (
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
)

// Password is the password of the OP's users: test-user@127.0.0.1 (sub
// id1, email test-user@zitadel.ch, Test User) and test-user2 (sub id2).
const Password = "verysecure"

// ClientSecret is the secret of the OP's clients "cognito" and "other".
const ClientSecret = "op-secret"

// OpenIDProvider is a running OP.
type OpenIDProvider struct {
	URL string
	// Aliases maps a client ID a test configured the pool with to the OP
	// client the request is rewritten to, so the OP answers for another
	// audience; the alias "cognito-nonce" also replaces the nonce.
	Aliases map[string]string
	doc     map[string]any
}

// NewOpenIDProvider starts an OP whose clients "cognito" and "other" may
// redirect to redirectURIs. It stops when the test ends.
func NewOpenIDProvider(t testing.TB, redirectURIs ...string) *OpenIDProvider {
	t.Helper()
	op := &OpenIDProvider{Aliases: map[string]string{}}
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op.rewrite(r)
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	op.URL = srv.URL
	clients := map[string]*storage.Client{
		"cognito": storage.WebClient("cognito", ClientSecret, redirectURIs...),
		"other":   storage.WebClient("other", ClientSecret, redirectURIs...),
	}
	// SetupServer makes its logger the process default; the pool logs through its own.
	handler = exampleop.SetupServer(srv.URL, storage.NewStorageWithClients(storage.NewUserStore(srv.URL), clients),
		slog.New(slog.DiscardHandler), false)
	resp, err := http.Get(srv.URL + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&op.doc); err != nil {
		t.Fatal(err)
	}
	return op
}

func (op *OpenIDProvider) rewrite(r *http.Request) {
	q := r.URL.Query()
	if real, ok := op.Aliases[q.Get("client_id")]; ok {
		if q.Get("client_id") == "cognito-nonce" {
			q.Set("nonce", "a-nonce-the-pool-never-sent")
		}
		q.Set("client_id", real)
		r.URL.RawQuery = q.Encode()
	}
	if user, pass, ok := r.BasicAuth(); ok {
		if real, ok := op.Aliases[user]; ok {
			r.SetBasicAuth(real, pass)
		}
	}
	if r.Method == http.MethodPost && r.URL.Path != "/login/username" {
		// The OP reads the parsed form: ParseForm keeps PostForm once set.
		_ = r.ParseForm()
		if real, ok := op.Aliases[r.PostForm.Get("client_id")]; ok {
			r.PostForm.Set("client_id", real)
			r.Form = nil
		}
	}
}

// Endpoint is a URL of the OP's discovery document, e.g. "token_endpoint".
func (op *OpenIDProvider) Endpoint(name string) string { s, _ := op.doc[name].(string); return s }

var idPattern = regexp.MustCompile(`name="id" value="([^"]+)"`)

// SignIn plays a browser with a cookie jar from startURL: it follows every
// redirect, fills the OP's login form with username, and stops at the first
// redirect to a URL with the prefix stop, which it returns unloaded.
func (op *OpenIDProvider) SignIn(t testing.TB, startURL, username, stop string) *url.URL {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	next, _ := url.Parse(startURL)
	var form url.Values
	for i := 0; i < 30; i++ {
		var resp *http.Response
		var err error
		if form != nil {
			resp, err = client.PostForm(next.String(), form)
			form = nil
		} else {
			resp, err = client.Get(next.String())
		}
		if err != nil {
			t.Fatal(err)
		}
		body := new(strings.Builder)
		_, _ = io.Copy(body, resp.Body)
		resp.Body.Close()
		if loc, err := resp.Location(); err == nil {
			if strings.HasPrefix(loc.String(), stop) {
				return loc
			}
			next = loc
			continue
		}
		m := idPattern.FindStringSubmatch(body.String())
		if resp.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("sign-in stopped at %s (%d):\n%s", next, resp.StatusCode, body)
		}
		next = next.ResolveReference(&url.URL{Path: "/login/username"})
		form = url.Values{"id": {html.UnescapeString(m[1])}, "username": {username}, "password": {Password}}
	}
	t.Fatal("too many redirects")
	return nil
}
