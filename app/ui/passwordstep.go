package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// PasswordStep asks for the password after the user chose it as the way
// to sign in (StepPassword).
type PasswordStep struct {
	app.Compo
	step     *cognito.NextStep
	password string
	invalid  string
	req      call
}

func (p *PasswordStep) OnNav(ctx app.Context) {
	shared.whenReady(ctx, func(app.Context) {
		p.step, p.password = shared.pendingStep(), ""
		p.Update()
	})
}

func (p *PasswordStep) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	if stepKind(p.step) != cognito.StepPassword {
		return noStep("Enter your password")
	}
	return frame(false, app.Div().Class("card").Body(
		app.H1().Text("Enter your password"),
		app.Form().ID("password-step-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			field{id: "password-step-password", label: "Password", kind: "password", autocomplete: "current-password", value: &p.password,
				invalid: p.invalid, required: true, disabled: p.req.pending}.render(),
			p.req.view(),
			submit("password-step-submit", "Sign in", "Signing in…", &p.req),
		),
	))
}

func (p *PasswordStep) submit(ctx app.Context) {
	if p.invalid = checkPresent("password", p.password); p.invalid != "" {
		p.req.fail(ctx, p.invalid)
		return
	}
	password := p.password
	p.password = ""
	answerStep(ctx, &p.req, p.step, password, false, "Signing in…")
}
