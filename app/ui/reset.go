package ui

import (
	"context"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Reset sets a new password with the code Forgot had sent.
type Reset struct {
	app.Compo
	accountCode
	password newPassword
	invalid  map[string]string
	req      call
}

func (p *Reset) OnMount(ctx app.Context) { shared.follow(ctx) }

func (p *Reset) OnNav(ctx app.Context) {
	p.username = query(ctx, "username")
	shared.whenReady(ctx, func(ctx app.Context) { arrive(ctx, "Reset your password with a code") })
}

func (p *Reset) Render() app.UI {
	intro := "Enter the code we sent you and choose a new password."
	if to := shared.sentTo(strings.TrimSpace(p.username)); to != "" {
		intro = "We sent a code to " + to + ". Enter it and choose a new password."
	}
	return cardPage("Choose a new password",
		app.P().ID("reset-intro").Text(intro),
		app.Form().ID("reset-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			p.accountCode.render("reset", p.invalid, p.req.pending),
			p.password.render("reset-password", "New password", p.invalid, p.req.pending),
			p.req.view(),
			p.accountCode.actions("reset", "Reset password", "Resetting your password…", "Resend code", &p.req, p.resend),
		),
		p.accountCode.footer(),
	)
}

func (p *Reset) submit(ctx app.Context) {
	p.invalid = map[string]string{}
	p.accountCode.check(p.invalid)
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
