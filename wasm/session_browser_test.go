//go:build !js

package main

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/chromedp/chromedp"

	"github.com/cognitowasm/cognitowasm/app/ui"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// signedIn creates a confirmed user with email as username and address (and
// attrs), and signs them in with SRP in a new browser.
func (s *site) signedIn(t *testing.T, email, password string, attrs map[string]string) *browser {
	t.Helper()
	all := map[string]string{"email": email}
	maps.Copy(all, attrs)
	s.Pool.CreateUser(t, email, password, all)
	b := newBrowser(t)
	b.open(s.URL + "/signin")
	b.do("signing in as "+email, signInHome(email, password))
	return b
}

// TestBrowserStaticSiteConfigFile serves the app as a static site would:
// the files go-app generates, no configuration in the page, and config.json
// beside index.html, which the app must read to sign in.
func TestBrowserStaticSiteConfigFile(t *testing.T) {
	s := newSiteWith(t, siteOptions{static: true})
	s.Pool.CreateUser(t, "erin@example.com", "Erin-Passw0rd", map[string]string{"email": "erin@example.com"})
	b := newBrowser(t)
	b.open(s.URL + "/")
	if env := eval[string](b, `JSON.stringify(goappEnv)`); strings.Contains(env, ui.EnvConfig) {
		t.Fatalf("the static site's environment %s carries the configuration; it must come from config.json", env)
	}
	b.do("following the invitation to sign in",
		click(`a[href="/signin"]`),
		waitPath("/signin"),
	)
	b.do("signing in", signInHome("erin@example.com", "Erin-Passw0rd"))
	b.do("reloading", chromedp.Reload(), waitText("#summary-who", "erin@example.com"))
	if n := eval[int](b, `performance.getEntriesByName(new URL("config.json", location.href).href).length`); n != 1 {
		t.Fatalf("the page fetched config.json %d times, want once", n)
	}
}

// refreshes counts the token refreshes the pool has answered.
func (s *site) refreshes() int {
	n := 0
	for _, c := range s.Pool.Calls() {
		if c.Operation == "GetTokensFromRefreshToken" || c.AuthFlow == "REFRESH_TOKEN_AUTH" || c.AuthFlow == "REFRESH_TOKEN" {
			n++
		}
	}
	return n
}

// accessToken is the access token the app keeps in localStorage, or "".
func (b *browser) accessToken() string {
	b.t.Helper()
	return eval[string](b, `Object.keys(localStorage).filter(k => k.endsWith(".accessToken")).map(k => localStorage.getItem(k)).join()`)
}

// useShortLivedClient points the app at a new client whose ID and access
// tokens live five minutes, Cognito's shortest.
func useShortLivedClient(t testing.TB) func(p *localpooltest.Pool, cfg *ui.Config) {
	return func(p *localpooltest.Pool, cfg *ui.Config) {
		cfg.ClientID, _ = p.NewClient(t, cip.CreateUserPoolClientInput{
			ExplicitAuthFlows:   []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
			AccessTokenValidity: aws.Int32(5),
			IdTokenValidity:     aws.Int32(5),
			TokenValidityUnits: &types.TokenValidityUnitsType{
				AccessToken: types.TimeUnitsTypeMinutes,
				IdToken:     types.TimeUnitsTypeMinutes,
			},
		})
	}
}

// TestBrowserShortTokensNotRefreshedEagerly checks that tokens of Cognito's
// shortest life are used, not refreshed on every call, while they are fresh.
func TestBrowserShortTokensNotRefreshedEagerly(t *testing.T) {
	s := newSiteWith(t, siteOptions{configure: useShortLivedClient(t)})
	b := s.signedIn(t, "fay@example.com", "Fay-Passw0rd", map[string]string{"name": "Fay"})
	b.open(s.URL + "/account") // loads the attributes with the access token
	b.do("loading the attributes", waitValue("#attr-name-value", "Fay"))
	if n := s.refreshes(); n != 0 {
		t.Fatalf("the app refreshed %d times right after signing in with five-minute tokens, want 0", n)
	}
}

// TestBrowserRefreshesBeforeExpiry lets the app's own refresh loop run: the
// tokens live five minutes and the app refreshes them 297 s before expiry,
// so about every three seconds.
func TestBrowserRefreshesBeforeExpiry(t *testing.T) {
	shortLived := useShortLivedClient(t)
	s := newSiteWith(t, siteOptions{configure: func(p *localpooltest.Pool, cfg *ui.Config) {
		shortLived(p, cfg)
		cfg.RefreshBeforeSeconds = 297
	}})
	b := s.signedIn(t, "gus@example.com", "Gus-Passw0rd", nil)

	// Two refreshes in a row on an idle page can only come from the loop.
	for i := range 2 {
		before := b.accessToken()
		b.do(fmt.Sprintf("waiting for refresh %d", i+1), waitStorageChange(".accessToken", before))
	}
	if n := s.refreshes(); n < 2 {
		t.Fatalf("the pool answered %d refreshes, want at least 2", n)
	}
	b.do("checking the user is still signed in", waitText("#summary-who", "gus@example.com"))

	// The stored, refreshed tokens still make a session after a reload.
	b.do("reloading", chromedp.Reload(), waitText("#summary-who", "gus@example.com"))
	b.open(s.URL + "/tokens")
	b.do("verifying the refreshed tokens", waitText("#access-token-status", "signature and claims verified"))
}
