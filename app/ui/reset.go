package ui

import (
	"context"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Reset sets a new password with the code Forgot had sent.
type Reset struct {
	app.Compo
	username, code string
	password       newPassword
	invalid        map[string]string
	req            call
}

func (p *Reset) OnMount(ctx app.Context) { shared.follow(ctx) }

func (p *Reset) OnNav(ctx app.Context) {
	p.username = query(ctx, "username")
	shared.whenReady(ctx, func(ctx app.Context) { arrive(ctx, "Reset your password with a code") })
}

func (p *Reset) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	intro := "Enter the code we sent you and choose a new password."
	if to := shared.sentTo(strings.TrimSpace(p.username)); to != "" {
		intro = "We sent a code to " + to + ". Enter it and choose a new password."
	}
	return frame(false, app.Div().Class("card").Body(
		heading("Choose a new password"),
		app.P().ID("reset-intro").Text(intro),
		app.Form().ID("reset-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			field{id: "reset-username", label: "Email or user name", autocomplete: "username", value: &p.username,
				invalid: p.invalid["username"], required: true, disabled: p.req.pending}.render(),
			field{id: "reset-code", label: "Code", autocomplete: "one-time-code", inputMode: "numeric", value: &p.code,
				invalid: p.invalid["code"], required: true, disabled: p.req.pending}.render(),
			p.password.render("reset-password", "New password", p.invalid, p.req.pending),
			p.req.view(),
			app.Div().Class("actions").Body(
				submit("reset-submit", "Reset password", "Resetting your password…", &p.req),
				app.Button().ID("reset-resend").Type("button").Class("secondary").Disabled(p.req.pending).
					Text("Resend code").OnClick(func(ctx app.Context, e app.Event) { p.resend(ctx) }),
			),
		),
		inboxHint(strings.TrimSpace(p.username)),
		app.Div().Class("links").Body(app.A().Href(pagePath("/signin")).Text("Back to sign in")),
	))
}

func (p *Reset) submit(ctx app.Context) {
	p.username, p.code = strings.TrimSpace(p.username), strings.TrimSpace(p.code)
	p.invalid = map[string]string{}
	if msg := checkUsername(p.username); msg != "" {
		p.invalid["username"] = msg
	}
	if msg := checkCode(p.code); msg != "" {
		p.invalid["code"] = msg
	}
	p.password.check(p.invalid)
	if len(p.invalid) > 0 {
		p.req.fail(ctx, "Check the highlighted fields.")
		return
	}
	username, code, password := p.username, p.code, p.password.password
	p.req.run(ctx, "Resetting your password…", func(c context.Context) error {
		return shared.client.ConfirmForgotPassword(c, username, code, password)
	}, func(ctx app.Context) {
		p.password.clear()
		navigate(ctx, withQuery("/signin", "username", username, "notice", "reset"))
	})
}

func (p *Reset) resend(ctx app.Context) {
	p.invalid = map[string]string{}
	resendCode(ctx, &p.req, &p.username, p.invalid, shared.client.ForgotPassword)
}
