package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// FirstFactor lets the user choose how to sign in among the ways their
// account has (StepFirstFactorSelection).
type FirstFactor struct {
	app.Compo
	signInStep
	choice string
}

// factorLabels names each first factor for people.
var factorLabels = map[cognito.Factor]string{
	cognito.FactorPasswordSRP: "Password",
	cognito.FactorPassword:    "Password, sent to Cognito over TLS",
	cognito.FactorEmailOTP:    "A code by email",
	cognito.FactorSMSOTP:      "A code by text message",
	cognito.FactorWebAuthn:    "A passkey",
}

func (p *FirstFactor) OnNav(ctx app.Context) {
	p.arrive(ctx, "Choose how to sign in", func() {
		p.choice = ""
		if f := p.factors(); len(f) > 0 {
			p.choice = f[0].value
		}
	})
}

// factors are the choices to show: the passkey only where the browser has
// one, and the password once (proved with SRP when Cognito offers it).
func (p *FirstFactor) factors() []option {
	if p.step == nil {
		return nil
	}
	var out []option
	srp := false
	for _, f := range p.step.Factors {
		srp = srp || f == cognito.FactorPasswordSRP
	}
	for _, f := range p.step.Factors {
		switch {
		case f == cognito.FactorPassword && srp, f == cognito.FactorWebAuthn && !shared.client.PasskeysAvailable():
		case factorLabels[f] != "":
			out = append(out, option{string(f), factorLabels[f]})
		}
	}
	return out
}

func (p *FirstFactor) Render() app.UI {
	return p.card("Choose how to sign in", p.waiting() == cognito.StepFirstFactorSelection,
		app.P().Text("Your account has more than one way to sign in. Pick one."),
		p.form("first-factor", p.submit, "Continue", "Continuing…",
			radios("first-factor", "Sign in with", p.factors(), &p.choice, p.req.pending),
		),
	)
}

func (p *FirstFactor) submit(ctx app.Context) {
	if p.choice == "" {
		p.req.fail(ctx, "Choose how to sign in.")
		return
	}
	status := "Continuing…"
	if p.choice == string(cognito.FactorWebAuthn) {
		status = "Use your passkey in the browser's window…"
	}
	p.answer(ctx, status, cognito.Answer{Response: p.choice}, nil)
}
