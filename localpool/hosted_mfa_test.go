package localpool_test

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// TestHostedMFA: the login form asks for the second factor: a TOTP code
// (a wrong one first), then, for a user with two factors, the choice and the
// texted code. The code grant follows only after it.
func TestHostedMFA(t *testing.T) {
	p := newHostedPool(t)
	setMFAConfig(t, p.Pool, cip.SetUserPoolMfaConfigInput{MfaConfiguration: types.UserPoolMfaTypeOptional,
		SmsMfaConfiguration: smsMFA, SoftwareTokenMfaConfiguration: totpMFA})
	p.CreateUser(t, hostedUser, hostedPassword, map[string]string{"phone_number": "+15555550100"})
	first := mustSignIn(t, p.Pool, hostedUser, hostedPassword)
	secret := enableTOTP(t, p.Pool, first.AccessToken, true)

	b := newBrowser(t)
	page := b.follow(p.URL, b.get(p.oauth.AuthCodeURL("s")))
	r := b.submit(p.URL, page, url.Values{"username": {hostedUser}, "password": {hostedPassword}})
	if r.status != http.StatusOK || !strings.Contains(r.body, "Enter your authenticator code") ||
		!strings.Contains(r.body, `autocomplete="one-time-code"`) || !strings.Contains(r.body, `inputmode="numeric"`) {
		t.Fatalf("after the password: %d %v\n%s", r.status, r.location, r.body)
	}
	p.Clock.Advance(30 * time.Second)
	wrongCode := b.submit(p.URL, r, url.Values{"code": {wrong(totpCode(t, secret, p.Clock.Now()))}})
	if wrongCode.status != http.StatusBadRequest || !strings.Contains(wrongCode.body, `role="alert"`) || wrongCode.location != nil {
		t.Fatalf("wrong code: %d %v\n%s", wrongCode.status, wrongCode.location, wrongCode.body)
	}
	q := callbackQuery(t, b.follow(p.URL, b.submit(p.URL, wrongCode, url.Values{"code": {totpCode(t, secret, p.Clock.Now())}})))
	if q.Get("code") == "" {
		t.Fatalf("no code after TOTP: %v", q)
	}

	// Two factors, none preferred: choose, then the texted code.
	// Turning TOTP off drops its preference; on again, it is one of two.
	for _, totpOn := range []bool{false, true} {
		if _, err := p.Admin().AdminSetUserMFAPreference(ctx, &cip.AdminSetUserMFAPreferenceInput{UserPoolId: &p.UserPoolID, Username: aws.String(hostedUser),
			SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true}, SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: totpOn}}); err != nil {
			t.Fatal(err)
		}
	}
	b = newBrowser(t)
	page = b.follow(p.URL, b.get(p.oauth.AuthCodeURL("s")))
	choose := b.submit(p.URL, page, url.Values{"username": {hostedUser}, "password": {hostedPassword}})
	if !strings.Contains(choose.body, "Choose how to verify") || !strings.Contains(choose.body, "Text me a code") {
		t.Fatalf("choice page: %d\n%s", choose.status, choose.body)
	}
	sms := b.submit(p.URL, choose, url.Values{"answer": {"SMS_MFA"}})
	if !strings.Contains(sms.body, "Enter the texted code") || !strings.Contains(sms.body, "0100") {
		t.Fatalf("SMS page: %d\n%s", sms.status, sms.body)
	}
	q = callbackQuery(t, b.follow(p.URL, b.submit(p.URL, sms, url.Values{"code": {p.Code(t, hostedUser)}})))
	if q.Get("code") == "" {
		t.Fatalf("no code after SMS: %v", q)
	}
}

// passwordStep signs in through the login form and returns the page after it.
func (b *browser) passwordStep(p *hostedPool) *response {
	b.t.Helper()
	page := b.follow(p.URL, b.get(p.oauth.AuthCodeURL("s")))
	return b.submit(p.URL, page, url.Values{"username": {hostedUser}, "password": {hostedPassword}})
}

