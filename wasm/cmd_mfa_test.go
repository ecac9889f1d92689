//go:build !js

package main

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// keyAnswerer is the stderr of `mfa totp`: once the key is shown, it types
// the authenticator's code on the command's stdin, as a user would.
type keyAnswerer struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	stdin  *io.PipeWriter
	secret string
	at     time.Duration // the code is of the step at now+at
}

var keyLine = regexp.MustCompile(`key into the app: ([A-Z2-7]+)\n`)

func (k *keyAnswerer) Write(p []byte) (int, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.buf.Write(p)
	if m := keyLine.FindStringSubmatch(k.buf.String()); m != nil && k.secret == "" {
		k.secret = m[1]
		code, err := localpooltest.TOTPCode(k.secret, time.Now().Add(k.at))
		if err != nil {
			return 0, err
		}
		go io.WriteString(k.stdin, code+"\n")
	}
	return len(p), nil
}

// TestCLIMFA sets up TOTP with `mfa totp` (a QR code in the terminal), signs
// in with a code, remembers the device, signs in on it without a code, lists
// and forgets it, and turns TOTP off with `mfa set`.
func TestCLIMFA(t *testing.T) {
	c := newCLI(t)
	api, poolID := c.pool.Admin(), c.pool.UserPoolID
	if _, err := api.SetUserPoolMfaConfig(context.Background(), &cip.SetUserPoolMfaConfigInput{UserPoolId: &poolID,
		MfaConfiguration: types.UserPoolMfaTypeOptional, SoftwareTokenMfaConfiguration: &types.SoftwareTokenMfaConfigType{Enabled: true}}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.UpdateUserPool(context.Background(), &cip.UpdateUserPoolInput{UserPoolId: &poolID, MfaConfiguration: types.UserPoolMfaTypeOptional,
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		DeviceConfiguration:    &types.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true}}); err != nil {
		t.Fatal(err)
	}
	const email, pw = "max@example.com", "Max-Passw0rd"
	c.secretsSeen = append(c.secretsSeen, pw)
	c.pool.CreateUser(t, email, pw, map[string]string{"email": email})
	c.ok(pw+"\n", "signin", "-password-stdin", email)
	wantContains(t, "mfa status", c.ok("", "mfa"), "MFA: off")

	in, stdin := io.Pipe()
	errOut := &keyAnswerer{stdin: stdin}
	var out bytes.Buffer
	code := run(context.Background(), []string{"mfa", "-endpoint", c.pool.URL, "-pool", poolID, "-session", c.session, "totp"},
		stdio{in: in, out: &out, err: errOut})
	if code != 0 {
		t.Fatalf("mfa totp: exit %d\n%s\n%s", code, out.String(), errOut.buf.String())
	}
	if !strings.Contains(errOut.buf.String(), "▀") && !strings.Contains(errOut.buf.String(), "█") {
		t.Fatalf("no QR code in the terminal:\n%s", errOut.buf.String())
	}
	wantContains(t, "mfa totp", out.String(), "authenticator app is set up")
	wantContains(t, "mfa status", c.ok("", "mfa"), "MFA TOTP: on (preferred)")

	// signin asks for the code; -remember remembers the device.
	next, err := localpooltest.TOTPCode(errOut.secret, time.Now().Add(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	status, signedIn, prompts := c.run(pw+"\n"+next+"\n", "signin", "-password-stdin", "-remember", email)
	if status != 0 {
		t.Fatalf("signin with TOTP: exit %d\n%s", status, prompts)
	}
	wantContains(t, "signin with TOTP", prompts, "authenticator app")
	wantContains(t, "signin with TOTP", signedIn, "Signed in as")
	wantContains(t, "devices list", c.ok("", "devices"), "(this device)")
	// On the remembered device no code is asked (stdin has none to give).
	wantContains(t, "signin on the device", c.ok(pw+"\n", "signin", "-password-stdin", email), "Signed in as")
	wantContains(t, "devices forget", c.ok("", "devices", "forget"), "forgotten")
	wantContains(t, "devices list", c.ok("", "devices"), "No device is remembered.")

	wantContains(t, "mfa set", c.ok("", "mfa", "set", "totp", "off"), "MFA: off")
	got, err := api.AdminGetUser(context.Background(), &cip.AdminGetUserInput{UserPoolId: &poolID, Username: aws.String(email)})
	if err != nil || len(got.UserMFASettingList) != 0 {
		t.Fatalf("AdminGetUser after mfa set totp off: %+v, %v", got.UserMFASettingList, err)
	}
}
