package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// EmailSetup sets up email codes during sign-in: the address to send them
// to, which the next step then confirms with a code.
type EmailSetup struct {
	app.Compo
	signInStep
	email   string
	invalid string
}

func (p *EmailSetup) OnNav(ctx app.Context) {
	p.arrive(ctx, "Set up email codes", func() { p.invalid = "" })
}

func (p *EmailSetup) Render() app.UI {
	return p.card("Set up email codes", p.waiting() == cognito.StepEmailSetup,
		app.P().Text("Enter the email address that should receive your sign-in codes. We send a code there next."),
		p.form("email-setup", p.submit, "Send the code", "Sending the code…",
			field{id: "email-setup-email", label: "Email address", kind: "email", autocomplete: "email", value: &p.email,
				invalid: p.invalid, required: true, disabled: p.req.pending}.render(),
		),
	)
}

func (p *EmailSetup) submit(ctx app.Context) {
	email := strings.TrimSpace(p.email)
	if p.invalid = checkEmail(email); p.invalid != "" {
		p.req.fail(ctx, "Check the email address.")
		return
	}
	p.answer(ctx, "Sending the code…", cognito.Answer{Response: email}, nil)
}
