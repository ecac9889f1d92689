//go:build !js

package main

import (
	"bytes"
	"context"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/chromedp/chromedp"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/cognitowasm/cognitowasm/internal/jstest"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// mfaSite is a site whose pool offers SMS and TOTP MFA (OPTIONAL) and
// remembers devices when the user asks, a remembered device skipping MFA.
func mfaSite(t *testing.T) *site {
	t.Helper()
	s := newSite(t)
	s.Pool.EnableMFA(t, localpooltest.MFA{Mode: types.UserPoolMfaTypeOptional, SMS: true, TOTP: true, Devices: true})
	return s
}

// decodeQR reads the QR code in the screenshot of the element sel with
// gozxing, a QR decoder we did not write.
func (b *browser) decodeQR(sel string) string {
	b.t.Helper()
	b.do("waiting for the QR code", chromedp.WaitVisible(chromedp.CSS(sel)))
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("screenshot of the QR code: %v", err)
	}
	if dir := os.Getenv("COGNITOWASM_SCREENSHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, "totp-qr.png"), shot, 0o644)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		b.t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		b.t.Fatalf("decoding the QR code on the page: %v", err)
	}
	return res.GetText()
}

// keepScreenshot saves the page to $COGNITOWASM_SCREENSHOTS/name.png when set, to look at.
func (b *browser) keepScreenshot(name string) {
	dir := os.Getenv("COGNITOWASM_SCREENSHOTS")
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644)
	}
}

// checkA11y runs axe-core (from .ci/testtools) on the elements sel selects
// and fails on any violation of WCAG 2 A/AA there.
func (b *browser) checkA11y(what, sel string) {
	b.t.Helper()
	src, err := os.ReadFile(filepath.Join(jstest.Modules(b.t), "axe-core", "axe.min.js"))
	if err != nil {
		b.t.Fatal(err)
	}
	eval[bool](b, string(src)+";true")
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`axe.run({include: `+jsString(sel)+`.split(",").map(s => [s.trim()])}, {runOnly: ["wcag2a", "wcag2aa"]}).then(r => JSON.stringify(r.violations.map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", "))))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("axe on %s: %v", what, err)
	}
	if violations != "[]" {
		b.t.Errorf("accessibility violations on %s: %s", what, violations)
	}
}

// code is the TOTP code of secret for the step at now+ahead.
func code(t *testing.T, secret string, ahead time.Duration) string {
	t.Helper()
	c, err := localpooltest.TOTPCode(secret, time.Now().Add(ahead))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (b *browser) signIn(email, password string) {
	b.t.Helper()
	b.do("signing in as "+email, submitSignIn(email, password))
}

// TestBrowserTOTP sets up an authenticator app on the account page (the QR
// code, decoded from a screenshot, must be the otpauth URI), signs out, signs
// in with a TOTP code and remembers the device, then signs in on it without
// a code, and forgets it.
func TestBrowserTOTP(t *testing.T) {
	s := mfaSite(t)
	const email, password = "tia@example.com", "Tia-Passw0rd"
	b := s.signedIn(t, email, password, nil)
	b.open(s.URL + "/account")
	b.do("starting the authenticator setup",
		waitText("#mfa-totp-status", "Off"),
		click("#mfa-totp-on"),
		chromedp.WaitVisible(chromedp.CSS("#totp-qr")),
	)
	b.keepScreenshot("account-totp-setup")
	b.checkA11y("the account page's MFA and device sections", "#mfa, #devices")
	uri := eval[string](b, `document.querySelector("#totp-uri").value`)
	if got := b.decodeQR("#totp-qr"); got != uri {
		t.Fatalf("the QR code reads %q, want the otpauth URI %q", got, uri)
	}
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "otpauth" || u.Host != "totp" || u.Query().Get("issuer") != "cognitowasm" {
		t.Fatalf("otpauth URI %q: %v", uri, err)
	}
	secret := u.Query().Get("secret")
	if shown := eval[string](b, `document.querySelector("#totp-secret").innerText.replaceAll(" ", "")`); shown != secret {
		t.Fatalf("the key shown is %q, the URI's is %q", shown, secret)
	}
	b.do("verifying the authenticator",
		fill("#totp-add-code", code(t, secret, 0)),
		click("#totp-add-submit"),
		waitText("#mfa #notice", "Your authenticator app is set up"),
		waitText("#mfa-totp-status", "On, used first"),
	)

	b.do("signing out", click("#signout"), waitPath("/signin"))
	b.signIn(email, password)
	b.do("answering the TOTP step",
		waitPath("/mfa/totp"),
		chromedp.WaitVisible(chromedp.CSS(`#mfa-code[autocomplete="one-time-code"]`)),
		fill("#mfa-code", "000000"),
		click("#mfa-submit"),
		chromedp.WaitVisible(chromedp.CSS("#error")),
	)
	b.keepScreenshot("mfa-totp-wrong-code")
	b.checkA11y("the TOTP code page", ".card")
	b.do("answering the TOTP step with the right code",
		// The code of the next step: the one above verified the setup, and no code is accepted twice.
		fill("#mfa-code", code(t, secret, 30*time.Second)),
		click("#mfa-remember"),
		click("#mfa-submit"),
		waitPath("/"),
		waitText("#summary-who", email),
	)

	// The remembered device skips the code.
	b.open(s.URL + "/account")
	b.do("signing out", click("#signout"), waitPath("/signin"))
	b.signIn(email, password)
	b.do("signing in on the remembered device", waitPath("/"), waitText("#summary-who", email))
	b.open(s.URL + "/account")
	b.do("forgetting the device",
		waitText("#devices-list", "(this device)"),
	)
	b.keepScreenshot("account-devices")
	b.do("forgetting the device",
		click("#devices-list .device-forget"),
		waitText("#devices #notice", "The device is forgotten."),
		chromedp.WaitVisible(chromedp.CSS("#devices-none")),
		click("#signout"),
		waitPath("/signin"),
	)
	b.signIn(email, password)
	b.do("signing in asks for the code again", waitPath("/mfa/totp"))
}

