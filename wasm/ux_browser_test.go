//go:build !js

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/cognitowasm/cognitowasm/app/ui"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// storageItem is the localStorage item whose key ends with suffix, or "".
func (b *browser) storageItem(suffix string) string {
	b.t.Helper()
	return eval[string](b, fmt.Sprintf(`Object.keys(localStorage).filter(k => k.endsWith(%s)).map(k => localStorage.getItem(k)).join()`, jsString(suffix)))
}

// text is the visible text of the element sel, or "".
func (b *browser) text(sel string) string {
	b.t.Helper()
	return eval[string](b, fmt.Sprintf(`document.querySelector(%s)?.innerText || ""`, jsString(sel)))
}

// signUpUnconfirmed signs up email through the public API, leaving it unconfirmed.
func (s *site) signUpUnconfirmed(t *testing.T, email, password string) {
	t.Helper()
	_, err := s.Pool.Admin().SignUp(context.Background(), &cip.SignUpInput{ClientId: aws.String(s.Pool.ClientID),
		Username: aws.String(email), Password: aws.String(password),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String(email)}}})
	if err != nil {
		t.Fatal(err)
	}
}

// idToken signs username in through the API and returns the ID token.
func (s *site) idToken(t *testing.T, username, password string) string {
	t.Helper()
	out, err := s.Pool.Admin().InitiateAuth(context.Background(), &cip.InitiateAuthInput{ClientId: aws.String(s.Pool.ClientID),
		AuthFlow: types.AuthFlowTypeUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password}})
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("signing %s in: %+v, %v", username, out, err)
	}
	return aws.ToString(out.AuthenticationResult.IdToken)
}

// refreshRefused reports whether the pool refuses refreshToken.
func (s *site) refreshRefused(t *testing.T, refreshToken string) bool {
	t.Helper()
	_, err := s.Pool.Admin().InitiateAuth(context.Background(), &cip.InitiateAuthInput{ClientId: aws.String(s.Pool.ClientID),
		AuthFlow: types.AuthFlowTypeRefreshTokenAuth, AuthParameters: map[string]string{"REFRESH_TOKEN": refreshToken}})
	_, refused := errors.AsType[*types.NotAuthorizedException](err)
	return refused
}

// Defect 1: each attribute row acts on its own attribute. Adding
// family_name put it in the slot name had held, and Delete there deleted
// name; deleting asks first.
func TestBrowserAttributeRowsActOnTheirOwnAttribute(t *testing.T) {
	s := newSite(t)
	const email = "row@example.com"
	b := s.signedIn(t, email, "Row-Passw0rd", map[string]string{"name": "Rowan"})
	b.open(s.URL + "/account")
	b.do("adding family_name and given_name",
		waitValue("#attr-name-value", "Rowan"),
		fill("#attr-add-name", "family_name"),
		fill("#attr-add-value", "Rows"),
		click("#attr-add-submit"),
		waitValue("#attr-family-name-value", "Rows"),
		fill("#attr-add-name", "given_name"),
		fill("#attr-add-value", "Ro"),
		click("#attr-add-submit"),
		waitValue("#attr-given-name-value", "Ro"),
	)
	b.part(t, "save acts on its own row", func(t *testing.T) {
		b.do("saving family_name from its row", fill("#attr-family-name-value", "Rowes"), click("#attr-family-name-save"))
		a := s.waitAttributes(t, email, func(a map[string]string) bool { return a["family_name"] != "Rows" || a["name"] != "Rowan" })
		if a["family_name"] != "Rowes" || a["name"] != "Rowan" || a["given_name"] != "Ro" {
			t.Fatalf("after saving family_name the pool holds family_name %q, name %q, given_name %q", a["family_name"], a["name"], a["given_name"])
		}
		b.do("showing the row's notice", waitText("#attr-family-name-notice", "Saved Family name."))
	})
	b.part(t, "delete asks first", func(t *testing.T) {
		before := s.attributes(t, email)
		b.do("asking to delete family_name", click("#attr-family-name-delete"))
		b.do("showing the question", waitText("#attr-family-name-delete-question", "Delete Family name?"))
		if after := s.attributes(t, email); len(after) != len(before) {
			t.Fatalf("Delete removed an attribute before it was confirmed: %v", after)
		}
	})
	b.part(t, "delete acts on its own row", func(t *testing.T) {
		// Confirm when asked; the previous part may have deleted already.
		n := len(s.attributes(t, email))
		b.do("deleting family_name", chromedp.Evaluate[chromedp.Void](`(document.querySelector("#attr-family-name-delete-confirm") || document.querySelector("#attr-family-name-delete"))?.click()`))
		a := s.waitAttributes(t, email, func(a map[string]string) bool { return len(a) < n })
		if _, ok := a["family_name"]; ok || a["name"] != "Rowan" || a["given_name"] != "Ro" {
			t.Fatalf("after deleting family_name the pool holds %v; want family_name gone and name, given_name kept", a)
		}
		b.do("showing what was deleted", waitText("#attributes-notice", "Deleted Family name."), chromedp.WaitNotPresent(chromedp.CSS("#attr-family-name-value")))
		b.do("deleting given_name",
			click("#attr-given-name-delete"),
			click("#attr-given-name-delete-confirm"),
			waitText("#attributes-notice", "Deleted Given name."),
			chromedp.WaitNotPresent(chromedp.CSS("#attr-given-name-value")),
		)
		if a := s.attributes(t, email); a["name"] != "Rowan" || a["given_name"] != "" {
			t.Fatalf("after deleting given_name the pool holds %v; want name kept", a)
		}
		if got := eval[string](b, `document.querySelector("#attr-name-value").value`); got != "Rowan" {
			t.Fatalf("the name row shows %q, want Rowan", got)
		}
	})
	b.part(t, "friendly labels", func(t *testing.T) {
		// The friendly label first, the raw name second.
		if got := b.text("#attr-name"); !strings.HasPrefix(got, "Name") || !strings.Contains(got, "\nname") {
			t.Fatalf("the name row reads %q", got)
		}
	})
}

