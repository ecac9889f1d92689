//go:build !js

package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cognitowasm/cognitowasm/app/ui"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// newHostedSite starts a local pool and the app with the hosted UI turned on
// as `cognitowasm serve` does it (enableLocalHostedUI), on the app's real
// origin. providers adds provider buttons to the sign-in page.
func newHostedSite(t *testing.T, providers ...string) *site {
	t.Helper()
	return newFederatedSite(t, nil, func(cfg *ui.Config) { cfg.OAuth.Providers = providers })
}

// newFederatedSite is newHostedSite with the pool's identity providers made
// by addProviders before the hosted UI is turned on, so the app offers each
// as `cognitowasm serve` does; adjust, if given, changes the configuration.
func newFederatedSite(t *testing.T, addProviders func(pool *localpooltest.Pool, appURL string), adjust func(cfg *ui.Config)) *site {
	t.Helper()
	pool := localpooltest.NewWithOptions(t, localpooltest.Options{Clock: time.Now})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	appURL := "http://" + ln.Addr().String()
	if addProviders != nil {
		addProviders(pool, appURL)
	}
	cfg, err := enableLocalHostedUI(context.Background(), localPoolConfig(pool.Server, pool.URL), []string{appURL})
	if err != nil {
		t.Fatal(err)
	}
	if adjust != nil {
		adjust(&cfg)
	}
	h, err := appHandler(webDir(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: h}}
	srv.Start()
	t.Cleanup(srv.Close)
	return &site{URL: appURL, Pool: pool}
}

// TestBrowserHostedUI: sign-in through the hosted UI from the app, with a
// Back from the login page and a retry; the inspector's scopes; sign-out
// through /logout, after which the hosted UI asks for the password again.
func TestBrowserHostedUI(t *testing.T) {
	s := newHostedSite(t)
	s.Pool.CreateUser(t, "hana@example.com", "Hana-Passw0rd", map[string]string{"name": "Hana"})
	b := newBrowser(t)
	b.open(s.URL + "/signin")
	b.do("waiting for the sign-in page", pollAcross("the hosted-UI button", `document.querySelector("#signin-hosted")`))
	b.shotAt("signin-hosted", 390)
	b.audit("the sign-in page with the hosted-UI button")
	b.do("leaving for the hosted UI, then coming Back",
		clickAway("#signin-hosted"),
		waitPathAcross("/login"),
		waitTextAcross("h1", "Sign in"),
		chromedp.Evaluate[chromedp.Void](`history.back()`), // the Back button
		waitPathAcross("/signin"),
	)
	b.do("trying again from the sign-in page",
		clickAway("#signin-hosted"),
		waitPathAcross("/login"),
	)
	b.shotAt("hosted-login", 390)
	b.audit("the hosted UI's login page")
	b.do("signing in on the hosted UI",
		fillAcross("#username", "hana@example.com"),
		fillAcross("#password", "Hana-Passw0rd"),
		clickAway("button[type=submit]"),
		waitPathAcross("/"),
		waitTextAcross("#summary-who", "hana@example.com"),
	)
	b.do("reading the granted scopes in the inspector",
		chromedp.Navigate(s.URL+"/tokens"),
		waitTextAcross("#scopes", "openid"),
		waitTextAcross("#scopes", "aws.cognito.signin.user.admin"),
	)
	b.shotAt("hosted-scopes", 1280)
	b.do("signing out through the hosted UI's /logout",
		chromedp.Navigate(s.URL+"/account"),
		clickAway("#signout"),
		waitPathAcross("/"),
		waitTextAcross("#welcome", "Welcome"),
	)
	if got := eval[string](b, `location.origin`); got != s.URL {
		t.Fatalf("after sign-out the browser is at %s, want the app", got)
	}
	b.do("the hosted UI asks for the password again after /logout",
		chromedp.Navigate(s.URL+"/signin"),
		clickAway("#signin-hosted"),
		waitPathAcross("/login"),
		pollAcross("the password field", `document.querySelector("#password")`),
	)
}

// TestBrowserHostedUIErrorRedirect: the hosted UI's error redirect (here a
// provider the client does not enable) shows a sentence and a way back.
func TestBrowserHostedUIErrorRedirect(t *testing.T) {
	s := newHostedSite(t, "Google")
	b := newBrowser(t)
	b.open(s.URL + "/signin")
	b.do("asking for a provider the client does not enable",
		clickAway("#signin-provider-Google"),
		waitPathAcross("/callback"),
		waitTextAcross("#error", "Signing in with Google did not work. Try again, or choose another way to sign in."),
		pollAcross("the retry button", `document.querySelector("#callback-retry")`),
	)
	b.audit("the callback page with an error")
	b.do("going back to sign in",
		clickAway("#callback-signin"),
		waitPathAcross("/signin"),
	)
	if q := eval[string](b, `location.search`); q != "" {
		t.Errorf("the sign-in page kept a query: %s", q)
	}
}

// The steps below only evaluate JavaScript, polling from Go: across full
// page loads (to the hosted UI, Back, /logout) chromedp's DOM queries and
// in-page polls can stay bound to the document that was left.

// pollAcross waits until the expression is true in whatever page the tab shows.
func pollAcross(what, expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for deadline := time.Now().Add(stepTimeout); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			c, cancel := context.WithTimeout(ctx, 2*time.Second)
			ok, err := chromedp.Evaluate[bool](`document.readyState === "complete" && !!(`+expr+`)`)(c, t)
			cancel()
			if err == nil && ok {
				return nil
			}
		}
		return fmt.Errorf("waited in vain for %s", what)
	})
}

// waitPathAcross waits until the tab shows path.
func waitPathAcross(path string) chromedp.Action[chromedp.Void] {
	return pollAcross("the path "+path, `location.pathname === `+jsString(path))
}

// waitTextAcross waits until the element shows text containing want.
func waitTextAcross(sel, want string) chromedp.Action[chromedp.Void] {
	return pollAcross(sel+" to say "+want, fmt.Sprintf(`(document.querySelector(%s)?.innerText || "").includes(%s)`, jsString(sel), jsString(want)))
}

// fillAcross sets an input's value as typing does.
func fillAcross(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		pollAcross(sel, fmt.Sprintf(`document.querySelector(%s)`, jsString(sel))),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
			`(e => { e.value = %s; e.dispatchEvent(new Event("input", {bubbles: true})); })(document.querySelector(%s))`,
			jsString(value), jsString(sel))),
	)
}

// clickAway clicks an element, typically one whose click leaves the page:
// the click runs after the evaluation returns.
func clickAway(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		pollAcross(sel+" enabled", fmt.Sprintf(`(e => !!e && !e.disabled)(document.querySelector(%s))`, jsString(sel))),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`setTimeout(() => document.querySelector(%s).click(), 0)`, jsString(sel))),
	)
}