// TestBrowserSMS signs in with the code the pool texted (from the inbox).
func TestBrowserSMS(t *testing.T) {
	s := mfaSite(t)
	const email, password = "sam@example.com", "Sam-Passw0rd"
	s.Pool.CreateUser(t, email, password, map[string]string{"email": email, "phone_number": "+15555550142"})
	if _, err := s.Pool.Admin().AdminSetUserMFAPreference(context.Background(), &cip.AdminSetUserMFAPreferenceInput{
		UserPoolId: aws.String(s.Pool.UserPoolID), Username: aws.String(email),
		SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true, PreferredMfa: true}}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	b.open(s.URL + "/signin")
	b.signIn(email, password)
	b.do("reaching the SMS step", waitPath("/mfa/sms"), waitText("#mfa-where", "0142"))
	b.do("entering the texted code",
		fill("#mfa-code", s.Pool.Code(t, email)),
		click("#mfa-submit"),
		waitPath("/"),
		waitText("#summary-who", email),
	)
}

// TestBrowserRememberDevice: after an SMS sign-in that did not ask to be
// remembered, the account page's "Remember this device" remembers it: it is
// listed as this device, the next sign-in skips the code, and Forget brings
// the code back.
func TestBrowserRememberDevice(t *testing.T) {
	s := mfaSite(t)
	const email, password = "rae@example.com", "Rae-Passw0rd"
	s.Pool.CreateUser(t, email, password, map[string]string{"email": email, "phone_number": "+15555550177"})
	if _, err := s.Pool.Admin().AdminSetUserMFAPreference(context.Background(), &cip.AdminSetUserMFAPreferenceInput{
		UserPoolId: aws.String(s.Pool.UserPoolID), Username: aws.String(email),
		SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true, PreferredMfa: true}}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	smsSignIn := func(what string) {
		b.signIn(email, password)
		b.do(what, waitPath("/mfa/sms"))
		b.do(what, fill("#mfa-code", s.Pool.Code(t, email)), click("#mfa-submit"), waitPath("/"))
	}
	b.open(s.URL + "/signin")
	smsSignIn("signing in with the texted code, not remembering the device")
	b.open(s.URL + "/account")
	b.do("remembering the device from the account page",
		chromedp.WaitVisible(chromedp.CSS("#devices-none")),
		click("#device-remember"),
		waitText("#devices #notice", "This device is remembered."),
		waitText("#devices-list", "(this device)"),
	)
	b.keepScreenshot("account-device-remembered")
	b.checkA11y("the account page's device section", "#devices")
	if n := eval[int](b, `document.querySelectorAll("#device-remember").length`); n != 0 {
		t.Errorf("the Remember button is still shown for a remembered device")
	}

	b.do("signing out", click("#signout"), waitPath("/signin"))
	b.signIn(email, password)
	b.do("signing in on the remembered device skips the code", waitPath("/"), waitText("#summary-who", email))

	b.open(s.URL + "/account")
	b.do("forgetting the device",
		waitText("#devices-list", "(this device)"),
		click("#devices-list .device-forget"),
		waitText("#devices #notice", "The device is forgotten."),
		chromedp.WaitVisible(chromedp.CSS("#devices-none")),
		click("#signout"),
		waitPath("/signin"),
	)
	smsSignIn("signing in on the forgotten device asks for the code again")
}