// waitAttributes polls the pool for username's attributes until done
// holds for them or ten seconds pass, and returns the last ones seen.
func (s *site) waitAttributes(t *testing.T, username string, done func(map[string]string) bool) map[string]string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		a := s.attributes(t, username)
		if done(a) || time.Now().After(deadline) {
			return a
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Defect 2: /signin says who is signed in and offers to sign out; a second
// sign-in replaces the first session: A's keys go, A's refresh token is revoked.
func TestBrowserSignInOverASession(t *testing.T) {
	s := newSite(t)
	b := s.signedIn(t, "ann.a@example.com", "Ann-Passw0rd", nil)
	refreshA := b.storageItem(".refreshToken")
	s.Pool.CreateUser(t, "ben.b@example.com", "Ben-Passw0rd", map[string]string{"email": "ben.b@example.com"})
	b.part(t, "signin says who is signed in", func(t *testing.T) {
		b.open(s.URL + "/signin")
		b.do("seeing who is signed in", waitText("#signin-current", "You are signed in as ann.a@example.com"),
			chromedp.WaitVisible(chromedp.CSS("#signin-signout")))
	})
	b.part(t, "second sign-in replaces the first", func(t *testing.T) {
		b.open(s.URL + "/signin")
		b.do("signing in as ben",
			submitSignIn("ben.b@example.com", "Ben-Passw0rd"),
			waitPath("/"),
			waitText("#who", "ben.b@example.com"),
		)
		deadline := time.Now().Add(20 * time.Second)
		for !s.refreshRefused(t, refreshA) {
			if time.Now().After(deadline) {
				t.Fatal("ann's refresh token still works after ben signed in over her session")
			}
			time.Sleep(200 * time.Millisecond)
		}
		// Keys are named by Cognito's username (a UUID here): ann's are gone
		// when one user's tokens remain and none is hers.
		b.do("waiting for ann's keys to go", chromedp.Poll[chromedp.Void](fmt.Sprintf(
			`(ks => ks.length === 1 && localStorage.getItem(ks[0]) !== %s)(Object.keys(localStorage).filter(k => k.endsWith(".refreshToken")))`, jsString(refreshA)),
			chromedp.WithPollingTimeout(10*time.Second)))
		if n := eval[int](b, fmt.Sprintf(`Object.values(localStorage).filter(v => v === %s).length`, jsString(refreshA))); n != 0 {
			t.Fatal("localStorage still holds ann's refresh token")
		}
		if n := eval[int](b, `Object.keys(localStorage).filter(k => k.endsWith(".idToken")).length`); n != 1 {
			t.Fatalf("localStorage holds %d ID tokens, want ben's only", n)
		}
	})
	b.part(t, "sign out from the header", func(t *testing.T) {
		b.open(s.URL + "/")
		b.do("signing out", click("#header-signout"), waitPath("/signin"), waitText("#notice", "You are signed out."))
		if n := eval[int](b, `Object.keys(localStorage).filter(k => k.endsWith("Token")).length`); n != 0 {
			t.Fatalf("localStorage holds %d tokens after signing out", n)
		}
		if got := b.text("#signin-current"); got != "" {
			t.Fatalf("/signin still says someone is signed in: %q", got)
		}
	})
}

// Defect 3: a session that ends in the background (signed out on another
// device; refresh token expired) redraws the header and the page at once,
// with a notice saying why.
func TestBrowserSessionEndedElsewhere(t *testing.T) {
	var offset atomic.Int64
	shortLived := useShortLivedClient(t)
	s := newSiteWith(t, siteOptions{
		poolClock: func() time.Time { return time.Now().Add(time.Duration(offset.Load())) },
		configure: func(p *localpooltest.Pool, cfg *ui.Config) {
			shortLived(p, cfg)
			cfg.RefreshBeforeSeconds = 297 // refresh about every three seconds
		},
	})
	b := s.signedIn(t, "eve@example.com", "Eve-Passw0rd", nil)
	b.open(s.URL + "/account")
	b.do("loading the account", chromedp.WaitVisible(chromedp.CSS("#attr-email-value")))
	if _, err := s.Pool.Admin().AdminUserGlobalSignOut(context.Background(), &cip.AdminUserGlobalSignOutInput{
		UserPoolId: aws.String(s.Pool.UserPoolID), Username: aws.String("eve@example.com")}); err != nil {
		t.Fatal(err)
	}
	b.part(t, "signed out on another device", func(t *testing.T) {
		b.do("waiting for the background refresh to end the session",
			waitText("#ended-notice", "You were signed out on another device."),
			chromedp.WaitVisible(chromedp.CSS("#signin-first")),
			chromedp.WaitNotPresent(chromedp.CSS("#who")),
			waitText("header nav", "Sign in"),
		)
	})
	b.part(t, "session expired", func(t *testing.T) {
		b.open(s.URL + "/signin")
		b.do("signing in again",
			submitSignIn("eve@example.com", "Eve-Passw0rd"),
			waitPath("/"),
			waitText("#who", "eve@example.com"),
		)
		if got := b.text("#ended-notice"); got != "" {
			t.Fatalf("the notice stays after signing in again: %q", got)
		}
		offset.Store(int64(31 * 24 * time.Hour)) // past the refresh token's 30 days
		b.do("waiting for the refresh token to expire",
			waitText("#ended-notice", "Your session expired."),
			chromedp.WaitVisible(chromedp.CSS("#welcome")),
			chromedp.WaitNotPresent(chromedp.CSS("#who")),
		)
	})
}

// Defect 4: a message shows next to what caused it, on screen, and takes
// the focus; a wrong verification code says so.
func TestBrowserMessagesNextToTheirCause(t *testing.T) {
	s := newSite(t)
	b := s.signedIn(t, "mia@example.com", "Mia-Passw0rd", map[string]string{"name": "Mia"})
	b.viewport(1280)
	b.open(s.URL + "/account")
	b.do("changing the email and typing a wrong code",
		waitValue("#attr-email-value", "mia@example.com"),
		fill("#attr-email-value", "mia.new@example.com"),
		click("#attr-email-save"),
		fill("#attr-email-code", "000000"),
		click("#attr-email-confirm"),
	)
	b.part(t, "a wrong code says so", func(t *testing.T) {
		// Said where the user looks: a message below the fold looks like nothing happened.
		b.do("showing the error", waitText("main", "That code is not right."))
		if !eval[bool](b, `[...document.querySelectorAll("main .alert")].some(e => e.innerText.includes("That code is not right.") &&
			(r => r.top >= 0 && r.bottom <= innerHeight)(e.getBoundingClientRect()))`) {
			t.Fatal("the wrong code's message is not on screen")
		}
	})
	b.part(t, "the message is in its row, on screen", func(t *testing.T) {
		b.do("showing the row's error", chromedp.WaitVisible(chromedp.CSS("#attr-email-error")))
		if !eval[bool](b, `document.querySelector("#attr-email").contains(document.querySelector("#attr-email-error"))`) {
			t.Fatal("the error of the email row is not in the email row")
		}
		if !eval[bool](b, `(r => r.top >= 0 && r.bottom <= innerHeight)(document.querySelector("#attr-email-error").getBoundingClientRect())`) {
			t.Fatalf("the error is off-screen at %s", eval[string](b, `JSON.stringify(document.querySelector("#attr-email-error").getBoundingClientRect())`))
		}
	})
	b.part(t, "the message takes the focus", func(t *testing.T) {
		b.waitFocus("#attr-email-error")
	})
}

// Defect 5: every message is a plain sentence that says what to do next,
// in the words of the page, never Cognito's or Go's.
func TestBrowserWording(t *testing.T) {
	s := newSite(t)
	b := s.signedIn(t, "ned@example.com", "Ned-Passw0rd", nil)
	idToken := b.storageItem(".idToken")
	// The parts judge the words wherever the page puts them (where is
	// defect 4's), and fill the second password field only where it is
	// (the conveniences test checks it is).
	b.part(t, "wrong current password", func(t *testing.T) {
		b.open(s.URL + "/account")
		b.do("changing the password with a wrong current one",
			fill("#passwd-current", "Wrong-Passw0rd"),
			fill("#passwd-new", "Neds-New-Passw0rd"),
			fillIfPresent("#passwd-new-again", "Neds-New-Passw0rd"),
			click("#passwd-submit"),
		)
		if got := b.errorSaying("password"); !strings.HasPrefix(got, "Your current password is not right.") {
			t.Fatalf("a wrong current password says %q", got)
		}
	})
	b.part(t, "attribute the pool lacks", func(t *testing.T) {
		b.open(s.URL + "/account")
		b.do("adding an attribute the pool does not have",
			fill("#attr-add-name", "favourite_colour"),
			fill("#attr-add-value", "blue"),
			click("#attr-add-submit"),
		)
		got := b.errorSaying("attribute")
		if !strings.HasPrefix(got, "This user pool has no attribute of that name.") || strings.ContainsAny(got, "()") || strings.Contains(got, "schema") {
			t.Fatalf("adding an attribute the pool lacks says %q", got)
		}
	})
	b.part(t, "account already confirmed", func(t *testing.T) {
		b.open(s.URL + "/confirm?username=ned@example.com")
		b.do("confirming an account that is confirmed",
			fill("#confirm-code", "123456"),
			click("#confirm-submit"),
			waitText("#error", "This account is already confirmed. Sign in to continue."),
			chromedp.WaitVisible(chromedp.CSS(`#error a[href^="/signin"]`)),
		)
	})
	b.part(t, "email taken at sign-up", func(t *testing.T) {
		b.open(s.URL + "/signup")
		b.do("signing up with a taken email",
			fill("#signup-email", "ned@example.com"),
			fill("#signup-password", "Other-Passw0rd"),
			fillIfPresent("#signup-password-again", "Other-Passw0rd"),
			click("#signup-submit"),
			waitText("#error", "An account with this email already exists."),
			chromedp.WaitVisible(chromedp.CSS(`#error a[href^="/signin"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#error a[href^="/forgot"]`)),
		)
		if got := b.text("#error"); strings.Contains(got, "username") {
			t.Fatalf("the sign-up error says username to a user who typed an email: %q", got)
		}
	})
	b.part(t, "inspector without Go's error chain", func(t *testing.T) {
		b.open(s.URL + "/tokens")
		b.checkPasted("checking a tampered token", withClaim(t, idToken, "email", "x@example.com"), "#pasted-reason", "Failed the signature check.")
		if got := b.text("#pasted-reason"); strings.Count(got, "signature is invalid") > 0 || strings.Contains(got, "crypto/rsa") {
			t.Fatalf("the inspector repeats Go's error chain: %q", got)
		}
	})
}

// Defect 5, the progress line: what a sign-in shows while it works, and
// the busy button (defect 8), recorded as the page changes.
func TestBrowserSignInProgressWording(t *testing.T) {
	s := newSite(t)
	s.Pool.CreateUser(t, "pat@example.com", "Pat-Passw0rd", map[string]string{"email": "pat@example.com"})
	b := newBrowser(t)
	b.open(s.URL + "/signin")
	b.do("signing in while recording the progress",
		chromedp.WaitVisible(chromedp.CSS("#signin-form")),
		chromedp.Evaluate[chromedp.Void](`window.seen = new Set(); new MutationObserver(() => {
			for (const e of document.querySelectorAll("#progress, #signin-submit")) window.seen.add(e.innerText.trim());
		}).observe(document.body, {subtree: true, childList: true, characterData: true})`),
		submitSignIn("pat@example.com", "Pat-Passw0rd"),
		waitPath("/"),
	)
	seen := eval[[]string](b, `[...window.seen]`)
	joined := strings.Join(seen, " | ")
	if strings.Contains(joined, "Cognito") {
		t.Errorf("the progress speaks of Cognito: %s", joined)
	}
	if !strings.Contains(joined, "Signing in…") {
		t.Errorf("the busy button never said Signing in…: %s", joined)
	}
}

// Defect 6: spaces around codes and emails, and a pasted "Bearer <jwt>",
// are trimmed; an empty paste says why nothing happened.
func TestBrowserForgivingInput(t *testing.T) {
	s := newSite(t)
	s.signUpUnconfirmed(t, "sam@example.com", "Sam-Passw0rd")
	s.Pool.CreateUser(t, "tim@example.com", "Tim-Passw0rd", map[string]string{"email": "tim@example.com"})
	b := newBrowser(t)
	b.part(t, "code and email with spaces", func(t *testing.T) {
		b.open(s.URL + "/confirm")
		b.do("confirming with spaces around the email and code",
			fill("#confirm-username", "  sam@example.com "),
			fill("#confirm-code", " "+s.Pool.Code(t, "sam@example.com")+"  "),
			click("#confirm-submit"),
			// The app client allows USER_AUTH: ConfirmSignUp's session signs sam in.
			waitPath("/"),
			waitText("#summary-who", "sam@example.com"),
		)
	})
	b.part(t, "sign-in email with spaces", func(t *testing.T) {
		b.open(s.URL + "/signin")
		b.do("signing in with spaces around the email", signInHome(" tim@example.com  ", "Tim-Passw0rd"))
	})
	idToken := s.idToken(t, "tim@example.com", "Tim-Passw0rd")
	b.part(t, "pasted Authorization header", func(t *testing.T) {
		b.open(s.URL + "/tokens")
		b.checkPasted("pasting an Authorization header", "  Bearer "+idToken+"\n", "#pasted-status", "signature and claims verified")
	})
	b.part(t, "empty paste", func(t *testing.T) {
		b.open(s.URL + "/tokens")
		b.do("pasting nothing",
			fill("#paste-jwt", "   "),
			click("#paste-submit"),
			waitText("#paste-jwt-invalid", "The box is empty."),
		)
		b.waitFocus("#paste-jwt")
	})
}

// Defects 7 and 8: every page has its own title and starts with the focus on
// its first field (else its heading), after a load and after a client-side
// navigation; the focus ring stands out 3:1; the page can be zoomed.
func TestBrowserFocusTitlesAndZoom(t *testing.T) {
	s := newSite(t)
	s.Pool.CreateUser(t, "foc@example.com", "Foc-Passw0rd", map[string]string{"email": "foc@example.com"})
	b := newBrowser(t)
	b.part(t, "each page its title and first field", func(t *testing.T) {
		titles := map[string]bool{}
		for _, p := range []struct{ path, focus string }{
			{"/", "main h1"}, {"/signin", "#signin-username"}, {"/signup", "#signup-email"}, {"/confirm", "#confirm-username"},
			{"/forgot", "#forgot-username"}, {"/reset", "#reset-username"}, {"/new-password", "main h1"}, {"/tokens", "#paste-jwt"},
			{"/account", "main h1"}, {"/nowhere", "main h1"},
		} {
			b.open(s.URL + p.path)
			b.do("loading "+p.path, chromedp.Poll[chromedp.Void](`!document.getElementById("app-wasm-loader")`, chromedp.WithPollingTimeout(stepTimeout)))
			if !b.focusesSoon(p.focus) {
				t.Errorf("%s: the focus is on %s, want %s", p.path, b.focused(), p.focus)
			}
			title := eval[string](b, `document.title`)
			if titles[title] {
				t.Errorf("%s has the title %q of another page", p.path, title)
			}
			titles[title] = true
		}
	})
	b.part(t, "zoom allowed", func(t *testing.T) {
		b.open(s.URL + "/signin")
		b.do("loading /signin", chromedp.Poll[chromedp.Void](`!document.getElementById("app-wasm-loader")`, chromedp.WithPollingTimeout(stepTimeout)))
		viewport := eval[string](b, `document.querySelector('meta[name="viewport"]').content`)
		if strings.Contains(viewport, "user-scalable") || strings.Contains(viewport, "maximum-scale") {
			t.Errorf("the viewport forbids zoom: %q", viewport)
		}
		resp, err := http.Get(s.URL + "/signin")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(page), "user-scalable=0") {
			t.Error("the served page forbids zoom")
		}
	})
	b.part(t, "client-side navigation focuses the first field", func(t *testing.T) {
		b.open(s.URL + "/")
		b.do("following the sign-in link", click(`main a[href="/signin"]`), waitPath("/signin"))
		b.waitFocus("#signin-username")
		b.do("following the create-account tab", click(`.tabs a[href="/signup"]`), waitPath("/signup"))
		b.waitFocus("#signup-email")
	})
	b.part(t, "a failed submit focuses the first invalid field", func(t *testing.T) {
		b.open(s.URL + "/signup")
		b.do("submitting a bad email", fill("#signup-email", "nope"), click("#signup-submit"),
			chromedp.WaitVisible(chromedp.CSS(`#signup-email[aria-invalid="true"]`)))
		b.waitFocus("#signup-email")
	})
	b.part(t, "focus ring 3:1", func(t *testing.T) {
		b.open(s.URL + "/signup")
		b.do("focusing the page as a user's would be", chromedp.WaitVisible(chromedp.CSS("#signup-email")), focusEmulation())
		ratio := eval[float64](b, `(() => {
			const e = document.querySelector("#signup-email"); e.focus();
			// A colour as drawn over bg: a ring with alpha shows the card through it.
			const drawn = (bg, fg) => {
				const g = Object.assign(document.createElement("canvas"), {width: 1, height: 1}).getContext("2d");
				g.fillStyle = bg; g.fillRect(0, 0, 1, 1); g.fillStyle = fg; g.fillRect(0, 0, 1, 1);
				return [...g.getImageData(0, 0, 1, 1).data].slice(0, 3);
			};
			const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
			const st = getComputedStyle(e);
			if (st.outlineStyle === "none" || parseFloat(st.outlineWidth) < 2) return 0;
			const cardColor = drawn("#fff", getComputedStyle(e.closest(".card")).backgroundColor);
			const ring = lum(drawn("rgb(" + cardColor + ")", st.outlineColor)), card = lum(cardColor);
			return (Math.max(ring, card) + 0.05) / (Math.min(ring, card) + 0.05);
		})()`)
		if ratio < 3 {
			t.Errorf("the focus ring's contrast is %.2f:1, want at least 3:1", ratio)
		}
	})
	b.part(t, "after an async action the focus is on its message", func(t *testing.T) {
		b.open(s.URL + "/signin")
		b.do("signing in with a wrong password",
			submitSignIn("foc@example.com", "Wrong-Passw0rd"),
			waitText("#error", "Incorrect email or password."),
		)
		b.waitFocus("#error")
		b.do("signing in", fill("#signin-password", "Foc-Passw0rd"), click("#signin-submit"), waitPath("/"), waitText("#summary-who", "foc@example.com"))
		b.waitFocus("main h1")
	})
}

