package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// sessionActions signs out here or everywhere, and deletes the account.
type sessionActions struct {
	app.Compo
	confirmDelete bool
	req           call
}

func (s *sessionActions) Render() app.UI {
	var deleteButtons app.UI = app.Button().ID("account-delete").Class("danger").Disabled(s.req.pending).Text("Delete account…").
		OnClick(func(ctx app.Context, e app.Event) { s.confirmDelete = true })
	if s.confirmDelete {
		deleteButtons = app.Div().Class("actions").Role("group").Aria("label", "Confirm deletion").Body(
			app.Span().Text("Delete your account for good?"),
			app.Button().ID("account-delete-confirm").Class("danger").Disabled(s.req.pending).Text("Yes, delete it").
				OnClick(func(ctx app.Context, e app.Event) {
					s.end(ctx, "Deleting your account…", (*cognito.Session).DeleteUser, "deleted")
				}),
			app.Button().ID("account-delete-cancel").Class("secondary").Disabled(s.req.pending).Text("Keep it").
				OnClick(func(ctx app.Context, e app.Event) { s.confirmDelete = false }),
		)
	}
	return app.Section().Class("card").ID("sessions").Aria("labelledby", "sessions-title").Body(
		app.H2().ID("sessions-title").Text("Sessions"),
		app.P().Class("muted").Text("Signing out everywhere ends the sessions on all your devices."),
		app.Div().Class("actions").Body(
			app.Button().ID("signout").Disabled(s.req.pending).Text("Sign out").
				OnClick(func(ctx app.Context, e app.Event) {
					s.end(ctx, "Signing out…", (*cognito.Session).SignOut, "signedout")
				}),
			app.Button().ID("signout-global").Class("secondary").Disabled(s.req.pending).Text("Sign out everywhere").
				OnClick(func(ctx app.Context, e app.Event) {
					s.end(ctx, "Signing out everywhere…", (*cognito.Session).GlobalSignOut, "signedout")
				}),
		),
		app.H3().Text("Danger zone"),
		deleteButtons,
		s.req.view(),
	)
}

// end runs a call that ends the session, forgets it, and goes to the sign-in page.
func (s *sessionActions) end(ctx app.Context, status string, do func(*cognito.Session, context.Context) error, notice string) {
	sess, _ := shared.Session()
	if sess == nil {
		ctx.Navigate(pagePath("/signin"))
		return
	}
	s.req.run(ctx, status, func(c context.Context) error {
		return do(sess, c)
	}, func(ctx app.Context) {
		shared.SetSession(ctx, nil)
		if u := logoutURL(); u != "" && notice == "signedout" {
			// The hosted UI's own session ends at /logout, which comes back to the app.
			app.Window().Get("location").Set("href", u)
			return
		}
		// Navigate from the page's root: without a session the account page
		// renders without these buttons, and go-app drops a navigation
		// deferred on an element that is gone by then.
		ctx.Dispatcher().Context().Navigate(withQuery("/signin", "notice", notice))
	})
}
