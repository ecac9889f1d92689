//go:build !js

package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cognitowasm/cognitowasm/app/ui"
)

// signIn signs a user in with SRP from /signin and waits for the summary.
func (b *browser) signIn(siteURL, username, password string) {
	b.t.Helper()
	b.open(siteURL + "/signin")
	b.do("signing in as "+username,
		fill("#signin-username", username),
		fill("#signin-password", password),
		click("#signin-submit"),
		waitPath("/"),
		waitText("#summary-who", username),
	)
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
	b.do("signing in",
		fill("#signin-username", "erin@example.com"),
		fill("#signin-password", "Erin-Passw0rd"),
		click("#signin-submit"),
		waitPath("/"),
		waitText("#summary-who", "erin@example.com"),
	)
	b.do("reloading", chromedp.Reload(), waitText("#summary-who", "erin@example.com"))
	if n := eval[int](b, `performance.getEntriesByName(new URL("config.json", location.href).href).length`); n != 1 {
		t.Fatalf("the page fetched config.json %d times, want once", n)
	}
}
