//go:build !js

package localpool_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/cognitowasm/cognitowasm/internal/jstest"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// TestOpenIDClient runs openid-client, a certified OpenID Connect relying
// party we did not write, against the hosted UI: discovery, code + PKCE,
// userInfo, refresh and revocation. The pool runs on the real clock, which
// node checks the tokens' times against.
func TestOpenIDClient(t *testing.T) {
	modules := jstest.Modules(t)
	p := newHostedPoolWith(t, localpooltest.Options{Clock: time.Now})
	p.CreateUser(t, hostedUser, hostedPassword, map[string]string{"name": "Ann"})
	cmd := exec.Command("node", filepath.Join("testdata", "openidclient.js"), modules)
	cmd.Env = append(os.Environ(), "ISSUER="+p.Issuer, "BASE="+p.URL, "CLIENT_ID="+p.clientID, "REDIRECT_URI="+callbackURL,
		"USERNAME="+hostedUser, "PASSWORD="+hostedPassword)
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		t.Logf("node stderr:\n%s", ee.Stderr)
	}
	var result struct {
		Passed int    `json:"passed"`
		Error  string `json:"error"`
	}
	if jerr := json.Unmarshal(out, &result); jerr != nil {
		t.Fatalf("openid-client: %v, output %q", err, out)
	}
	if err != nil || result.Error != "" {
		t.Fatalf("openid-client against the hosted UI: %v: %s (after %d checks)", err, result.Error, result.Passed)
	}
	if result.Passed != 16 {
		t.Fatalf("openid-client passed %d checks, want 16", result.Passed)
	}
}