// focusesSoon reports whether the focus reaches sel within ten seconds.
func (b *browser) focusesSoon(sel string) bool {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	expr := fmt.Sprintf(`document.activeElement === document.querySelector(%s)`, jsString(sel))
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(50*time.Millisecond)))
	return err == nil
}

// Defect 9: signing in to an unconfirmed account explains why, and sends a
// new code, as Amplify does.
func TestBrowserUnconfirmedSignIn(t *testing.T) {
	s := newSite(t)
	s.signUpUnconfirmed(t, "una@example.com", "Una-Passw0rd")
	first := s.Pool.Code(t, "una@example.com")
	resends := func() int {
		n := 0
		for _, c := range s.Pool.Calls() {
			if c.Operation == "ResendConfirmationCode" {
				n++
			}
		}
		return n
	}
	b := newBrowser(t)
	b.open(s.URL + "/signin")
	b.do("signing in unconfirmed",
		submitSignIn("una@example.com", "Una-Passw0rd"),
		waitPath("/confirm"),
	)
	b.part(t, "sends a new code", func(t *testing.T) {
		deadline := time.Now().Add(5 * time.Second)
		for resends() == 0 && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
		}
		if n := resends(); n != 1 {
			t.Fatalf("the sign-in sent %d new codes, want 1", n)
		}
	})
	b.part(t, "says why", func(t *testing.T) {
		b.do("explaining", waitText("#confirm-intro", "Your account is not confirmed yet. We sent a new code to"))
	})
	code := s.Pool.Code(t, "una@example.com")
	if code == first {
		t.Log("the new code equals the first one") // possible, if unlikely; the resend count is the check
	}
	// The app client allows USER_AUTH: ConfirmSignUp's session signs una in.
	b.do("confirming with the new code", fill("#confirm-code", code), click("#confirm-submit"), waitPath("/"),
		waitText("#summary-who", "una@example.com"))
}

