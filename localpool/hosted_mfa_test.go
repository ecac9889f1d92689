package localpool_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

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
