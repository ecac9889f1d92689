package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// MFASelect lets the user choose an MFA type: the one to sign in with
// (several are set up) or the one to set up (the pool requires MFA).
type MFASelect struct {
	app.Compo
	step   *cognito.NextStep
	choice string
	req    call
}

// mfaLabels names each MFA type for people.
var mfaLabels = map[cognito.MFAType]string{
	cognito.MFATOTP:  "Authenticator app",
	cognito.MFASMS:   "Text message",
	cognito.MFAEmail: "Email",
}

func (p *MFASelect) OnMount(ctx app.Context) { shared.follow(ctx) }

func (p *MFASelect) OnNav(ctx app.Context) {
	shared.whenReady(ctx, func(ctx app.Context) {
		arrive(ctx, "Choose how to verify")
		p.step = shared.pendingStep()
		p.choice = ""
		if p.step != nil && len(p.step.MFATypes) > 0 {
			p.choice = string(p.step.MFATypes[0])
		}
		p.Update()
	})
}

func (p *MFASelect) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	kind := stepKind(p.step)
	if kind != cognito.StepMFASelection && kind != cognito.StepMFASetupSelection {
		return noStep("Choose how to verify")
	}
	title, intro := "Choose how to verify it's you", "Your account has more than one way to confirm a sign-in. Pick one."
	if kind == cognito.StepMFASetupSelection {
		title, intro = "Set up a second step", "This app requires a second step at sign-in. Choose how you want to receive it."
	}
	types := p.step.MFATypes
	return frame(false, app.Div().Class("card").Body(
		heading(title),
		app.P().Text(intro),
		app.Form().ID("mfa-select-form").OnSubmit(onSubmit(p.submit)).Body(
			app.FieldSet().Body(
				app.Legend().Text("Method"),
				app.Range(types).Slice(func(i int) app.UI {
					t := string(types[i])
					id := "mfa-type-" + t
					return app.Div().Class("field checkbox").Body(
						app.Input().ID(id).Type("radio").Name("mfa-type").Value(t).Checked(p.choice == t).Disabled(p.req.pending).
							OnChange(func(ctx app.Context, e app.Event) { p.choice = t }),
						app.Label().For(id).Text(mfaLabels[types[i]]),
					)
				}),
			),
			p.req.view(),
			submit("mfa-select-submit", "Continue", "Continuing…", &p.req),
		),
	))
}

func (p *MFASelect) submit(ctx app.Context) {
	if p.choice == "" {
		p.req.fail(ctx, "Choose a method.")
		return
	}
	answerStep(ctx, &p.req, p.step, p.choice, false, "Continuing…")
}
