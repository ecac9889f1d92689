//go:build !js

package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// claims decodes jwt's payload, without verifying anything.
func claims(t *testing.T, jwt string) map[string]any {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("%q is not a JWT", jwt)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(payload, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// withClaim returns jwt with one payload claim changed and its signature kept.
func withClaim(t *testing.T, jwt, name, value string) string {
	t.Helper()
	c := claims(t, jwt)
	c[name] = value
	payload, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(jwt, ".")
	parts[1] = base64.RawURLEncoding.EncodeToString(payload)
	return strings.Join(parts, ".")
}

// checkPasted pastes jwt into the inspector's box and waits for the verdict
// of the pasted card's element sel.
func (b *browser) checkPasted(what, jwt, sel, want string) {
	b.t.Helper()
	b.do(what,
		fill("#paste-jwt", jwt),
		click("#paste-submit"),
		waitText("#pasted-claims", "sub"),
		waitText(sel, want),
	)
}

// TestBrowserTokenInspector checks pasted JWTs (a good one, a tampered one,
// an expired one) and refreshes the session's tokens from /tokens.
func TestBrowserTokenInspector(t *testing.T) {
	var poolOffset atomic.Int64 // moves the pool's clock, to issue an expired token
	s := newSiteWith(t, siteOptions{poolClock: func() time.Time { return time.Now().Add(time.Duration(poolOffset.Load())) }})
	b := s.signedIn(t, "kim@example.com", "Kim-Passw0rd", nil)
	idToken := eval[string](b, `Object.keys(localStorage).filter(k => k.endsWith(".idToken")).map(k => localStorage.getItem(k)).join()`)

	b.open(s.URL + "/tokens")
	b.checkPasted("checking the session's ID token", idToken, "#pasted-status", "signature and claims verified")
	b.checkPasted("checking a tampered ID token", withClaim(t, idToken, "email", "mallory@example.com"),
		"#pasted-reason", "Failed the signature check")
	b.do("showing the tampered claim", waitText("#pasted-claims", "mallory@example.com"))
	// Not a JWT: there are no claims to wait for, only the error.
	b.do("checking a token that is not a JWT",
		fill("#paste-jwt", "not.a-jwt"),
		click("#paste-submit"),
		waitText("#pasted-error", "Not a readable JWT."),
	)

	poolOffset.Store(int64(-2 * time.Hour))
	out, err := s.Pool.Admin().InitiateAuth(context.Background(), &cip.InitiateAuthInput{
		ClientId:       aws.String(s.Pool.ClientID),
		AuthFlow:       types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "kim@example.com", "PASSWORD": "Kim-Passw0rd"},
	})
	poolOffset.Store(0)
	if err != nil {
		t.Fatal(err)
	}
	b.checkPasted("checking an expired token", aws.ToString(out.AuthenticationResult.IdToken), "#pasted-reason", "Failed the expiry check")

	before := b.accessToken()
	b.do("refreshing now",
		click("#refresh-now"),
		waitText("#session-notice", "Refreshed: new ID and access tokens."),
		waitStorageChange(".accessToken", before),
		waitText("#access-token-status", "signature and claims verified"),
	)
	if shown := eval[string](b, `document.querySelector("#access-token-claims").innerText`); !strings.Contains(shown, claims(t, b.accessToken())["jti"].(string)) {
		t.Fatalf("the inspector does not show the refreshed access token; its claims:\n%s", shown)
	}
}