// Defect 10: the header follows an email change at once, the inspector's
// per-claim times tick, and all times on a page are in one zone.
func TestBrowserNothingStale(t *testing.T) {
	s := newSite(t)
	b := s.signedIn(t, "old@example.com", "Old-Passw0rd", nil)
	b.do("moving the browser to Tokyo", emulateZone("Asia/Tokyo"))
	b.part(t, "header follows an email change", func(t *testing.T) {
		b.open(s.URL + "/account")
		b.do("changing the email",
			waitValue("#attr-email-value", "old@example.com"),
			fill("#attr-email-value", "new@example.com"),
			click("#attr-email-save"),
		)
		b.do("showing the new email in the header", waitText("#who", "new@example.com"))
	})
	note := `[...document.querySelectorAll("#id-token-claims tr")].find(r => r.innerText.startsWith("exp")).querySelector(".muted").innerText`
	b.part(t, "claim times tick", func(t *testing.T) {
		b.open(s.URL + "/tokens")
		b.do("showing the claims", waitText("#id-token-claims", "exp"))
		before := eval[string](b, note)
		b.do("waiting two seconds", chromedp.Sleep(2100*time.Millisecond))
		if after := eval[string](b, note); after == before {
			t.Fatalf("the exp claim's note stays %q while the clock ticks", after)
		}
	})
	b.part(t, "one zone", func(t *testing.T) {
		b.open(s.URL + "/tokens")
		b.do("showing the claims", waitText("#id-token-claims", "exp"))
		zones := eval[[]string](b, `[...document.querySelector("main").innerText.matchAll(/\d\d:\d\d:\d\d( [A-Z][A-Za-z0-9+:-]*)?/g)].map(m => m[1] || "(none)")`)
		for _, z := range zones {
			if z != zones[0] || z == "(none)" {
				t.Fatalf("the inspector shows times in several zones, or none named: %v", zones)
			}
		}
		if len(zones) < 4 {
			t.Fatalf("found only %d times on /tokens: %v", len(zones), zones)
		}
	})
}

