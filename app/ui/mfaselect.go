package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// MFASelect lets the user choose an MFA type: the one to sign in with
// (several are set up) or the one to set up (the pool requires MFA).
type MFASelect struct {
	app.Compo
	signInStep
	choice string
}

// mfaLabels names each MFA type for people.
var mfaLabels = map[cognito.MFAType]string{
	cognito.MFATOTP:  "Authenticator app",
	cognito.MFASMS:   "Text message",
	cognito.MFAEmail: "Email",
}

func (p *MFASelect) OnNav(ctx app.Context) {
	p.arrive(ctx, "Choose how to verify", func() {
		p.choice = ""
		if p.step != nil && len(p.step.MFATypes) > 0 {
			p.choice = string(p.step.MFATypes[0])
		}
	})
}

func (p *MFASelect) Render() app.UI {
	kind := p.waiting()
	title, intro := "Choose how to verify it's you", "Your account has more than one way to confirm a sign-in. Pick one."
	if kind == cognito.StepMFASetupSelection {
		title, intro = "Set up a second step", "This app requires a second step at sign-in. Choose how you want to receive it."
	}
	var types []option
	if p.step != nil {
		for _, t := range p.step.MFATypes {
			types = append(types, option{string(t), mfaLabels[t]})
		}
	}
	return p.card(title, kind == cognito.StepMFASelection || kind == cognito.StepMFASetupSelection,
		app.P().Text(intro),
		p.form("mfa-select", p.submit, "Continue", "Continuing…",
			radios("mfa-type", "Method", types, &p.choice, p.req.pending),
		),
	)
}

func (p *MFASelect) submit(ctx app.Context) {
	if p.choice == "" {
		p.req.fail(ctx, "Choose a method.")
		return
	}
	p.answer(ctx, "Continuing…", cognito.Answer{Response: p.choice}, nil)
}
