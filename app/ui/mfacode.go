package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// MFACode answers a sign-in step with a one-time code: one sent by text
// message or email, or one of the authenticator app. The user may ask to
// remember this device, so later sign-ins on it can skip the code.
type MFACode struct {
	app.Compo
	signInStep
	code    string
	invalid string
}

// codeKinds are the steps MFACode answers, with their words.
var codeKinds = map[cognito.StepKind]struct{ title, where string }{
	cognito.StepSMSCode:   {"Enter the code we texted you", "We sent a 6-digit code by text message"},
	cognito.StepEmailCode: {"Enter the code we emailed you", "We sent a 6-digit code by email"},
	cognito.StepTOTPCode:  {"Enter your authenticator code", "Open your authenticator app and enter the 6-digit code it shows for this account."},
}

func (p *MFACode) OnNav(ctx app.Context) {
	p.arrive(ctx, "Enter your sign-in code", func() { p.code, p.invalid = "", "" })
}

func (p *MFACode) Render() app.UI {
	words, ok := codeKinds[p.waiting()]
	if !ok {
		return p.card("Enter your code", false)
	}
	where := words.where
	if d := p.step.CodeDelivery; d != nil && d.Destination != "" {
		where += " to " + d.Destination + "."
	} else if p.step.Kind != cognito.StepTOTPCode {
		where += "."
	}
	return p.card(words.title, true,
		app.P().ID("mfa-where").Text(where),
		p.form("mfa", p.submit, "Verify and sign in", "Verifying…",
			field{id: "mfa-code", label: "Code", autocomplete: "one-time-code", inputMode: "numeric", value: &p.code,
				invalid: p.invalid, required: true, disabled: p.req.pending}.render(),
			p.rememberBox(),
		),
		inboxLink(p.step),
	)
}

func (p *MFACode) submit(ctx app.Context) { p.answerCode(ctx, p.code, &p.invalid) }

// inboxLink points at the local pool's inbox, where its codes arrive.
func inboxLink(step *cognito.NextStep) app.UI {
	if !shared.cfg.LocalPool || step == nil || step.Kind == cognito.StepTOTPCode {
		return app.Text("")
	}
	return app.P().Class("muted").Body(
		app.Text("The local pool delivers codes to its "),
		app.A().Href(shared.cfg.Endpoint+"/_local/inbox?username="+step.Username).Target("_blank").Text("inbox"),
		app.Text("."),
	)
}
