//go:build !js

package cognito_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/storage"
	"github.com/cognitowasm/cognitowasm/app/token"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

var ctx = context.Background()

func totp(t *testing.T, p *localpooltest.Pool, secret string) string {
	t.Helper()
	p.Clock.Advance(30 * time.Second) // each code of a new step: the pool accepts none twice
	code, err := localpooltest.TOTPCode(secret, p.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// mfaPool turns on MFA (mode) with SMS, TOTP and email, and device tracking
// where the user opts in.
func mfaPool(t *testing.T, mode types.UserPoolMfaType) *localpooltest.Pool {
	t.Helper()
	p := localpooltest.New(t)
	p.EnableMFA(t, localpooltest.MFA{Mode: mode, SMS: true, TOTP: true, Email: true, Devices: true})
	return p
}

func confirm(t *testing.T, c *cognito.Client, step *cognito.NextStep, response string) *cognito.SignInResult {
	t.Helper()
	res, err := c.ConfirmSignIn(ctx, step, cognito.Answer{Response: response})
	if err != nil {
		t.Fatalf("ConfirmSignIn(%s): %v", step.Kind, err)
	}
	return res
}

func wantStep(t *testing.T, res *cognito.SignInResult, err error, kind cognito.StepKind) *cognito.NextStep {
	t.Helper()
	if err != nil {
		t.Fatalf("want %s: %v", kind, err)
	}
	if res.Step() != kind {
		t.Fatalf("step = %s, want %s", res.Step(), kind)
	}
	return res.Next
}

func TestTOTPSetUpAndSignIn(t *testing.T) {
	p := mfaPool(t, types.UserPoolMfaTypeOptional)
	const name = "totp@example.com"
	p.CreateUser(t, name, password, nil)
	c, _ := newClient(t, p, nil)
	s := signIn(t, c, name, password, nil)

	setup, err := s.SetUpTOTP(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if uri := setup.URI("cognitowasm", ""); uri != "otpauth://totp/cognitowasm:"+s.Username()+"?secret="+setup.Secret+"&issuer=cognitowasm" {
		t.Fatalf("URI = %s", uri)
	}
	wantCode(t, "wrong code", s.VerifyTOTPSetup(ctx, "000000", "phone"), &cognito.Error{Code: "EnableSoftwareTokenMFAException"})
	if err := s.VerifyTOTPSetup(ctx, totp(t, p, setup.Secret), "phone"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMFAPreference(ctx, map[cognito.MFAType]cognito.MFAChoice{cognito.MFATOTP: cognito.MFAPreferred}); err != nil {
		t.Fatal(err)
	}
	pref, err := s.MFAPreference(ctx)
	if err != nil || pref.Preferred != cognito.MFATOTP || !slices.Equal(pref.Enabled, []cognito.MFAType{cognito.MFATOTP}) {
		t.Fatalf("MFAPreference = %+v, %v", pref, err)
	}
	if err := s.SignOut(ctx); err != nil {
		t.Fatal(err)
	}

	for _, flow := range []cognito.Flow{cognito.FlowSRP, cognito.FlowPassword} {
		res, err := c.SignIn(ctx, name, password, &cognito.SignInOptions{Flow: flow})
		step := wantStep(t, res, err, cognito.StepTOTPCode)
		// A wrong code leaves the step to be answered again.
		_, err = c.ConfirmSignIn(ctx, step, cognito.Answer{Response: "000000"})
		wantCode(t, "wrong TOTP", err, cognito.ErrCodeMismatch)
		if res := confirm(t, c, step, totp(t, p, setup.Secret)); res.Session == nil {
			t.Fatalf("%s: step %s after the code", flow, res.Step())
		}
	}
}

func TestSMSAndSelection(t *testing.T) {
	p := mfaPool(t, types.UserPoolMfaTypeOptional)
	const name = "sms@example.com"
	p.CreateUser(t, name, password, map[string]string{"phone_number": "+15555550123"})
	c, _ := newClient(t, p, nil)
	s := signIn(t, c, name, password, nil)
	if err := s.SetMFAPreference(ctx, map[cognito.MFAType]cognito.MFAChoice{cognito.MFASMS: cognito.MFAPreferred}); err != nil {
		t.Fatal(err)
	}
	res, err := c.SignIn(ctx, name, password, nil)
	step := wantStep(t, res, err, cognito.StepSMSCode)
	if d := step.CodeDelivery; d == nil || d.Medium != "SMS" || !strings.HasSuffix(d.Destination, "0123") {
		t.Fatalf("CodeDelivery = %+v", step.CodeDelivery)
	}
	if res := confirm(t, c, step, p.Code(t, name)); res.Session == nil {
		t.Fatal("no session after the SMS code")
	}

	// With TOTP too and no preference, the user chooses.
	setup, err := s.SetUpTOTP(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.VerifyTOTPSetup(ctx, totp(t, p, setup.Secret), ""); err != nil {
		t.Fatal(err)
	}
	// ENABLED keeps SMS preferred; NOT_PREFERRED drops the preference.
	for _, tc := range []struct {
		sms  cognito.MFAChoice
		want cognito.MFAType
	}{{cognito.MFAEnabled, cognito.MFASMS}, {cognito.MFANotPreferred, ""}} {
		if err := s.SetMFAPreference(ctx, map[cognito.MFAType]cognito.MFAChoice{cognito.MFATOTP: cognito.MFAEnabled, cognito.MFASMS: tc.sms}); err != nil {
			t.Fatal(err)
		}
		pref, err := s.MFAPreference(ctx)
		if err != nil || pref.Preferred != tc.want || !slices.Equal(pref.Enabled, []cognito.MFAType{cognito.MFASMS, cognito.MFATOTP}) {
			t.Fatalf("after SMS %s: MFAPreference = %+v, %v; want %q preferred", tc.sms, pref, err, tc.want)
		}
	}
	res, err = c.SignIn(ctx, name, password, nil)
	step = wantStep(t, res, err, cognito.StepMFASelection)
	if !slices.Equal(step.MFATypes, []cognito.MFAType{cognito.MFASMS, cognito.MFATOTP}) {
		t.Fatalf("MFATypes = %v", step.MFATypes)
	}
	_, err = c.ConfirmSignIn(ctx, step, cognito.Answer{Response: "CARRIER_PIGEON"})
	wantCode(t, "unknown MFA type", err, cognito.ErrInvalidParameter)
	res, err = c.ConfirmSignIn(ctx, step, cognito.Answer{Response: "TOTP"})
	step = wantStep(t, res, err, cognito.StepTOTPCode)
	if res := confirm(t, c, step, totp(t, p, setup.Secret)); res.Session == nil {
		t.Fatal("no session after the selection")
	}
}

func TestMFASetupInSignIn(t *testing.T) {
	p := mfaPool(t, types.UserPoolMfaTypeOn)
	const name = "setup@example.com"
	p.CreateUser(t, name, password, nil)
	c, _ := newClient(t, p, nil)
	res, err := c.SignIn(ctx, name, password, nil)
	// SMS is offered by the pool but cannot be set up here: the choice is TOTP or email.
	step := wantStep(t, res, err, cognito.StepMFASetupSelection)
	if !slices.Equal(step.MFATypes, []cognito.MFAType{cognito.MFATOTP, cognito.MFAEmail}) {
		t.Fatalf("MFATypes = %v", step.MFATypes)
	}
	res, err = c.ConfirmSignIn(ctx, step, cognito.Answer{Response: "TOTP"})
	setupStep := wantStep(t, res, err, cognito.StepTOTPSetup)
	secret := setupStep.TOTPSetup.Secret
	if !strings.HasPrefix(setupStep.TOTPSetup.URI("cognitowasm", name), "otpauth://totp/cognitowasm:setup@example.com?secret="+secret) {
		t.Fatalf("URI = %s", setupStep.TOTPSetup.URI("cognitowasm", name))
	}
	_, err = c.ConfirmSignIn(ctx, setupStep, cognito.Answer{Response: "000000"})
	wantCode(t, "wrong first code", err, &cognito.Error{Code: "EnableSoftwareTokenMFAException"})
	if res := confirm(t, c, setupStep, totp(t, p, secret)); res.Session == nil {
		t.Fatalf("step %s after the TOTP setup", res.Step())
	}
	res, err = c.SignIn(ctx, name, password, nil)
	step = wantStep(t, res, err, cognito.StepTOTPCode)
	if res := confirm(t, c, step, totp(t, p, secret)); res.Session == nil {
		t.Fatal("no session")
	}

	// Email: the address, then the code sent to it.
	const other = "mail@example.com"
	p.CreateUser(t, other, password, nil)
	res, err = c.SignIn(ctx, other, password, nil)
	step = wantStep(t, res, err, cognito.StepMFASetupSelection)
	res, err = c.ConfirmSignIn(ctx, step, cognito.Answer{Response: "EMAIL"})
	step = wantStep(t, res, err, cognito.StepEmailSetup)
	res, err = c.ConfirmSignIn(ctx, step, cognito.Answer{Response: other})
	step = wantStep(t, res, err, cognito.StepEmailCode)
	if res := confirm(t, c, step, p.Code(t, other)); res.Session == nil {
		t.Fatal("no session after the email setup")
	}
}

func TestRememberedDevice(t *testing.T) {
	p := mfaPool(t, types.UserPoolMfaTypeOptional)
	const name = "device@example.com"
	p.CreateUser(t, name, password, nil)
	c, store := newClient(t, p, nil)
	s := signIn(t, c, name, password, nil)
	setup, err := s.SetUpTOTP(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.VerifyTOTPSetup(ctx, totp(t, p, setup.Secret), ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMFAPreference(ctx, map[cognito.MFAType]cognito.MFAChoice{cognito.MFATOTP: cognito.MFAPreferred}); err != nil {
		t.Fatal(err)
	}
	// The first sign-in tracked this device; the pool remembers it only when asked.
	key := s.DeviceKey()
	if key == "" {
		t.Fatal("no device tracked")
	}
	d, ok, err := storage.LoadDevice(store, p.ClientID, s.Username())
	if err != nil || !ok || d.Key != key {
		t.Fatalf("stored device = %+v %v %v", d, ok, err)
	}
	for _, name := range []string{"deviceKey", "deviceGroupKey", "randomPasswordKey"} {
		if _, ok, _ := store.Get(storage.UserKey(p.ClientID, s.Username(), name)); !ok {
			t.Errorf("%s is not stored under amazon-cognito-identity-js's key", name)
		}
	}
	// Not remembered: MFA is asked; RememberDevice on the sign-in remembers it.
	res, err := c.SignIn(ctx, name, password, &cognito.SignInOptions{RememberDevice: true})
	step := wantStep(t, res, err, cognito.StepTOTPCode)
	res = confirm(t, c, step, totp(t, p, setup.Secret))
	if res.Session == nil || res.RememberDeviceOffered {
		t.Fatalf("result = %+v", res)
	}
	if err := s.RememberDevice(ctx); err != nil {
		t.Fatal(err)
	}
	devices, err := res.Session.Devices(ctx)
	if err != nil || len(devices) != 1 || !devices[0].Current || devices[0].Key != key || devices[0].Name == "" {
		t.Fatalf("Devices = %+v, %v", devices, err)
	}

	// Remembered: the device stands in for MFA, on both flows, and refreshes keep it.
	for _, flow := range []cognito.Flow{cognito.FlowSRP, cognito.FlowPassword} {
		s = signIn(t, c, name, password, &cognito.SignInOptions{Flow: flow})
	}
	if err := s.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	tok, err := s.Tokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := claim(t, tok.AccessToken, "device_key"); got != key {
		t.Fatalf("device_key = %v, want %s", got, key)
	}

	// Forgotten by the pool (an administrator): the sign-in drops the device and retries, asking for MFA.
	if _, err := p.Admin().AdminForgetDevice(ctx, &cip.AdminForgetDeviceInput{UserPoolId: &p.UserPoolID, Username: aws.String(name), DeviceKey: &key}); err != nil {
		t.Fatal(err)
	}
	res, err = c.SignIn(ctx, name, password, nil)
	step = wantStep(t, res, err, cognito.StepTOTPCode)
	res = confirm(t, c, step, totp(t, p, setup.Secret))
	if res.Session == nil || !res.RememberDeviceOffered || res.Session.DeviceKey() == key || res.Session.DeviceKey() == "" {
		t.Fatalf("after the forgotten device: %+v, device %q", res, res.Session.DeviceKey())
	}
	// ForgetDevice forgets it here and there.
	if err := res.Session.RememberDevice(ctx); err != nil {
		t.Fatal(err)
	}
	if err := res.Session.ForgetDevice(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if res.Session.DeviceKey() != "" {
		t.Fatal("the device is still stored")
	}
	res, err = c.SignIn(ctx, name, password, nil)
	wantStep(t, res, err, cognito.StepTOTPCode)
}

// claim reads one claim of a JWT without verifying it.
func claim(t *testing.T, jwt, name string) any {
	t.Helper()
	d, err := token.Decode(jwt)
	if err != nil {
		t.Fatal(err)
	}
	return d.Claims[name]
}
