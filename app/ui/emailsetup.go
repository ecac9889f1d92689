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
	step    *cognito.NextStep
	email   string
	invalid string
	req     call
}

func (p *EmailSetup) OnMount(ctx app.Context) { shared.follow(ctx) }

func (p *EmailSetup) OnNav(ctx app.Context) {
	shared.whenReady(ctx, func(ctx app.Context) {
		arrive(ctx, "Set up email codes")
		p.step, p.invalid = shared.pendingStep(), ""
		p.Update()
	})
}

func (p *EmailSetup) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	if stepKind(p.step) != cognito.StepEmailSetup {
		return noStep("Set up email codes")
	}
	return frame(false, app.Div().Class("card").Body(
		heading("Set up email codes"),
		app.P().Text("Enter the email address that should receive your sign-in codes. We send a code there next."),
		app.Form().ID("email-setup-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			field{id: "email-setup-email", label: "Email address", kind: "email", autocomplete: "email", value: &p.email,
				invalid: p.invalid, required: true, disabled: p.req.pending}.render(),
			p.req.view(),
			submit("email-setup-submit", "Send the code", "Sending the code…", &p.req),
		),
	))
}

func (p *EmailSetup) submit(ctx app.Context) {
	email := strings.TrimSpace(p.email)
	if p.invalid = checkEmail(email); p.invalid != "" {
		p.req.fail(ctx, "Check the email address.")
		return
	}
	answerStep(ctx, &p.req, p.step, email, false, "Sending the code…")
}
