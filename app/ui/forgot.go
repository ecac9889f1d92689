package ui

import (
	"context"
	"strings"

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

func (p *Forgot) OnMount(ctx app.Context) { shared.follow(ctx) }

func (p *Forgot) OnNav(ctx app.Context) {
	p.username = query(ctx, "username")
	shared.whenReady(ctx, func(ctx app.Context) { arrive(ctx, "Forgot your password") })
}

func (p *Forgot) Render() app.UI {
	return cardPage("Reset your password",
		app.P().Text("We will send you a code to choose a new password."),
		app.Form().ID("forgot-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			field{id: "forgot-username", label: "Email or user name", autocomplete: "username", value: &p.username,
				invalid: p.invalid, required: true, disabled: p.req.pending}.render(),
			p.req.view(),
			submit("forgot-submit", "Send code", "Sending a code…", &p.req),
		),
		app.Div().Class("links").Body(
			app.A().Href(withQuery("/reset", "username", strings.TrimSpace(p.username))).Text("I have a code"),
			app.A().Href(pagePath("/signin")).Text("Back to sign in"),
		),
	)
}

func (p *Forgot) submit(ctx app.Context) {
	p.username = strings.TrimSpace(p.username)
	if p.invalid = checkUsername(p.username); p.invalid != "" {
		p.req.fail(ctx, p.invalid)
		return
	}
	username := p.username
	var d *cognito.CodeDelivery
	p.req.run(ctx, "Sending a code…", func(c context.Context) (err error) {
		d, err = shared.client.ForgotPassword(c, username)
		return err
	}, func(ctx app.Context) {
		shared.sentCode(username, d)
		navigate(ctx, withQuery("/reset", "username", username))
	})
}
