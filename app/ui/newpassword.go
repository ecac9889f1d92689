package ui

import (
	"context"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// NewPassword answers NEW_PASSWORD_REQUIRED: a user an administrator created
// chooses their own password, and gives any attributes the pool requires.
type NewPassword struct {
	app.Compo
	step     *cognito.NextStep
	password newPassword
	attrs    map[string]*string
	invalid  map[string]string
	req      call
}

func (p *NewPassword) OnMount(ctx app.Context) { shared.follow(ctx) }

func (p *NewPassword) OnNav(ctx app.Context) {
	shared.whenReady(ctx, func(ctx app.Context) {
		arrive(ctx, "Choose your own password")
		p.step = shared.pendingStep()
		p.attrs = map[string]*string{}
		if p.step != nil {
			for _, name := range p.step.RequiredAttributes {
				v := p.step.UserAttributes[name]
				p.attrs[name] = &v
			}
		}
		p.Update()
	})
}

func (p *NewPassword) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	if p.step == nil || p.step.Kind != cognito.StepNewPasswordRequired {
		return frame(false, app.Div().Class("card").Body(
			heading("Choose a new password"),
			app.P().Text("There is no sign-in waiting for a new password. Sign in first."),
			app.A().Class("button").Href(pagePath("/signin")).Text("Sign in"),
		))
	}
	names := p.step.RequiredAttributes
	return frame(false, app.Div().Class("card").Body(
		heading("Choose a new password"),
		app.P().Text("Your account was created with a temporary password. Choose your own to finish signing in."),
		app.Form().ID("newpassword-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			p.password.render("newpassword-password", "New password", p.invalid, p.req.pending),
			app.Range(names).Slice(func(i int) app.UI {
				n := names[i]
				return field{id: "newpassword-attr-" + n, label: attributeLabel(n), value: p.attrs[n],
					invalid: p.invalid[n], required: true, disabled: p.req.pending}.render()
			}),
			p.req.view(),
			submit("newpassword-submit", "Set password and sign in", "Setting your password…", &p.req),
		),
		app.Div().Class("links").Body(app.A().ID("newpassword-cancel").Href(pagePath("/signin")).Text("Cancel and go back to sign in")),
	))
}

func (p *NewPassword) submit(ctx app.Context) {
	p.invalid = map[string]string{}
	p.password.check(p.invalid)
	attrs := map[string]string{}
	for name, v := range p.attrs {
		switch {
		case strings.TrimSpace(*v) == "":
			p.invalid[name] = "Enter your " + attributeLabel(name) + "."
		case len(*v) > maxAttrLen:
			p.invalid[name] = "That is too long."
		}
		attrs[name] = *v
	}
	if len(p.invalid) > 0 {
		p.req.fail(ctx, "Check the highlighted fields.")
		return
	}
	step, password := p.step, p.password.password
	var res *cognito.SignInResult
	p.req.run(ctx, "Setting your password…", func(c context.Context) (err error) {
		res, err = shared.client.ConfirmSignIn(c, step, cognito.Answer{Response: password, UserAttributes: attrs})
		if err == nil && res.Session != nil {
			shared.SetSession(c, res.Session)
		}
		return err
	}, func(ctx app.Context) {
		p.password.clear()
		p.req.err = followStep(ctx, res, step.Username)
	})
}
