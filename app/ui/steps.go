package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// stepPage is the page that answers one kind of sign-in step, with
// Client.ConfirmSignIn on the step that shared.pendingStep holds.
type stepPage struct {
	path string
	page app.Composer
}

// stepPages maps each sign-in step kind to its page: a new kind of step
// needs a page and a line here, and nothing else.
var stepPages = map[cognito.StepKind]stepPage{
	cognito.StepNewPasswordRequired:  {"/new-password", &NewPassword{}},
	cognito.StepSMSCode:              {"/mfa/sms", &MFACode{}},
	cognito.StepTOTPCode:             {"/mfa/totp", &MFACode{}},
	cognito.StepEmailCode:            {"/mfa/email", &MFACode{}},
	cognito.StepMFASelection:         {"/mfa/choose", &MFASelect{}},
	cognito.StepMFASetupSelection:    {"/mfa/setup", &MFASelect{}},
	cognito.StepTOTPSetup:            {"/mfa/setup/totp", &TOTPSetupStep{}},
	cognito.StepEmailSetup:           {"/mfa/setup/email", &EmailSetup{}},
	cognito.StepFirstFactorSelection: {"/signin/choose", &FirstFactor{}},
	cognito.StepPassword:             {"/signin/password", &PasswordStep{}},
}

// followStep goes where a sign-in result leads: home when signed in, else
// the page that answers the next step. It returns a message for a step
// the app cannot answer.
func followStep(ctx app.Context, res *cognito.SignInResult, username string) string {
	if res.Session != nil {
		navigate(ctx, pagePath("/"))
		return ""
	}
	if res.Next.Kind == cognito.StepConfirmSignUp { // answered by ConfirmSignUp, not ConfirmSignIn
		navigate(ctx, withQuery("/confirm", "username", username, "why", "unconfirmed"))
		return ""
	}
	p, ok := stepPages[res.Next.Kind]
	if !ok {
		return "This account needs a sign-in step this app does not support yet."
	}
	shared.setStep(res.Next)
	navigate(ctx, pagePath(p.path))
	return ""
}
