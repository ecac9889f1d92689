package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// Forgot asks Cognito to send a password-reset code.
type Forgot struct {
	app.Compo
	username string
	invalid  string
	req      call
}

func (p *Forgot) OnNav(ctx app.Context) {
	p.username = query(ctx, "username")
	shared.whenReady(ctx, func(app.Context) { p.Update() })
}

func (p *Forgot) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	return frame(false, app.Div().Class("card").Body(
		app.H1().Text("Reset your password"),
		app.P().Text("We will send you a code to choose a new password."),
		app.Form().ID("forgot-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			field{id: "forgot-username", label: "Email or user name", autocomplete: "username", value: &p.username,
				invalid: p.invalid, required: true, disabled: p.req.pending}.render(),
			p.req.view(),
			submit("forgot-submit", "Send code", &p.req),
		),
		app.Div().Class("links").Body(
			app.A().Href(withQuery("/reset", "username", p.username)).Text("I have a code"),
			app.A().Href(pagePath("/signin")).Text("Back to sign in"),
		),
	))
}

func (p *Forgot) submit(ctx app.Context) {
	if p.invalid = checkUsername(p.username); p.invalid != "" {
		p.req.fail(p.invalid)
		return
	}
	var d *cognito.CodeDelivery
	p.req.run(ctx, "Sending a code…", func(c context.Context) (err error) {
		d, err = shared.client.ForgotPassword(c, p.username)
		return err
	}, func(ctx app.Context) {
		dest := ""
		if d != nil {
			dest = d.Destination
		}
		ctx.Navigate(withQuery("/reset", "username", p.username, "sent", dest))
	})
}
