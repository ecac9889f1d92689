package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// changePassword changes the signed-in user's password.
type changePassword struct {
	app.Compo
	current string
	shown   bool
	next    newPassword
	invalid map[string]string
	req     call
}

func (c *changePassword) OnMount(app.Context) {
	c.req.id = "passwd"
	// The user typed both passwords: a NotAuthorized can only mean the current one.
	c.req.say = []override{{err: cognito.ErrNotAuthorized, text: "Your current password is not right. Check it and try again.",
		links: []link{{pagePath("/forgot"), "Forgot your password?"}}}}
}

func (c *changePassword) Render() app.UI {
	return app.Section().Class("card").ID("change-password").Aria("labelledby", "change-password-title").Body(
		app.H2().ID("change-password-title").Text("Change password"),
		app.Form().ID("passwd-form").NoValidate(true).OnSubmit(onSubmit(c.submit)).Body(
			field{id: "passwd-current", label: "Current password", kind: "password", autocomplete: "current-password",
				value: &c.current, invalid: c.invalid["current"], required: true, disabled: c.req.pending, shown: &c.shown}.render(),
			c.next.render("passwd-new", "New password", c.invalid, c.req.pending),
			c.req.view(),
			submit("passwd-submit", "Change password", "Changing your password…", &c.req),
		),
	)
}

func (c *changePassword) submit(ctx app.Context) {
	c.invalid = map[string]string{}
	if msg := checkPresent("current password", c.current); msg != "" {
		c.invalid["current"] = msg
	}
	c.next.check(c.invalid)
	sess, _ := shared.Session()
	if len(c.invalid) > 0 || sess == nil {
		c.req.fail(ctx, "Check the highlighted fields.")
		return
	}
	current, next := c.current, c.next.password
	c.req.run(ctx, "Changing your password…", func(ctx context.Context) error {
		return sess.ChangePassword(ctx, current, next)
	}, func(app.Context) {
		c.current = ""
		c.next.clear()
		c.req.notice = "Your password has been changed. Use the new one next time you sign in."
	})
}
