//go:build !js

package main

import (
	"fmt"
	"strings"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// stepInput is what signin can draw on to answer a step: the terminal (or
// -password-stdin) and the -attr flags.
type stepInput struct {
	std       stdio
	passwords *passwords
	attrs     map[string]string
}

// signInSteps asks for the answer to each kind of sign-in step that signin
// handles; a new kind needs one entry here.
var signInSteps = map[cognito.StepKind]func(step *cognito.NextStep, in stepInput) (cognito.Answer, error){
	cognito.StepNewPasswordRequired: askNewPassword,
	cognito.StepSMSCode:             askCode,
	cognito.StepEmailCode:           askCode,
	cognito.StepTOTPCode:            askCode,
	cognito.StepMFASelection:        askMFAType,
	cognito.StepMFASetupSelection:   askMFAType,
	cognito.StepTOTPSetup:           askTOTPSetup,
	cognito.StepEmailSetup:          askEmail,
}

// askCode reads the code of an MFA step.
func askCode(step *cognito.NextStep, in stepInput) (cognito.Answer, error) {
	switch d := step.CodeDelivery; {
	case step.Kind == cognito.StepTOTPCode:
		fmt.Fprintln(in.std.err, "Enter the code your authenticator app shows.")
	case d != nil:
		fmt.Fprintf(in.std.err, "A code was sent by %s to %s.\n", strings.ToLower(d.Medium), d.Destination)
	}
	code, err := in.passwords.line("Code")
	return cognito.Answer{Response: code}, err
}

// askMFAType reads which MFA type to use or set up. The choices are shown
// even when the answers come from -password-stdin, which prompts for nothing.
func askMFAType(step *cognito.NextStep, in stepInput) (cognito.Answer, error) {
	names := make([]string, len(step.MFATypes))
	for i, t := range step.MFATypes {
		names[i] = string(t)
	}
	what := "Choose how to verify"
	if step.Kind == cognito.StepMFASetupSelection {
		what = "Choose a second step to set up"
	}
	fmt.Fprintf(in.std.err, "%s: %s.\n", what, strings.Join(names, ", "))
	choice, err := in.passwords.line("MFA type")
	return cognito.Answer{Response: choice}, err
}

// askTOTPSetup shows the new authenticator's QR code and key, then reads its first code.
func askTOTPSetup(step *cognito.NextStep, in stepInput) (cognito.Answer, error) {
	fmt.Fprintln(in.std.err, "This account must set up an authenticator app. Scan this QR code with it:")
	if err := terminalQR(in.std.err, step.TOTPSetup.URI(totpIssuer, "")); err != nil {
		return cognito.Answer{}, err
	}
	fmt.Fprintf(in.std.err, "Or type this key into the app: %s\n", step.TOTPSetup.Secret)
	code, err := in.passwords.line("Code from the app")
	return cognito.Answer{Response: code}, err
}

// askEmail reads the address email MFA codes go to.
func askEmail(step *cognito.NextStep, in stepInput) (cognito.Answer, error) {
	email, err := in.passwords.line("Email address for sign-in codes")
	return cognito.Answer{Response: email}, err
}

func askNewPassword(step *cognito.NextStep, in stepInput) (cognito.Answer, error) {
	if missing := missingAttributes(step.RequiredAttributes, in.attrs); len(missing) > 0 {
		return cognito.Answer{}, fmt.Errorf("a new password is required, with the attributes %s: pass them with -attr", strings.Join(missing, ", "))
	}
	fmt.Fprintln(in.std.err, "A new password is required.")
	newPw, err := in.passwords.read("New password")
	if err != nil {
		return cognito.Answer{}, err
	}
	return cognito.Answer{Response: newPw, UserAttributes: in.attrs}, nil
}

func missingAttributes(required []string, given map[string]string) []string {
	var missing []string
	for _, name := range required {
		if _, ok := given[name]; !ok {
			missing = append(missing, name)
		}
	}
	return missing
}
