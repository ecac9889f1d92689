package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// NewPassword answers NEW_PASSWORD_REQUIRED: a user an administrator created
// chooses their own password, and gives any attributes the pool requires.
type NewPassword struct {
	app.Compo
	signInStep
	password newPassword
	attrs    map[string]*string
	invalid  map[string]string
}

func (p *NewPassword) OnNav(ctx app.Context) {
	p.arrive(ctx, "Choose your own password", func() {
		p.attrs = map[string]*string{}
		if p.step != nil {
			for _, name := range p.step.RequiredAttributes {
				v := p.step.UserAttributes[name]
				p.attrs[name] = &v
			}
		}
	})
}

func (p *NewPassword) Render() app.UI {
	if p.waiting() != cognito.StepNewPasswordRequired {
		return p.card("Choose a new password", false)
	}
	names := p.step.RequiredAttributes
	return p.card("Choose a new password", true,
		app.P().Text("Your account was created with a temporary password. Choose your own to finish signing in."),
		p.form("newpassword", p.submit, "Set password and sign in", "Setting your password…",
			p.password.render("newpassword-password", "New password", p.invalid, p.req.pending),
			app.Range(names).Slice(func(i int) app.UI {
				n := names[i]
				return field{id: "newpassword-attr-" + n, label: attributeLabel(n), value: p.attrs[n],
					invalid: p.invalid[n], required: true, disabled: p.req.pending}.render()
			}),
		),
		app.Div().Class("links").Body(app.A().ID("newpassword-cancel").Href(pagePath("/signin")).Text("Cancel and go back to sign in")),
	)
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
	p.answer(ctx, "Setting your password…", cognito.Answer{Response: p.password.password, UserAttributes: attrs}, p.password.clear)
}
