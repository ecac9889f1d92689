package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Reset sets a new password with the code Forgot had sent.
type Reset struct {
	app.Compo
	username, code, password string
	sentTo                   string
	invalid                  map[string]string
	req                      call
}

func (p *Reset) OnNav(ctx app.Context) {
	p.username, p.sentTo = query(ctx, "username"), query(ctx, "sent")
	shared.whenReady(ctx, func(app.Context) { p.Update() })
}

func (p *Reset) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	intro := "Enter the code we sent you and choose a new password."
	if p.sentTo != "" {
		intro = "We sent a code to " + p.sentTo + ". Enter it and choose a new password."
	}
	return frame(false, app.Div().Class("card").Body(
		app.H1().Text("Choose a new password"),
		app.P().Text(intro),
		app.Form().ID("reset-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			field{id: "reset-username", label: "Email or user name", autocomplete: "username", value: &p.username,
				invalid: p.invalid["username"], required: true, disabled: p.req.pending}.render(),
			field{id: "reset-code", label: "Code", autocomplete: "one-time-code", inputMode: "numeric", value: &p.code,
				invalid: p.invalid["code"], required: true, disabled: p.req.pending}.render(),
			passwordField(field{id: "reset-password", label: "New password", autocomplete: "new-password", value: &p.password,
				invalid: p.invalid["password"], required: true, disabled: p.req.pending}, shared.cfg.Policy()),
			p.req.view(),
			submit("reset-submit", "Reset password", &p.req),
		),
		inboxHint(p.username),
	))
}

func (p *Reset) submit(ctx app.Context) {
	p.invalid = map[string]string{}
	if msg := checkUsername(p.username); msg != "" {
		p.invalid["username"] = msg
	}
	if msg := checkCode(p.code); msg != "" {
		p.invalid["code"] = msg
	}
	if msg := checkPassword(shared.cfg.Policy(), p.password); msg != "" {
		p.invalid["password"] = msg
	}
	if len(p.invalid) > 0 {
		p.req.fail("Check the highlighted fields.")
		return
	}
	username, code, password := p.username, p.code, p.password
	p.req.run(ctx, "Resetting your password…", func(c context.Context) error {
		return shared.client.ConfirmForgotPassword(c, username, code, password)
	}, func(ctx app.Context) {
		p.password = ""
		ctx.Navigate(withQuery("/signin", "username", username, "notice", "reset"))
	})
}