// errorSaying waits up to ten seconds for an error message in the page
// that mentions about (case aside), and returns its text, or "".
func (b *browser) errorSaying(about string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	expr := fmt.Sprintf(`[...document.querySelectorAll("main .alert.error")].map(e => e.innerText.trim()).find(t => t.toLowerCase().includes(%s)) || ""`, jsString(strings.ToLower(about)))
	var got string
	for ctx.Err() == nil {
		if v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr)); err == nil && v != "" {
			got = v
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return got
}

// fillIfPresent fills sel when the page has it, else does nothing.
func fillIfPresent(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
		`(e => { if (e) { e.value = %s; e.dispatchEvent(new Event("input", {bubbles: true})); } })(document.querySelector(%s))`,
		jsString(value), jsString(sel)))
}

// focusEmulation makes the headless page focused, as a user's page is:
// the clipboard and :focus-visible need it.
func focusEmulation() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	})
}

// emulateZone sets the browser's time zone.
func emulateZone(zone string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: zone})
		return err
	})
}

// Defect 11: a crafted link cannot put words on the confirm page.
func TestBrowserCraftedConfirmLink(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t)
	for _, page := range []string{"/confirm", "/reset"} {
		b.part(t, page, func(t *testing.T) {
			b.open(s.URL + page + "?username=x@example.com&sent=HACKED+-+call+%2B1-555")
			b.do("showing the page", chromedp.WaitVisible(chromedp.CSS("main form")), chromedp.Sleep(500*time.Millisecond))
			if got := b.text("main"); strings.Contains(got, "HACKED") {
				t.Fatalf("the page shows the link's text: %q", got)
			}
		})
	}
}

