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
