//go:build !js

package cognito_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/storage"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// A password that meets Cognito's default policy, and others for changes.
const (
	password  = "Corr3ct-Horse!"
	password2 = "B4ttery-Staple?"
	password3 = "Tr0ub4dor&3-x"
)

// newClient returns a client of p's default app client with a fresh memory
// store, on p's fake clock. edit adjusts the Config before New.
func newClient(t *testing.T, p *localpooltest.Pool, edit func(*cognito.Config)) (*cognito.Client, *storage.Memory) {
	t.Helper()
	store := storage.NewMemory()
	cfg := cognito.Config{
		Region:     p.Region,
		UserPoolID: p.UserPoolID,
		ClientID:   p.ClientID,
		Endpoint:   p.URL,
		Clock:      p.Clock.Now,
		Store:      store,
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := cognito.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, store
}

// signIn signs in and fails the test unless a session results.
func signIn(t *testing.T, c *cognito.Client, username, pw string, opts *cognito.SignInOptions) *cognito.Session {
	t.Helper()
	res, err := c.SignIn(context.Background(), username, pw, opts)
	if err != nil {
		t.Fatalf("SignIn(%s): %v", username, err)
	}
	if res.Session == nil {
		t.Fatalf("SignIn(%s): step %s, want a session", username, res.Step())
	}
	return res.Session
}

// wantCode fails the test unless err is a *cognito.Error matching want.
func wantCode(t *testing.T, what string, err error, want *cognito.Error) {
	t.Helper()
	var ce *cognito.Error
	if !errors.As(err, &ce) || !errors.Is(err, want) {
		t.Fatalf("%s: err = %v, want %s", what, err, want.Code)
	}
}

// transport wraps the real HTTP transport to count Cognito operations and,
// when told to, fail requests as a dropped network would.
type transport struct {
	fail atomic.Bool
	mu   sync.Mutex
	ops  map[string]int
	// hold, when set, blocks requests for that operation until release is
	// closed: before they are sent, or with holdAnswer after the pool has
	// answered them.
	hold       string
	holdAnswer bool
	// unknown, when set, is an operation sent under a name the pool does
	// not serve, as to a server that lacks it.
	unknown string
	held    chan struct{}
	release chan struct{}
}

var errNetworkDown = errors.New("network is down")

func (tr *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	if tr.fail.Load() {
		return nil, errNetworkDown
	}
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AWSCognitoIdentityProviderService.")
	tr.mu.Lock()
	if tr.ops == nil {
		tr.ops = map[string]int{}
	}
	tr.ops[op]++
	hold, afterAnswer := op != "" && op == tr.hold, tr.holdAnswer
	if op != "" && op == tr.unknown {
		r = r.Clone(r.Context())
		r.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+op+"Unknown")
	}
	tr.mu.Unlock()
	if !hold {
		return http.DefaultTransport.RoundTrip(r)
	}
	if afterAnswer {
		resp, err := http.DefaultTransport.RoundTrip(r)
		tr.held <- struct{}{}
		<-tr.release
		return resp, err
	}
	tr.held <- struct{}{}
	<-tr.release
	return http.DefaultTransport.RoundTrip(r)
}

func (tr *transport) count(op string) int {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.ops[op]
}

// withTransport makes a Config use tr.
func withTransport(tr *transport) func(*cognito.Config) {
	return func(cfg *cognito.Config) { cfg.HTTPClient = &http.Client{Transport: tr} }
}
