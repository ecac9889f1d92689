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

// typist is the stderr of a command that asks questions: when the text
// written so far matches a rule's pattern once more, it types the rule's
// answer on the command's stdin, as a user would.
type typist struct {
	mu       sync.Mutex
	buf      bytes.Buffer
	stdin    *io.PipeWriter
	rules    []typed
	answered []int // how many matches of each rule have been answered
}

// typed is a typist's rule: answer is given the pattern's match.
type typed struct {
	pattern *regexp.Regexp
	answer  func(match []string) string
}

// newTypist returns the typist and the stdin it types on, which starts
// with the lines first.
func newTypist(first string, rules ...typed) (*typist, io.Reader) {
	in, stdin := io.Pipe()
	if first != "" {
		go io.WriteString(stdin, first)
	}
	return &typist{stdin: stdin, rules: rules, answered: make([]int, len(rules))}, in
}

func (k *typist) Write(p []byte) (int, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.buf.Write(p)
	for i, r := range k.rules {
		matches := r.pattern.FindAllStringSubmatch(k.buf.String(), -1)
		for ; k.answered[i] < len(matches); k.answered[i]++ {
			go io.WriteString(k.stdin, r.answer(matches[k.answered[i]])+"\n")
		}
	}
	return len(p), nil
}

// typeTOTP answers `mfa totp`'s key with a code of it, of the step at
// now+at, and keeps the key in *secret.
func typeTOTP(t *testing.T, secret *string, at time.Duration) typed {
	return typed{regexp.MustCompile(`key into the app: ([A-Z2-7]+)\n`), func(m []string) string {
		*secret = m[1]
		code, err := localpooltest.TOTPCode(m[1], time.Now().Add(at))
		if err != nil {
			t.Error(err)
		}
		return code
	}}
}

// TestCLIMFA sets up TOTP with `mfa totp` (a QR code in the terminal), signs
// in with a code, remembers the device, signs in on it without a code, lists
// and forgets it, and turns TOTP off with `mfa set`.
func TestCLIMFA(t *testing.T) {
	c := newCLI(t)
	api, poolID := c.pool.Admin(), c.pool.UserPoolID
	c.pool.EnableMFA(t, localpooltest.MFA{Mode: types.UserPoolMfaTypeOptional, TOTP: true, Devices: true})
	const email, pw = "max@example.com", "Max-Passw0rd"
	c.secretsSeen = append(c.secretsSeen, pw)
	c.pool.CreateUser(t, email, pw, map[string]string{"email": email})
	c.ok(pw+"\n", "signin", "-password-stdin", email)
	wantContains(t, "mfa status", c.ok("", "mfa"), "MFA: off")

	var secret string
	typer, in := newTypist("", typeTOTP(t, &secret, 0))
	code, out, errOut := c.runOn(in, typer, "mfa", "totp")
	if code != 0 {
		t.Fatalf("mfa totp: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "▀") && !strings.Contains(errOut, "█") {
		t.Fatalf("no QR code in the terminal:\n%s", errOut)
	}
	wantContains(t, "mfa totp", out, "authenticator app is set up")
	wantContains(t, "mfa status", c.ok("", "mfa"), "MFA TOTP: on (preferred)")

	// signin asks for the code; -remember remembers the device.
	next, err := localpooltest.TOTPCode(secret, time.Now().Add(30*time.Second))
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

// TestCLISMSAndSelection: signin says where the texted code went and reads
// it (typed from the local inbox once announced); with an authenticator too
// and no preference (`mfa set totp not-preferred`), signin shows the choice
// (SELECT_MFA_TYPE), takes one, and asks for that factor's code.
func TestCLISMSAndSelection(t *testing.T) {
	c := newCLI(t)
	c.pool.EnableMFA(t, localpooltest.MFA{Mode: types.UserPoolMfaTypeOptional, SMS: true, TOTP: true})
	const email, pw = "sam@example.com", "Sam-Passw0rd"
	c.secretsSeen = append(c.secretsSeen, pw)
	c.pool.CreateUser(t, email, pw, map[string]string{"email": email, "phone_number": "+15555550123"})
	c.ok(pw+"\n", "signin", "-password-stdin", email)
	wantContains(t, "mfa set sms", c.ok("", "mfa", "set", "sms", "preferred"), "MFA SMS: on (preferred)")

	texted := typed{regexp.MustCompile(`A code was sent by sms to \+\*+0123\.`), func([]string) string { return c.pool.Code(t, email) }}
	typer, in := newTypist(pw+"\n", texted)
	status, out, errOut := c.runOn(in, typer, "signin", "-password-stdin", email)
	if status != 0 || !strings.Contains(out, "Signed in as") || typer.answered[0] != 1 {
		t.Fatalf("signin with SMS: exit %d, %d codes typed\n%s\n%s", status, typer.answered[0], out, errOut)
	}
	// A wrong code: signin fails and says so.
	typer, in = newTypist(pw+"\n", typed{texted.pattern, func([]string) string { return "000000" }})
	status, _, errOut = c.runOn(in, typer, "signin", "-password-stdin", email)
	if status == 0 || !strings.Contains(errOut, "CodeMismatchException") {
		t.Fatalf("signin with a wrong SMS code: exit %d\n%s", status, errOut)
	}

	var secret string
	typer, in = newTypist("", typeTOTP(t, &secret, 0))
	if status, out, errOut := c.runOn(in, typer, "mfa", "totp"); status != 0 {
		t.Fatalf("mfa totp: exit %d\n%s\n%s", status, out, errOut)
	}
	wantContains(t, "mfa set totp not-preferred", c.ok("", "mfa", "set", "totp", "not-preferred"), "MFA SMS: on\n", "MFA TOTP: on\n")

	for _, tc := range []struct {
		choice string
		code   typed
	}{
		{"SMS", texted},
		{"TOTP", typed{regexp.MustCompile(`Enter the code your authenticator app shows\.`), func([]string) string {
			code, err := localpooltest.TOTPCode(secret, time.Now().Add(30*time.Second))
			if err != nil {
				t.Error(err)
			}
			return code
		}}},
	} {
		choose := typed{regexp.MustCompile(`Choose how to verify: SMS, TOTP\.`), func([]string) string { return tc.choice }}
		typer, in := newTypist(pw+"\n", choose, tc.code)
		status, out, errOut := c.runOn(in, typer, "signin", "-password-stdin", email)
		if status != 0 || !strings.Contains(out, "Signed in as") || typer.answered[0] != 1 || typer.answered[1] != 1 {
			t.Fatalf("signin choosing %s: exit %d, answered %v\n%s\n%s", tc.choice, status, typer.answered, out, errOut)
		}
	}
}
