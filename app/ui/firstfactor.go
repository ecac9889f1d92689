package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// FirstFactor lets the user choose how to sign in among the ways their
// account has (StepFirstFactorSelection).
type FirstFactor struct {
	app.Compo
	step   *cognito.NextStep
	choice string
	req    call
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
	shared.whenReady(ctx, func(app.Context) {
		p.step = shared.pendingStep()
		p.choice = ""
		if f := p.factors(); len(f) > 0 {
			p.choice = string(f[0])
		}
		p.Update()
	})
}

// factors are the choices to show: the passkey only where the browser has
// one, and the password once (proved with SRP when Cognito offers it).
func (p *FirstFactor) factors() []cognito.Factor {
	if p.step == nil {
		return nil
	}
	var out []cognito.Factor
	srp := false
	for _, f := range p.step.Factors {
		srp = srp || f == cognito.FactorPasswordSRP
	}
	for _, f := range p.step.Factors {
		switch {
		case f == cognito.FactorPassword && srp, f == cognito.FactorWebAuthn && !shared.client.PasskeysAvailable():
		case factorLabels[f] != "":
			out = append(out, f)
		}
	}
	return out
}

func (p *FirstFactor) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	if stepKind(p.step) != cognito.StepFirstFactorSelection {
		return noStep("Choose how to sign in")
	}
	factors := p.factors()
	return frame(false, app.Div().Class("card").Body(
		app.H1().Text("Choose how to sign in"),
		app.P().Text("Your account has more than one way to sign in. Pick one."),
		app.Form().ID("first-factor-form").OnSubmit(onSubmit(p.submit)).Body(
			app.FieldSet().Body(
				app.Legend().Text("Sign in with"),
				app.Range(factors).Slice(func(i int) app.UI {
					f := string(factors[i])
					id := "first-factor-" + f
					return app.Div().Class("field checkbox").Body(
						app.Input().ID(id).Type("radio").Name("first-factor").Value(f).Checked(p.choice == f).Disabled(p.req.pending).
							OnChange(func(ctx app.Context, e app.Event) { p.choice = f }),
						app.Label().For(id).Text(factorLabels[factors[i]]),
					)
				}),
			),
			p.req.view(),
			submit("first-factor-submit", "Continue", "Continuing…", &p.req),
		),
	))
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
	answerStep(ctx, &p.req, p.step, p.choice, false, status)
}
