//go:build !js

package cognito_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// srpARecorder notes the SRP_A of every InitiateAuth it sends.
type srpARecorder struct {
	mu sync.Mutex
	as []string
}

func (r *srpARecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body == nil { // the JWKS
		return http.DefaultTransport.RoundTrip(req)
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	var in struct{ AuthParameters map[string]string }
	if json.Unmarshal(body, &in) == nil && in.AuthParameters["SRP_A"] != "" {
		r.mu.Lock()
		r.as = append(r.as, in.AuthParameters["SRP_A"])
		r.mu.Unlock()
	}
	return http.DefaultTransport.RoundTrip(req)
}

func (r *srpARecorder) sent() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.as...)
}

// TestPrepareSignIn checks that the next SRP sign-in uses the prepared A,
// and that no A is ever sent twice, even with concurrent callers.
func TestPrepareSignIn(t *testing.T) {
	ctx := context.Background()
	p := localpooltest.New(t)
	p.CreateUser(t, "pia@example.com", password, nil)
	rec := &srpARecorder{}
	c, _ := newClient(t, p, func(cfg *cognito.Config) { cfg.HTTPClient = &http.Client{Transport: rec} })

	if err := c.PrepareSignIn(); err != nil {
		t.Fatal(err)
	}
	prepared := cognito.PreparedA(c)
	if err := c.PrepareSignIn(); err != nil {
		t.Fatal(err)
	}
	if got := cognito.PreparedA(c); got != prepared || prepared == "" {
		t.Fatalf("a second PrepareSignIn replaced A %.8s… with %.8s…", prepared, got)
	}
	signIn(t, c, "pia@example.com", password, nil)
	if sent := rec.sent(); len(sent) != 1 || sent[0] != prepared {
		t.Fatalf("sign-in sent SRP_A %.8q, want the prepared %.8s…", sent, prepared)
	}
	if got := cognito.PreparedA(c); got != "" {
		t.Fatalf("the prepared A %.8s… is still there after a sign-in used it", got)
	}
	signIn(t, c, "pia@example.com", password, nil) // none prepared: makes its own

	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := c.PrepareSignIn(); err != nil {
				t.Error(err)
			}
			if _, err := c.SignIn(ctx, "pia@example.com", password, nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	sent := rec.sent()
	seen := map[string]bool{}
	for _, a := range sent {
		if seen[a] {
			t.Errorf("SRP_A %.8s… was sent twice", a)
		}
		seen[a] = true
	}
	if len(sent) != 10 {
		t.Errorf("%d SRP sign-ins sent, want 10", len(sent))
	}
}

// refuseAll fails every request, counting them.
type refuseAll struct{ calls atomic.Int32 }

func (r *refuseAll) RoundTrip(*http.Request) (*http.Response, error) {
	r.calls.Add(1)
	return nil, errors.New("the warm-up sent a request")
}

// TestWarmUp checks that the browser build's warm-up signs in for real, to
// a session, on its own throwaway client and sends nothing: meanwhile
// http.DefaultTransport refuses every request, so a request that escaped
// the canned answers would fail it. Clients sign in as before after it.
func TestWarmUp(t *testing.T) {
	p := localpooltest.New(t)
	p.CreateUser(t, "wes@example.com", password, nil)
	refuse, saved := &refuseAll{}, http.DefaultTransport
	http.DefaultTransport = refuse
	t.Cleanup(func() { http.DefaultTransport = saved })
	for range 2 {
		if err := cognito.WarmUp(); err != nil {
			t.Fatalf("warm-up: %v", err)
		}
	}
	if n := refuse.calls.Load(); n != 0 {
		t.Fatalf("the warm-up sent %d requests", n)
	}
	http.DefaultTransport = saved
	c, _ := newClient(t, p, nil)
	signIn(t, c, "wes@example.com", password, nil)
}
