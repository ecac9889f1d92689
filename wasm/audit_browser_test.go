//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeScript is axe-core from .ci/testtools (npm, pinned in its lock).
var axeScript = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(filepath.Join("..", ".ci", "testtools", "node_modules", "axe-core", "axe.min.js"))
	return string(b), err
})

// axeViolation is one rule axe-core found broken, with where.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// audit runs axe-core on the page shown and fails the test on any violation
// of impact serious or critical. It logs the count of each impact per page.
func (b *browser) audit(page string) {
	b.t.Helper()
	script, err := axeScript()
	if err != nil {
		b.t.Fatalf("axe-core is not installed (run make testtools): %v", err)
	}
	b.settle()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](script)); err != nil {
		b.t.Fatalf("injecting axe-core: %v", err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("running axe-core on %s: %v", page, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		b.t.Fatal(err)
	}
	count := map[string]int{}
	var bad []string
	for _, v := range vs {
		count[v.Impact] += len(v.Nodes)
		if v.Impact == "serious" || v.Impact == "critical" {
			for _, n := range v.Nodes {
				bad = append(bad, fmt.Sprintf("%s (%s): %s at %v %s", v.ID, v.Impact, v.Help, n.Target, n.HTML))
			}
		}
	}
	b.t.Logf("axe-core %s: %d critical, %d serious, %d moderate, %d minor", page,
		count["critical"], count["serious"], count["moderate"], count["minor"])
	if len(bad) > 0 {
		b.t.Errorf("axe-core on %s found %d serious or critical violations:\n%s", page, len(bad), strings.Join(bad, "\n"))
	}
}

// settle waits for the app to finish drawing: no spinner and no pending
// request shown, then one animation frame.
func (b *browser) settle() {
	b.t.Helper()
	b.do("waiting for the page to settle",
		chromedp.Poll[chromedp.Void](`!document.getElementById("app-wasm-loader") && !document.querySelector(".spinner")`,
			chromedp.WithPollingTimeout(stepTimeout), chromedp.WithPollingInterval(50*time.Millisecond)),
		chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(() => r()))`, chromedp.EvalAwaitPromise),
	)
}

// viewport sets the window's width (and a height fitting it), as a phone
// (390 px, touch, mobile viewport) or a desktop (1280 px).
func (b *browser) viewport(width int) {
	b.t.Helper()
	mobile := width < 500
	height := 900
	if mobile {
		height = 844
	}
	var opts []chromedp.EmulateViewportOption
	if mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	b.do(fmt.Sprintf("setting the viewport to %d px", width), chromedp.EmulateViewport(int64(width), int64(height), opts...))
}

// screenshot saves the whole page as bin/screenshots/<name>-<width>.png.
func (b *browser) screenshot(name string, width int) {
	b.t.Helper()
	b.settle()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot of %s: %v", name, err)
	}
	dir := filepath.Join("..", "bin", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width)), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// shotAt saves a screenshot of the page at width px, then goes back to
// the desktop width.
func (b *browser) shotAt(name string, width int) {
	b.t.Helper()
	b.viewport(width)
	b.screenshot(name, width)
	b.viewport(1280)
}

// fitsWidth fails the test when the page scrolls sideways at its width.
func (b *browser) fitsWidth(page string) {
	b.t.Helper()
	if over := eval[int](b, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); over > 0 {
		wide := eval[string](b, `[...document.querySelectorAll("main *, header *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + "#" + e.id + "." + e.className).join(", ")`)
		b.t.Errorf("%s is %d px wider than the viewport; too wide: %s", page, over, wide)
	}
}

// pageCase is a page to audit, and what shows it is drawn.
type pageCase struct {
	name, path, ready string
}

// TestBrowserAuditEveryPage runs axe-core on every page, signed out and
// signed in, at desktop (1280 px) and phone (390 px) width, checks that
// nothing scrolls sideways on the phone, and saves screenshots of each
// under bin/screenshots/.
func TestBrowserAuditEveryPage(t *testing.T) {
	s := newSite(t)
	const email, password = "axe@example.com", "Axe-Passw0rd"
	s.Pool.CreateUser(t, email, password, map[string]string{"email": email, "name": "Ada Axe", "family_name": "Axe"})
	b := newBrowser(t)
	signedOut := []pageCase{
		{"home", "/", "#welcome"},
		{"signin", "/signin", "#signin-form"},
		{"signup", "/signup", "#signup-form"},
		{"confirm", "/confirm?username=" + email, "#confirm-form"},
		{"forgot", "/forgot", "#forgot-form"},
		{"reset", "/reset?username=" + email, "#reset-form"},
		{"new-password", "/new-password", "main h1"},
		{"mfa-code", "/mfa/totp", "main h1"},
		{"mfa-choose", "/mfa/choose", "main h1"},
		{"mfa-setup-totp", "/mfa/setup/totp", "main h1"},
		{"tokens", "/tokens", "#paste-form"},
		{"account", "/account", "#signin-first"},
		{"not-found", "/no-such-page", "#not-found"},
	}
	signedIn := []pageCase{
		{"home-signed-in", "/", "#summary"},
		{"signin-signed-in", "/signin", "#signin-current"},
		{"tokens-signed-in", "/tokens", "#access-token-claims"},
		{"account-signed-in", "/account", "#attr-family-name-value"},
	}
	walk := func(pages []pageCase) {
		for _, width := range []int{1280, 390} {
			b.viewport(width)
			for _, p := range pages {
				b.open(s.URL + p.path)
				b.do("showing "+p.name, chromedp.WaitVisible(chromedp.CSS(p.ready)))
				what := fmt.Sprintf("%s at %d px", p.name, width)
				b.audit(what)
				if width == 390 {
					b.fitsWidth(what)
				}
				b.screenshot(p.name, width)
			}
		}
	}
	walk(signedOut)
	b.viewport(1280)
	b.open(s.URL + "/signin")
	b.do("signing in",
		signInHome(email, password),
	)
	walk(signedIn)
}

// focused describes the element that has the focus.
func (b *browser) focused() string {
	b.t.Helper()
	return eval[string](b, `(e => e ? e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") : "none")(document.activeElement)`)
}

// typeText types s into the focused element as key presses.
func typeText(s string) chromedp.Action[chromedp.Void] {
	return chromedp.KeyEvent(s)
}

// press presses one key (Tab, Enter) on the focused element.
func press(key string) chromedp.Action[chromedp.Void] {
	return chromedp.KeyEvent(key)
}

// tabTo presses Tab until the element sel has the focus, at most limit times.
func (b *browser) tabTo(sel string, limit int) {
	b.t.Helper()
	for i := 0; ; i++ {
		if eval[bool](b, fmt.Sprintf(`document.activeElement === document.querySelector(%s)`, jsString(sel))) {
			return
		}
		if i == limit {
			break
		}
		b.do("pressing Tab", press(kb.Tab))
	}
	b.t.Fatalf("%s never got the focus in %d presses of Tab; the focus is on %s", sel, limit, b.focused())
}

// kb names the keys the walks press.
var kb = struct{ Tab, Enter, Space string }{"\t", "\r", " "}

// TestBrowserKeyboardAndPhoneWalk signs up, confirms, signs out and signs
// in again with the keyboard only, on a phone-width (390 px) screen: every
// page starts with the focus on its first field, a failed submit moves the
// focus to the field at fault, and the focus never falls back to the body.
func TestBrowserKeyboardAndPhoneWalk(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t)
	b.viewport(390)
	const email, password = "keys@example.com", "Keys-Passw0rd"

	b.open(s.URL + "/signup")
	b.do("showing the sign-up form", chromedp.WaitVisible(chromedp.CSS("#signup-form")))
	b.waitFocus("#signup-email")
	b.do("submitting an empty form", press(kb.Enter))
	b.waitFocus("#signup-email") // the first invalid field
	b.do("typing the email", typeText(email))
	b.tabTo("#signup-password", 3)
	b.do("typing the password", typeText(password))
	b.tabTo("#signup-password-again", 3)
	b.do("typing it again", typeText(password), press(kb.Enter), waitPath("/confirm"))
	b.waitFocus("#confirm-username")
	b.tabTo("#confirm-code", 2)
	b.do("typing the code", typeText(s.Pool.Code(t, email)), press(kb.Enter), waitPath("/"), waitText("#summary-who", email))
	b.waitFocus("main h1")
	b.fitsWidth("home at 390 px")

	b.tabTo("#header-signout", 8)
	b.do("signing out from the header", press(kb.Enter), waitPath("/signin"), waitText("#notice", "You are signed out."))
	b.waitFocus("#signin-username")
	b.do("typing a wrong password",
		typeText(email), press(kb.Tab), typeText("Wrong-Passw0rd"), press(kb.Enter),
		waitText("#error", "Incorrect email or password."))
	b.waitFocus("#error")
	b.tabTo("#signin-password", 20) // past the other ways to sign in, then round to the form
	b.do("signing in", chromedp.Evaluate[chromedp.Void](`document.activeElement.select()`), typeText(password), press(kb.Enter),
		waitPath("/"), waitText("#summary-who", email))
	if f := b.focused(); f == "body" || f == "none" {
		t.Fatalf("after signing in, the focus is on %s", f)
	}
}

// waitFocus waits until the element sel has the focus.
func (b *browser) waitFocus(sel string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	expr := fmt.Sprintf(`document.activeElement === document.querySelector(%s)`, jsString(sel))
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		b.t.Fatalf("the focus is on %s, want %s%s", b.focused(), sel, b.pageState())
	}
}
