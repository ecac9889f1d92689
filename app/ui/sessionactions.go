package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// sessionActions signs out here or everywhere, and deletes the account.
type sessionActions struct {
	app.Compo
	confirmDelete bool
	req           call
}

func (s *sessionActions) OnMount(app.Context) { s.req.id = "sessions" }

func (s *sessionActions) Render() app.UI {
	var deleteButtons app.UI = app.Button().ID("account-delete").Class("danger").Disabled(s.req.pending).Text("Delete account…").
		OnClick(func(ctx app.Context, e app.Event) {
			s.confirmDelete = true
			ctx.Defer(func(app.Context) { focusNow("#account-delete-cancel") })
		})
	if s.confirmDelete {
		deleteButtons = app.Div().Class("actions").Role("group").Aria("label", "Confirm deletion").Body(
			app.Span().Text("Delete your account for good?"),
			app.Button().ID("account-delete-confirm").Class("danger").Disabled(s.req.pending).Text("Yes, delete it").
				OnClick(func(ctx app.Context, e app.Event) {
					shared.signOut(ctx, &s.req, "Deleting your account…", (*cognito.Session).DeleteUser, "deleted")
				}),
			app.Button().ID("account-delete-cancel").Class("secondary").Disabled(s.req.pending).Text("Keep it").
				OnClick(func(ctx app.Context, e app.Event) {
					s.confirmDelete = false
					ctx.Defer(func(app.Context) { focusNow("#account-delete") })
				}),
		)
	}
	return app.Section().Class("card").ID("sessions").Aria("labelledby", "sessions-title").Body(
		app.H2().ID("sessions-title").Text("Sessions"),
		app.P().Class("muted").Text("Signing out everywhere ends the sessions on all your devices."),
		app.Div().Class("actions").Body(
			app.Button().ID("signout").Disabled(s.req.pending).Text("Sign out").
				OnClick(func(ctx app.Context, e app.Event) {
					shared.signOut(ctx, &s.req, "Signing out…", (*cognito.Session).SignOut, "signedout")
				}),
			app.Button().ID("signout-global").Class("secondary").Disabled(s.req.pending).Text("Sign out everywhere").
				OnClick(func(ctx app.Context, e app.Event) {
					shared.signOut(ctx, &s.req, "Signing out everywhere…", (*cognito.Session).GlobalSignOut, "signedout")
				}),
		),
		app.H3().Text("Danger zone"),
		deleteButtons,
		s.req.view(),
	)
}