// Defect 12: an unknown path answers 404 with the app's own page.
func TestBrowserNotFoundPage(t *testing.T) {
	s := newSite(t)
	resp, err := http.Get(s.URL + "/no/such/page")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "Page not found") {
		t.Fatalf("GET /no/such/page: %s, body %.200q; want 404 and the app's page", resp.Status, body)
	}
	b := newBrowser(t)
	b.open(s.URL + "/no/such/page")
	b.do("showing the not-found page", waitText("#not-found", "There is no page at this address."), waitText("header nav", "Sign in"))
	b.do("going home", click(`#not-found a`), waitPath("/"), chromedp.WaitVisible(chromedp.CSS("#welcome")))
}

// What Authenticator users expect: show-password, confirm-password fields,
// automatic sign-in after confirming, sign out in the header, tabs and
// links between the pages, and copy and raw views in the inspector.
func TestBrowserAuthenticatorConveniences(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t)
	b.part(t, "show password", func(t *testing.T) {
		b.open(s.URL + "/signup")
		b.do("showing and hiding the password",
			fill("#signup-password", "Visible-Passw0rd"),
			click("#signup-password-show"),
			chromedp.WaitVisible(chromedp.CSS(`#signup-password[type="text"]`)),
			click("#signup-password-show"),
			chromedp.WaitVisible(chromedp.CSS(`#signup-password[type="password"]`)),
		)
	})
	b.part(t, "confirm password on sign-up", func(t *testing.T) {
		b.open(s.URL + "/signup")
		b.do("typing two different passwords",
			fill("#signup-email", "con@example.com"),
			fill("#signup-password", "Visible-Passw0rd"),
			fill("#signup-password-again", "Other-Passw0rd"),
			click("#signup-submit"),
			waitText("#signup-password-again-invalid", "The two passwords differ."),
		)
	})
	b.part(t, "confirm password on reset", func(t *testing.T) {
		b.open(s.URL + "/reset?username=con@example.com")
		b.do("showing the second password field", chromedp.WaitVisible(chromedp.CSS("#reset-password-again")))
	})
	b.part(t, "confirming signs in", func(t *testing.T) {
		b.open(s.URL + "/signup")
		b.do("signing up",
			fill("#signup-email", "con@example.com"),
			fill("#signup-password", "Visible-Passw0rd"),
			fillIfPresent("#signup-password-again", "Visible-Passw0rd"), // its own part checks it is there
			click("#signup-submit"), waitPath("/confirm"))
		b.do("confirming signs in", fill("#confirm-code", s.Pool.Code(t, "con@example.com")), click("#confirm-submit"),
			waitPath("/"), waitText("#summary h1", "con@example.com"))
	})
	b.part(t, "copy and raw token", func(t *testing.T) {
		s.Pool.CreateUser(t, "cop@example.com", "Cop-Passw0rd", map[string]string{"email": "cop@example.com"})
		b.open(s.URL + "/signin")
		b.do("signing in", signInHome("cop@example.com", "Cop-Passw0rd"))
		b.open(s.URL + "/tokens")
		idToken := b.storageItem(".idToken")
		b.do("focusing the page, for the clipboard", focusEmulation())
		b.do("granting the clipboard", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			for _, name := range []string{"clipboard-read", "clipboard-write"} {
				if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
					Permission: &cdpbrowser.PermissionDescriptor{Name: name}, Setting: "granted", Origin: s.URL}); err != nil {
					return err
				}
			}
			return nil
		}))
		b.do("copying the ID token", click("#id-token-copy"), waitText("#id-token-copied", "Copied the ID token"))
		if got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise)); err != nil || got != idToken {
			t.Fatalf("the clipboard holds %.40q (%v), want the ID token", got, err)
		}
		b.do("showing the raw token", click("#id-token-raw summary"), chromedp.WaitVisible(chromedp.CSS("#id-token-raw-text")))
		if got := b.text("#id-token-raw-text"); got != idToken {
			t.Fatalf("the raw view shows %.40q, want the ID token", got)
		}
	})
	b.part(t, "home names the user by email", func(t *testing.T) {
		b.open(s.URL + "/")
		b.do("greeting the user", waitText("#summary h1", "cop@example.com"))
	})
	b.part(t, "sign out in the header", func(t *testing.T) {
		b.open(s.URL + "/tokens")
		b.do("signing out", click("#header-signout"), waitPath("/signin"))
	})
	b.part(t, "tabs", func(t *testing.T) {
		b.open(s.URL + "/signin")
		b.do("following the tabs", click(`.tabs a[href="/signup"]`), waitPath("/signup"), click(`.tabs a[href="/signin"]`), waitPath("/signin"))
	})
	b.part(t, "forgot: back to sign in", func(t *testing.T) {
		b.open(s.URL + "/signin")
		b.do("following the links", click(`main a[href^="/forgot"]`), waitPath("/forgot"), click(`main a[href="/signin"]`), waitPath("/signin"))
	})
	b.part(t, "reset: resend code and back to sign in", func(t *testing.T) {
		b.open(s.URL + "/reset?username=con@example.com")
		b.do("resending the reset code", click("#reset-resend"), waitText("#notice", "We sent a new code to"))
		b.do("going back to sign in", click(`.links a[href="/signin"]`), waitPath("/signin"))
	})
	b.part(t, "new password: confirm field and cancel", func(t *testing.T) {
		if _, err := s.Pool.Admin().AdminCreateUser(context.Background(), &cip.AdminCreateUserInput{
			UserPoolId: aws.String(s.Pool.UserPoolID), Username: aws.String("newp@example.com"), TemporaryPassword: aws.String("Temp-Passw0rd"),
			MessageAction: types.MessageActionTypeSuppress}); err != nil {
			t.Fatal(err)
		}
		b.open(s.URL + "/signin")
		b.do("signing in with the temporary password",
			submitSignIn("newp@example.com", "Temp-Passw0rd"),
			waitPath("/new-password"),
			chromedp.WaitVisible(chromedp.CSS("#newpassword-password-again")),
			click(`main a[href="/signin"]`),
			waitPath("/signin"),
		)
	})
}

