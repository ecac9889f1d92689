//go:build !js

package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
)

// recordCredentialsGet wraps navigator.credentials.get to record each
// call's mediation in window.passkeyGets. Headless Chromium shows no
// autofill list to pick the passkey from, so when sessionStorage has
// "pick-autofill", a conditional request goes on as if the user had picked
// the passkey there: the same request, without mediation, which the
// virtual authenticator answers; without it the request waits, unanswered,
// until the app aborts it.
const recordCredentialsGet = `(() => {
  const get = navigator.credentials.get.bind(navigator.credentials);
  window.passkeyGets = [];
  navigator.credentials.get = options => {
    window.passkeyGets.push(options.mediation || "");
    if (options.mediation === "conditional") {
      if (sessionStorage.getItem("pick-autofill")) {
        const { mediation, ...picked } = options;
        return get(picked);
      }
      // Nobody picks from the autofill, so the request waits until it is
      // aborted (the virtual authenticator would answer it by itself).
      return new Promise((_, reject) => {
        const signal = options.signal, stop = () => reject(signal.reason);
        if (signal.aborted) stop(); else signal.addEventListener("abort", stop);
      });
    }
    return get(options);
  };
})()`

// virtualAuthenticator gives the browser a CDP virtual platform
// authenticator (the WebAuthn domain) that verifies the user and answers
// presence checks by itself, and records credentials.get calls.
func (b *browser) virtualAuthenticator() webauthn.AuthenticatorID {
	b.t.Helper()
	var id webauthn.AuthenticatorID
	err := chromedp.Do(b.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordCredentialsGet}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, t, webauthn.Enable, webauthn.EnableParams{}); err != nil {
			return err
		}
		res, err := cdp.Call(ctx, t, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{Options: &webauthn.VirtualAuthenticatorOptions{
			Protocol: webauthn.AuthenticatorProtocolCtap2, Ctap2version: webauthn.Ctap2versionCtap21, Transport: webauthn.AuthenticatorTransportInternal,
			HasResidentKey: true, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true}})
		if err != nil {
			return err
		}
		id = res.AuthenticatorID
		return nil
	}))
	if err != nil {
		b.t.Fatalf("virtual authenticator: %v", err)
	}
	return id
}

// credentialCount is how many passkeys the virtual authenticator holds.
func (b *browser) credentialCount(id webauthn.AuthenticatorID) int {
	b.t.Helper()
	var n int
	err := chromedp.Do(b.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		res, err := cdp.Call(ctx, t, webauthn.GetCredentials, webauthn.GetCredentialsParams{AuthenticatorID: id})
		if err == nil {
			n = len(res.Credentials)
		}
		return err
	}))
	if err != nil {
		b.t.Fatalf("credentials of the virtual authenticator: %v", err)
	}
	return n
}

// signOut signs out on the account page of the app at app.
func (b *browser) signOut(app string) {
	b.t.Helper()
	b.open(app + "/account")
	b.do("signing out", click("#signout"), waitPath("/signin"))
}

// TestBrowserPasskeys signs in with a code by email ("Email me a code"),
// adds a passkey on the account page with a CDP virtual
// authenticator, signs out, signs in with it from the passkey autofill of
// the username field and with the "Sign in with a passkey" button, and
// deletes it. The app runs at http://localhost, the pool's RP ID.
func TestBrowserPasskeys(t *testing.T) {
	s := newSite(t)
	app := strings.Replace(s.URL, "127.0.0.1", "localhost", 1)
	const email, password = "pia@example.com", "Pia-Passw0rd"
	s.Pool.CreateUser(t, email, password, map[string]string{"email": email})
	b := newBrowser(t)
	auth := b.virtualAuthenticator()
	b.open(app + "/signin")
	b.do("checking the passwordless buttons and the autofill",
		chromedp.WaitVisible(chromedp.CSS("#signin-email-code")),
		chromedp.WaitVisible(chromedp.CSS("#signin-text-code")),
		chromedp.WaitVisible(chromedp.CSS("#signin-passkey")),
	)
	b.keepScreenshot("signin-passwordless")
	if ac := eval[string](b, `document.querySelector("#signin-username").getAttribute("autocomplete")`); ac != "username webauthn" {
		t.Fatalf("username autocomplete = %q", ac)
	}
	// "Email me a code": the code from the local inbox signs in.
	b.do("asking for a code by email",
		fill("#signin-username", email),
		click("#signin-email-code"),
		waitPath("/mfa/email"),
		waitText("#mfa-where", "by email"),
	)
	b.do("signing in with the emailed code",
		fill("#mfa-code", s.Pool.Code(t, email)),
		click("#mfa-submit"),
		waitPath("/"),
		waitText("#summary-who", email),
	)

	b.open(app + "/account")
	b.do("adding a passkey",
		waitText("#passkeys", "You have no passkey yet."),
		click("#passkey-add"),
		waitText("#passkeys", "The passkey is added."),
		waitText("#passkeys-list", "Added "),
	)
	b.keepScreenshot("account-passkeys")
	if n := b.credentialCount(auth); n != 1 {
		t.Fatalf("the authenticator holds %d passkeys, want 1", n)
	}
	b.signOut(app)

	// The autofill: the sign-in page remembers the name and asks for the
	// passkey with mediation "conditional"; picking it signs in.
	b.do("picking the passkey in the autofill",
		chromedp.Evaluate[chromedp.Void](`sessionStorage.setItem("pick-autofill", "1")`),
		chromedp.Navigate(app+"/signin"),
		waitPath("/"),
		waitText("#summary-who", email),
	)
	if gets := eval[string](b, `window.passkeyGets.join()`); gets != "conditional" {
		t.Fatalf("credentials.get mediations = %q, want conditional", gets)
	}
	b.signOut(app)

	// The button: the pending autofill request is aborted, the passkey prompt answered.
	b.do("signing in with the passkey button",
		chromedp.Evaluate[chromedp.Void](`sessionStorage.removeItem("pick-autofill")`),
		chromedp.Navigate(app+"/signin"),
		waitValue("#signin-username", email),
		// The autofill request asks the pool for its challenge first: click
		// once it is pending, which is the case this part is about.
		chromedp.Poll[chromedp.Void](`window.passkeyGets.join() === "conditional"`,
			chromedp.WithPollingTimeout(stepTimeout)),
		click("#signin-passkey"),
		waitPath("/"),
		waitText("#summary-who", email),
	)
	if gets := eval[string](b, `window.passkeyGets.join()`); gets != "conditional," {
		t.Fatalf("credentials.get mediations = %q, want the conditional one, then the prompt", gets)
	}

	b.open(app + "/account")
	b.do("deleting the passkey",
		waitText("#passkeys-list", "Added "),
		click(".passkey-delete"),
		waitText("#passkeys", "The passkey is deleted."),
		waitText("#passkeys", "You have no passkey yet."),
	)
}
