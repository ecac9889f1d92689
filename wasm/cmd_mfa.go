//go:build !js

package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

func init() {
	register(command{"mfa", "mfa [status] | totp | set sms|totp|email on|off|preferred|not-preferred", runMFA})
}

// totpIssuer names the app in authenticator apps, as the web app does.
const totpIssuer = "cognitowasm"

func runMFA(ctx context.Context, args []string, std stdio) error {
	fs, pf := newFlagSet("mfa", std)
	friendly := fs.String("name", "Authenticator", "name of the authenticator app, for `mfa totp`")
	const usage = "[status] | totp | set sms|totp|email on|off|preferred|not-preferred"
	rest, s, err := pf.restore(ctx, fs, args, 0, 3, usage)
	if err != nil {
		return err
	}
	sub := "status"
	if len(rest) > 0 {
		sub = rest[0]
	}
	switch {
	case sub == "status" && len(rest) <= 1:
		return mfaStatus(ctx, s, std.out)
	case sub == "totp" && len(rest) == 1:
		return mfaTOTP(ctx, s, pf.passwords(std), *friendly, std)
	case sub == "set" && len(rest) == 3:
		t, ok := cognito.ParseMFAType(rest[1])
		choice, known := mfaChoices[strings.ToLower(rest[2])]
		if !ok || !known {
			return &exitError{code: 2, err: fmt.Errorf("want mfa set sms|totp|email on|off|preferred|not-preferred")}
		}
		if err := s.SetMFAPreference(ctx, map[cognito.MFAType]cognito.MFAChoice{t: choice}); err != nil {
			return explain(err)
		}
		return mfaStatus(ctx, s, std.out)
	}
	return &exitError{code: 2, err: fmt.Errorf("want mfa %s", usage)}
}

// mfaChoices are the words of `mfa set`: "on" keeps a preference,
// "not-preferred" drops it and leaves the factor on.
var mfaChoices = map[string]cognito.MFAChoice{"on": cognito.MFAEnabled, "off": cognito.MFADisabled,
	"preferred": cognito.MFAPreferred, "not-preferred": cognito.MFANotPreferred}

func mfaStatus(ctx context.Context, s *cognito.Session, w io.Writer) error {
	p, err := s.MFAPreference(ctx)
	if err != nil {
		return explain(err)
	}
	if len(p.Enabled) == 0 {
		fmt.Fprintln(w, "MFA: off")
		return nil
	}
	for _, t := range p.Enabled {
		mark := ""
		if t == p.Preferred {
			mark = " (preferred)"
		}
		fmt.Fprintf(w, "MFA %s: on%s\n", t, mark)
	}
	return nil
}

// mfaTOTP adds an authenticator app: it shows the QR code in the terminal
// and the key, reads the app's first code, and makes TOTP the preferred MFA.
// The QR code and the key go to stderr, with the prompts, not to stdout.
func mfaTOTP(ctx context.Context, s *cognito.Session, in *passwords, friendly string, std stdio) error {
	setup, err := s.SetUpTOTP(ctx)
	if err != nil {
		return explain(err)
	}
	uri := setup.URI(totpIssuer, "")
	fmt.Fprintln(std.err, "Scan this QR code with your authenticator app:")
	if err := terminalQR(std.err, uri); err != nil {
		return err
	}
	fmt.Fprintf(std.err, "Or type this key into the app: %s\n", setup.Secret)
	code, err := in.line("Code from the app")
	if err != nil {
		return err
	}
	if err := s.VerifyTOTPSetup(ctx, code, friendly); err != nil {
		return explain(err)
	}
	if err := s.SetMFAPreference(ctx, map[cognito.MFAType]cognito.MFAChoice{cognito.MFATOTP: cognito.MFAPreferred}); err != nil {
		return explain(err)
	}
	fmt.Fprintln(std.out, "The authenticator app is set up: sign-ins now ask for its code.")
	return nil
}

// terminalQR draws text as a QR code with half-block characters, encoded by
// the same library as the web app's.
func terminalQR(w io.Writer, text string) error {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, q.ToSmallString(false))
	return err
}
