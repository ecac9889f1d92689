package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// SignUp creates an account, then sends the user to confirm it.
type SignUp struct {
	app.Compo
	email, password, name string
	invalid               map[string]string
	req                   call
}

func (p *SignUp) OnNav(ctx app.Context) {
	shared.whenReady(ctx, func(app.Context) { p.Update() })
}

func (p *SignUp) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	return frame(false, app.Div().Class("card").Body(
		app.H1().Text("Create an account"),
		app.Form().ID("signup-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			field{id: "signup-email", label: "Email", kind: "email", autocomplete: "email", value: &p.email,
				invalid: p.invalid["email"], required: true, disabled: p.req.pending}.render(),
			field{id: "signup-name", label: "Name (optional)", autocomplete: "name", value: &p.name,
				disabled: p.req.pending}.render(),
			passwordField(field{id: "signup-password", label: "Password", autocomplete: "new-password", value: &p.password,
				invalid: p.invalid["password"], required: true, disabled: p.req.pending}, shared.cfg.Policy()),
			p.req.view(),
			submit("signup-submit", "Create account", &p.req),
		),
		app.Div().Class("links").Body(
			app.A().Href(pagePath("/signin")).Text("Already have an account? Sign in"),
			app.A().Href(withQuery("/confirm", "username", p.email)).Text("Have a code?"),
		),
	))
}

func (p *SignUp) submit(ctx app.Context) {
	p.invalid = map[string]string{}
	if msg := checkEmail(p.email); msg != "" {
		p.invalid["email"] = msg
	}
	if msg := checkPassword(shared.cfg.Policy(), p.password); msg != "" {
		p.invalid["password"] = msg
	}
	if len(p.name) > maxAttrLen {
		p.invalid["name"] = "The name is too long."
	}
	if len(p.invalid) > 0 {
		p.req.fail("Check the highlighted fields.")
		return
	}
	attrs := map[string]string{"email": p.email}
	if p.name != "" {
		attrs["name"] = p.name
	}
	var res *cognito.SignUpResult
	p.req.run(ctx, "Creating your account…", func(c context.Context) (err error) {
		res, err = shared.client.SignUp(c, cognito.SignUpInput{Username: p.email, Password: p.password, Attributes: attrs})
		return err
	}, func(ctx app.Context) {
		if res.UserConfirmed {
			ctx.Navigate(withQuery("/signin", "username", p.email, "notice", "confirmed"))
			return
		}
		dest := ""
		if res.Delivery != nil {
			dest = res.Delivery.Destination
		}
		ctx.Navigate(withQuery("/confirm", "username", p.email, "sent", dest))
	})
}
