package ui

import (
	"context"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// SignUp creates an account, then sends the user to confirm it.
type SignUp struct {
	app.Compo
	email, name string
	password    newPassword
	invalid     map[string]string
	req         call
}

func (p *SignUp) OnMount(ctx app.Context) { shared.follow(ctx) }

func (p *SignUp) OnNav(ctx app.Context) {
	shared.whenReady(ctx, func(ctx app.Context) { arrive(ctx, "Create an account") })
}

func (p *SignUp) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	return frame(false, app.Div().Class("card").Body(
		authTabs("/signup"),
		heading("Create an account"),
		app.Form().ID("signup-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			field{id: "signup-email", label: "Email", kind: "email", autocomplete: "email", value: &p.email,
				invalid: p.invalid["email"], required: true, disabled: p.req.pending}.render(),
			field{id: "signup-name", label: "Name (optional)", autocomplete: "name", value: &p.name,
				invalid: p.invalid["name"], disabled: p.req.pending}.render(),
			p.password.render("signup-password", "Password", p.invalid, p.req.pending),
			p.req.view(),
			submit("signup-submit", "Create account", "Creating your account…", &p.req),
		),
		app.Div().Class("links").Body(
			app.A().Href(pagePath("/signin")).Text("Already have an account? Sign in"),
			app.A().Href(withQuery("/confirm", "username", strings.TrimSpace(p.email))).Text("Have a code?"),
		),
	))
}

func (p *SignUp) submit(ctx app.Context) {
	p.email, p.name = strings.TrimSpace(p.email), strings.TrimSpace(p.name)
	p.invalid = map[string]string{}
	if msg := checkEmail(p.email); msg != "" {
		p.invalid["email"] = msg
	}
	p.password.check(p.invalid)
	if len(p.name) > maxAttrLen {
		p.invalid["name"] = "The name is too long. Shorten it."
	}
	if len(p.invalid) > 0 {
		p.req.fail(ctx, "Check the highlighted fields.")
		return
	}
	email, password := p.email, p.password.password
	attrs := map[string]string{"email": email}
	if p.name != "" {
		attrs["name"] = p.name
	}
	var res *cognito.SignUpResult
	p.req.say = p.say(email)
	p.req.run(ctx, "Creating your account…", func(c context.Context) (err error) {
		res, err = shared.client.SignUp(c, cognito.SignUpInput{Username: email, Password: password, Attributes: attrs})
		return err
	}, func(ctx app.Context) {
		p.password.clear()
		shared.keepSignUp(credentials{email, password})
		if res.UserConfirmed {
			navigate(ctx, withQuery("/signin", "username", email, "notice", "confirmed"))
			return
		}
		shared.sentCode(email, res.Delivery)
		navigate(ctx, withQuery("/confirm", "username", email))
	})
}

// say words the exceptions sign-up can meet as its own.
func (p *SignUp) say(email string) []override {
	return []override{{err: cognito.ErrUsernameExists,
		text: "An account with this email already exists. Sign in, or reset your password if you forgot it.",
		links: []link{
			{withQuery("/signin", "username", email), "Sign in"},
			{withQuery("/forgot", "username", email), "Reset your password"},
		}}}
}