// Added behaviour: where the app client does not allow choice-based sign-in
// (no ConfirmSignUp session to sign in with), confirming a sign-up in the
// same tab signs in with the password kept in memory since sign-up, never
// in web storage, as Amplify's autoSignIn does.
func TestBrowserConfirmSignsInWithThePasswordInMemory(t *testing.T) {
	s := newSiteWith(t, siteOptions{configure: func(p *localpooltest.Pool, cfg *ui.Config) {
		cfg.ClientID, _ = p.NewClient(t, cip.CreateUserPoolClientInput{ExplicitAuthFlows: []types.ExplicitAuthFlowsType{
			types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
	}})
	b := newBrowser(t)
	b.open(s.URL + "/signup")
	b.do("signing up",
		fill("#signup-email", "mem@example.com"),
		fill("#signup-password", "Memory-Passw0rd"),
		fillIfPresent("#signup-password-again", "Memory-Passw0rd"),
		click("#signup-submit"),
		waitPath("/confirm"),
	)
	if n := eval[int](b, `[...Object.values(localStorage), ...Object.values(sessionStorage)].filter(v => v.includes("Memory-Passw0rd")).length`); n != 0 {
		t.Fatal("the sign-up password is in web storage")
	}
	b.do("confirming signs in", fill("#confirm-code", s.Pool.Code(t, "mem@example.com")), click("#confirm-submit"),
		waitPath("/"), waitText("#summary h1", "mem@example.com"))
}

// TestBrowserSignInNamesOnlySlowSteps: the progress line names a step of the
// sign-in once it has lasted a moment, here Cognito's slow first answer, and
// is not redrawn for steps that end sooner.
func TestBrowserSignInNamesOnlySlowSteps(t *testing.T) {
	var delay atomic.Int64
	s := newSiteWith(t, siteOptions{configure: func(p *localpooltest.Pool, cfg *ui.Config) {
		cfg.Endpoint = slowProxy(t, p.URL, "InitiateAuth", &delay)
	}})
	const email, password = "slow.s@example.com", "Slow-Passw0rd"
	s.Pool.CreateUser(t, email, password, map[string]string{"email": email})
	// signIn signs in on a fresh page and returns the progress line's texts,
	// in order, and the milliseconds from sending SRP_A to the session.
	signIn := func(t *testing.T) (seen []string, checking float64) {
		b := newBrowser(t)
		b.open(s.URL + "/signin")
		b.do("filling the form", fill("#signin-username", email), fill("#signin-password", password))
		eval[chromedp.Void](b, `window.progressSeen = [];
			new MutationObserver(() => {
				const text = document.querySelector("#progress")?.innerText.trim();
				if (text && window.progressSeen.at(-1) !== text) window.progressSeen.push(text);
			}).observe(document.body, {subtree: true, childList: true, characterData: true})`)
		b.do("signing in", click("#signin-submit"), waitPath("/"), waitText("#summary-who", email))
		return eval[[]string](b, `window.progressSeen`), eval[float64](b, `performance.getEntriesByName("cognitowasm:signed-in")[0].startTime -
			performance.getEntriesByName("cognitowasm:waiting-network")[0].startTime`)
	}
	t.Run("slow", func(t *testing.T) {
		delay.Store(int64(1500 * time.Millisecond))
		seen, checking := signIn(t)
		if checking < 1500 {
			t.Fatalf("the password was checked in %.0f ms, less than the pool's delay: the proxy did not slow it", checking)
		}
		if want := []string{"Preparing a secure sign-in…", "Checking your password…"}; !slices.Equal(seen, want) {
			t.Fatalf("the progress line showed %q, want %q", seen, want)
		}
	})
	t.Run("quick", func(t *testing.T) {
		delay.Store(int64(50 * time.Millisecond)) // longer than a frame, shorter than the line waits
		seen, checking := signIn(t)
		if checking >= 250 {
			t.Skipf("checking the password took %.0f ms on this machine, longer than the line waits", checking)
		}
		if want := []string{"Preparing a secure sign-in…"}; !slices.Equal(seen, want) {
			t.Fatalf("the progress line showed %q in a sign-in of %.0f ms, want %q", seen, checking, want)
		}
	})
}

// slowProxy serves the pool at poolURL through a proxy that holds back the
// answers to one operation for delay (nanoseconds), and returns its URL.
func slowProxy(t *testing.T, poolURL, operation string, delay *atomic.Int64) string {
	t.Helper()
	target, err := url.Parse(poolURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(target)
		r.Out.Host = r.In.Host
	}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.Header.Get("X-Amz-Target"), "."+operation) {
			time.Sleep(time.Duration(delay.Load()))
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
