package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// changePassword changes the signed-in user's password.
type changePassword struct {
	app.Compo
	current, next string
	invalid       map[string]string
	req           call
}

func (c *changePassword) Render() app.UI {
	return app.Section().Class("card").ID("change-password").Aria("labelledby", "change-password-title").Body(
		app.H2().ID("change-password-title").Text("Change password"),
		app.Form().ID("passwd-form").NoValidate(true).OnSubmit(onSubmit(c.submit)).Body(
			field{id: "passwd-current", label: "Current password", kind: "password", autocomplete: "current-password",
				value: &c.current, invalid: c.invalid["current"], required: true, disabled: c.req.pending}.render(),
			passwordField(field{id: "passwd-new", label: "New password", autocomplete: "new-password",
				value: &c.next, invalid: c.invalid["next"], required: true, disabled: c.req.pending}, shared.cfg.Policy()),
			c.req.view(),
			submit("passwd-submit", "Change password", &c.req),
		),
	)
}

func (c *changePassword) submit(ctx app.Context) {
	c.invalid = map[string]string{}
	if msg := checkPresent("current password", c.current); msg != "" {
		c.invalid["current"] = msg
	}
	if msg := checkPassword(shared.cfg.Policy(), c.next); msg != "" {
		c.invalid["next"] = msg
	}
	sess, _ := shared.Session()
	if len(c.invalid) > 0 || sess == nil {
		c.req.fail("Check the highlighted fields.")
		return
	}
	current, next := c.current, c.next
	c.req.run(ctx, "Changing your password…", func(ctx context.Context) error {
		return sess.ChangePassword(ctx, current, next)
	}, func(app.Context) {
		c.current, c.next = "", ""
		c.req.notice = "Your password has been changed."
	})
}
