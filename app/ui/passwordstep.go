package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// PasswordStep asks for the password after the user chose it as the way
// to sign in (StepPassword).
type PasswordStep struct {
	app.Compo
	signInStep
	password string
	shown    bool
	invalid  string
}

func (p *PasswordStep) OnNav(ctx app.Context) {
	p.arrive(ctx, "Enter your password", func() { p.password, p.invalid = "", "" })
}

func (p *PasswordStep) Render() app.UI {
	return p.card("Enter your password", p.waiting() == cognito.StepPassword,
		p.form("password-step", p.submit, "Sign in", "Signing in…",
			field{id: "password-step-password", label: "Password", kind: "password", autocomplete: "current-password", value: &p.password,
				invalid: p.invalid, required: true, disabled: p.req.pending, shown: &p.shown}.render(),
		),
	)
}

func (p *PasswordStep) submit(ctx app.Context) {
	if p.invalid = checkPresent("password", p.password); p.invalid != "" {
		p.req.fail(ctx, p.invalid)
		return
	}
	password := p.password
	p.password = ""
	p.answer(ctx, "Signing in…", cognito.Answer{Response: password}, nil)
}