// TestHostedMFASetupTOTP: in a pool that requires MFA, a user without a
// factor sets up an authenticator app on the login pages: a QR code (read by
// gozxing, a decoder we did not write) of the otpauth URI of the key shown
// as text, a wrong code refused with the same key, then the first code
// signs in. The next sign-in asks for a code of that authenticator.
func TestHostedMFASetupTOTP(t *testing.T) {
	p := newHostedPool(t)
	setMFAConfig(t, p.Pool, cip.SetUserPoolMfaConfigInput{MfaConfiguration: types.UserPoolMfaTypeOn, SoftwareTokenMfaConfiguration: totpMFA})
	p.CreateUser(t, hostedUser, hostedPassword, nil)

	b := newBrowser(t)
	setup := b.passwordStep(p)
	if setup.status != http.StatusOK || !strings.Contains(setup.body, "Set up your authenticator app") ||
		!strings.Contains(setup.body, `autocomplete="one-time-code"`) {
		t.Fatalf("after the password: %d %v\n%s", setup.status, setup.location, setup.body)
	}
	if csp := setup.header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src data:") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	secret := regexpFind(t, setup.body, `<code id="totp-secret">([A-Z2-7]+)</code>`)
	pool, err := p.Admin().DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &p.UserPoolID})
	if err != nil {
		t.Fatal(err)
	}
	name := aws.ToString(pool.UserPool.Name)
	want := "otpauth://totp/" + url.PathEscape(name) + ":" + url.PathEscape(hostedUser) + "?issuer=" + url.QueryEscape(name) + "&secret=" + secret
	if got := decodeQRDataURL(t, regexpFind(t, setup.body, `<img id="totp-qr" src="([^"]+)"`)); got != want {
		t.Errorf("QR code = %q, want %q", got, want)
	}

	p.Clock.Advance(30 * time.Second)
	wrongCode := b.submit(p.URL, setup, url.Values{"code": {wrong(totpCode(t, secret, p.Clock.Now()))}})
	if wrongCode.status != http.StatusBadRequest || !strings.Contains(wrongCode.body, `role="alert"`) ||
		!strings.Contains(wrongCode.body, secret) || !strings.Contains(wrongCode.body, `aria-invalid="true"`) {
		t.Fatalf("wrong code: %d\n%s", wrongCode.status, wrongCode.body)
	}
	q := callbackQuery(t, b.follow(p.URL, b.submit(p.URL, wrongCode, url.Values{"code": {totpCode(t, secret, p.Clock.Now())}})))
	if _, err := p.oauth.Exchange(ctx, q.Get("code")); err != nil {
		t.Fatal("exchange after the setup:", err)
	}
	u, err := p.Admin().AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(hostedUser)})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(u.UserMFASettingList, []string{"SOFTWARE_TOKEN_MFA"}) {
		t.Fatalf("after the setup: %v", u.UserMFASettingList)
	}

	b = newBrowser(t)
	again := b.passwordStep(p)
	if !strings.Contains(again.body, "Enter your authenticator code") {
		t.Fatalf("second sign-in: %d\n%s", again.status, again.body)
	}
	p.Clock.Advance(30 * time.Second)
	callbackQuery(t, b.follow(p.URL, b.submit(p.URL, again, url.Values{"code": {totpCode(t, secret, p.Clock.Now())}})))
}

// TestHostedMFASetupEmail: with an authenticator app and email to choose
// from, the user picks email, gives an address (a malformed one is refused on
// the page), and signs in with the code sent to it; the address becomes the
// user's verified email and email MFA is on.
func TestHostedMFASetupEmail(t *testing.T) {
	p := newHostedPool(t)
	setMFAConfig(t, p.Pool, cip.SetUserPoolMfaConfigInput{MfaConfiguration: types.UserPoolMfaTypeOn,
		SoftwareTokenMfaConfiguration: totpMFA, EmailMfaConfiguration: emailMFA})
	p.CreateUser(t, hostedUser, hostedPassword, nil)

	b := newBrowser(t)
	choose := b.passwordStep(p)
	if !strings.Contains(choose.body, "Use an authenticator app") || !strings.Contains(choose.body, "Email me codes") {
		t.Fatalf("setup choice: %d\n%s", choose.status, choose.body)
	}
	form := b.submit(p.URL, choose, url.Values{"answer": {"EMAIL_OTP"}})
	if !strings.Contains(form.body, "Get sign-in codes by email") || !strings.Contains(form.body, `type="email"`) {
		t.Fatalf("email form: %d\n%s", form.status, form.body)
	}
	bad := b.submit(p.URL, form, url.Values{"email": {"not an address"}})
	if bad.status != http.StatusBadRequest || !strings.Contains(bad.body, `role="alert"`) {
		t.Fatalf("bad address: %d\n%s", bad.status, bad.body)
	}
	const address = "codes@example.com"
	code := b.submit(p.URL, bad, url.Values{"email": {address}})
	if !strings.Contains(code.body, "Enter the emailed code") || !strings.Contains(code.body, "We emailed a code to") {
		t.Fatalf("code page: %d\n%s", code.status, code.body)
	}
	callbackQuery(t, b.follow(p.URL, b.submit(p.URL, code, url.Values{"code": {p.Code(t, hostedUser)}})))
	// The pool signs in with email addresses: the new one names the user now.
	u, err := p.Admin().AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(address)})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(u.UserMFASettingList, []string{"EMAIL_OTP"}) {
		t.Fatalf("after the setup: %v", u.UserMFASettingList)
	}
	attrs := map[string]string{}
	for _, a := range u.UserAttributes {
		attrs[*a.Name] = *a.Value
	}
	if attrs["email"] != address || attrs["email_verified"] != "true" {
		t.Errorf("email after the setup: %v", attrs)
	}
}

// TestHostedMFASetupNeedsPhone: SMS is the only factor and the user has no
// phone number: the page says so instead of skipping the second step.
func TestHostedMFASetupNeedsPhone(t *testing.T) {
	p := newHostedPool(t)
	setMFAConfig(t, p.Pool, cip.SetUserPoolMfaConfigInput{MfaConfiguration: types.UserPoolMfaTypeOn, SmsMfaConfiguration: smsMFA})
	p.CreateUser(t, hostedUser, hostedPassword, nil)
	r := newBrowser(t).passwordStep(p)
	if r.status != http.StatusBadRequest || r.location != nil || !strings.Contains(r.body, "phone number") {
		t.Errorf("SMS-only pool: %d %v\n%s", r.status, r.location, r.body)
	}
}

// decodeQRDataURL decodes the PNG of a data: URL with gozxing.
func decodeQRDataURL(t *testing.T, dataURL string) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(htmlUnescape(dataURL), "data:image/png;base64,"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decoding the QR code: %v", err)
	}
	return res.GetText()
}
