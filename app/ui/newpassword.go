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
	password string
	attrs    map[string]*string
	invalid  map[string]string
	req      call
}

func (p *NewPassword) OnNav(ctx app.Context) {
	shared.whenReady(ctx, func(app.Context) {
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
			app.H1().Text("Choose a new password"),
			app.P().Text("There is no sign-in waiting for a new password. Sign in first."),
			app.A().Class("button").Href(pagePath("/signin")).Text("Sign in"),
		))
	}
	names := p.step.RequiredAttributes
	return frame(false, app.Div().Class("card").Body(
		app.H1().Text("Choose a new password"),
		app.P().Text("Your account was created with a temporary password. Choose your own to finish signing in."),
		app.Form().ID("newpassword-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			passwordField(field{id: "newpassword-password", label: "New password", autocomplete: "new-password",
				value: &p.password, invalid: p.invalid["password"], required: true, disabled: p.req.pending}, shared.cfg.Policy()),
			app.Range(names).Slice(func(i int) app.UI {
				n := names[i]
				return field{id: "newpassword-attr-" + n, label: attributeLabel(n), value: p.attrs[n],
					invalid: p.invalid[n], required: true, disabled: p.req.pending}.render()
			}),
			p.req.view(),
			submit("newpassword-submit", "Set password and sign in", &p.req),
		),
	))
}

func (p *NewPassword) submit(ctx app.Context) {
	p.invalid = map[string]string{}
	if msg := checkPassword(shared.cfg.Policy(), p.password); msg != "" {
		p.invalid["password"] = msg
	}
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
		p.req.fail("Check the highlighted fields.")
		return
	}
	step, password := p.step, p.password
	var res *cognito.SignInResult
	p.req.run(ctx, "Setting your password…", func(c context.Context) (err error) {
		res, err = shared.client.ConfirmSignIn(c, step, cognito.Answer{Response: password, UserAttributes: attrs})
		if err == nil && res.Session != nil {
			shared.SetSession(c, res.Session)
		}
		return err
	}, func(ctx app.Context) {
		p.password = ""
		p.req.err = followStep(ctx, res, step.Username)
	})
}

// attributeLabel names a standard attribute in words, e.g. "given_name" as "given name".
func attributeLabel(name string) string {
	if l, ok := attributeLabels[name]; ok {
		return l
	}
	return strings.ReplaceAll(strings.TrimPrefix(name, "custom:"), "_", " ")
}

var attributeLabels = map[string]string{
	"email":        "email address",
	"phone_number": "phone number (+15551234567)",
	"birthdate":    "birth date (YYYY-MM-DD)",
	"zoneinfo":     "time zone",
}
