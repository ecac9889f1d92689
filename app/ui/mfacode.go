package ui

import (
	"context"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// MFACode answers a sign-in step with a one-time code: one sent by text
// message or email, or one of the authenticator app. The user may ask to
// remember this device, so later sign-ins on it can skip the code.
type MFACode struct {
	app.Compo
	step     *cognito.NextStep
	code     string
	remember bool
	invalid  string
	req      call
}

// codeKinds are the steps MFACode answers, with their words.
var codeKinds = map[cognito.StepKind]struct{ title, where string }{
	cognito.StepSMSCode:   {"Enter the code we texted you", "We sent a 6-digit code by text message"},
	cognito.StepEmailCode: {"Enter the code we emailed you", "We sent a 6-digit code by email"},
	cognito.StepTOTPCode:  {"Enter your authenticator code", "Open your authenticator app and enter the 6-digit code it shows for this account."},
}

func (p *MFACode) OnMount(ctx app.Context) { shared.follow(ctx) }

func (p *MFACode) OnNav(ctx app.Context) {
	shared.whenReady(ctx, func(ctx app.Context) {
		arrive(ctx, "Enter your sign-in code")
		p.step, p.code, p.invalid = shared.pendingStep(), "", ""
		p.Update()
	})
}

func (p *MFACode) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	words, ok := codeKinds[stepKind(p.step)]
	if !ok {
		return noStep("Enter your code")
	}
	where := words.where
	if d := p.step.CodeDelivery; d != nil && d.Destination != "" {
		where += " to " + d.Destination + "."
	} else if p.step.Kind != cognito.StepTOTPCode {
		where += "."
	}
	return frame(false, app.Div().Class("card").Body(
		heading(words.title),
		app.P().ID("mfa-where").Text(where),
		app.Form().ID("mfa-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			field{id: "mfa-code", label: "Code", autocomplete: "one-time-code", inputMode: "numeric", value: &p.code,
				invalid: p.invalid, required: true, disabled: p.req.pending}.render(),
			rememberBox(&p.remember, p.req.pending),
			p.req.view(),
			submit("mfa-submit", "Verify and sign in", "Verifying…", &p.req),
		),
		inboxLink(p.step),
	))
}

func (p *MFACode) submit(ctx app.Context) {
	submitCode(ctx, &p.req, p.step, p.code, &p.invalid, p.remember)
}

// submitCode checks a typed one-time code and answers the step with it.
func submitCode(ctx app.Context, req *call, step *cognito.NextStep, typed string, invalid *string, remember bool) {
	code := strings.TrimSpace(typed)
	if *invalid = checkOneTimeCode(code); *invalid != "" {
		req.fail(ctx, "Check the code.")
		return
	}
	answerStep(ctx, req, step, code, remember, "Checking the code…")
}

// answerStep sends a step's answer and follows the result; a new session
// remembers this device when the user asked and the pool leaves it to them.
func answerStep(ctx app.Context, req *call, step *cognito.NextStep, response string, remember bool, status string) {
	var res *cognito.SignInResult
	req.run(ctx, status, func(c context.Context) (err error) {
		res, err = shared.client.ConfirmSignIn(c, step, cognito.Answer{Response: response})
		if err != nil || res.Session == nil {
			return err
		}
		if remember && res.RememberDeviceOffered {
			_ = res.Session.RememberDevice(c) // the sign-in stands; the account page can retry
		}
		shared.SetSession(c, res.Session)
		return nil
	}, func(ctx app.Context) {
		req.err = followStep(ctx, res, step.Username)
	})
}

// rememberBox is the "Remember this device" checkbox of the last sign-in steps.
func rememberBox(v *bool, disabled bool) app.UI {
	return app.Div().Class("field checkbox").Body(
		app.Input().ID("mfa-remember").Type("checkbox").Checked(*v).Disabled(disabled).
			OnChange(func(ctx app.Context, e app.Event) { *v = ctx.JSSrc().Get("checked").Bool() }),
		app.Label().For("mfa-remember").Text("Remember this device, so signing in here skips this step"),
	)
}

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

// checkOneTimeCode checks a typed code: 6 digits.
func checkOneTimeCode(code string) string {
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return "Enter the 6 digits of the code."
	}
	return ""
}

func stepKind(step *cognito.NextStep) cognito.StepKind {
	if step == nil {
		return ""
	}
	return step.Kind
}

// noStep is what a step page shows when no sign-in is waiting for it.
func noStep(title string) app.UI {
	return frame(false, app.Div().Class("card").Body(
		heading(title),
		app.P().Text("There is no sign-in waiting for this step. Sign in first."),
		app.A().Class("button").Href(pagePath("/signin")).Text("Sign in"),
	))
}
