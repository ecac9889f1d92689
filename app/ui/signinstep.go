package ui

import (
	"context"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// signInStep is what every page answering a sign-in step shares: the step
// it answers and its one request; following the session from mounting;
// the title and the first field's focus on arrival; the way back to sign
// in when no sign-in waits for the step; the form with its message beside
// the submit button; and the answer, sent through Client.ConfirmSignIn.
// The pages embed it, so its OnMount is theirs.
type signInStep struct {
	step *cognito.NextStep
	req  call
	// remember is the "Remember this device" box of the last steps.
	remember bool
}

func (s *signInStep) OnMount(ctx app.Context) { shared.follow(ctx) }

// arrive takes the waiting step when the page is navigated to, titles the
// page and focuses its first field; reset clears the page's own fields.
func (s *signInStep) arrive(ctx app.Context, title string, reset func()) {
	shared.whenReady(ctx, func(ctx app.Context) {
		arrive(ctx, title)
		s.step = shared.pendingStep()
		reset()
	})
}

// waiting is the kind of the waiting step, or "".
func (s *signInStep) waiting() cognito.StepKind {
	if s.step == nil {
		return ""
	}
	return s.step.Kind
}

// card draws the page: body in a card under its title when ok (the waiting
// step is one this page answers), else a way back to sign in.
func (s *signInStep) card(title string, ok bool, body ...app.UI) app.UI {
	if !ok {
		return cardPage(title,
			app.P().Text("There is no sign-in waiting for this step. Sign in first."),
			app.A().Class("button").Href(pagePath("/signin")).Text("Sign in"),
		)
	}
	return cardPage(title, body...)
}

// form is the step's form, id+"-form": its fields, then the request's
// message, then the submit button id+"-submit" that says busy while the
// answer is on its way.
func (s *signInStep) form(id string, send func(app.Context), label, busy string, fields ...app.UI) app.UI {
	return app.Form().ID(id + "-form").NoValidate(true).OnSubmit(onSubmit(send)).Body(
		append(fields, s.req.view(), submit(id+"-submit", label, busy, &s.req))...)
}

// rememberBox is the "Remember this device" checkbox of the last steps.
func (s *signInStep) rememberBox() app.UI {
	return app.Div().Class("field checkbox").Body(
		app.Input().ID("mfa-remember").Type("checkbox").Checked(s.remember).Disabled(s.req.pending).
			OnChange(func(ctx app.Context, e app.Event) { s.remember = ctx.JSSrc().Get("checked").Bool() }),
		app.Label().For("mfa-remember").Text("Remember this device, so signing in here skips this step"),
	)
}

// answerCode checks a typed one-time code and answers the step with it;
// invalid receives why the code was refused.
func (s *signInStep) answerCode(ctx app.Context, typed string, invalid *string) {
	code := strings.TrimSpace(typed)
	if *invalid = checkOneTimeCode(code); *invalid != "" {
		s.req.fail(ctx, "Check the code.")
		return
	}
	s.answer(ctx, "Checking the code…", cognito.Answer{Response: code}, nil)
}

// answer sends the step's answer with status shown, then, once it is
// accepted, runs done (when not nil) and follows the result: home with a
// new session, which remembers this device when the user asked and the
// pool leaves it to them, or the next step's page.
func (s *signInStep) answer(ctx app.Context, status string, a cognito.Answer, done func()) {
	step, remember := s.step, s.remember
	var res *cognito.SignInResult
	s.req.run(ctx, status, func(c context.Context) (err error) {
		res, err = shared.client.ConfirmSignIn(c, step, a)
		if err != nil || res.Session == nil {
			return err
		}
		if remember && res.RememberDeviceOffered {
			_ = res.Session.RememberDevice(c) // the sign-in stands; the account page can retry
		}
		shared.SetSession(c, res.Session)
		return nil
	}, func(ctx app.Context) {
		if done != nil {
			done()
		}
		s.req.err = followStep(ctx, res, step.Username)
	})
}
