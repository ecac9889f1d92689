package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Home is the landing page: a summary of the signed-in user, or an
// invitation to sign in or create an account.
type Home struct {
	app.Compo
}

func (h *Home) OnMount(ctx app.Context) { shared.follow(ctx) }

func (h *Home) OnNav(ctx app.Context) {
	shared.whenReady(ctx, func(ctx app.Context) { arrive(ctx, "Home") })
}

func (h *Home) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	sess, t := shared.Session()
	if sess == nil {
		return frame(false, app.Div().Class("card").ID("welcome").Body(
			heading("Welcome"),
			app.P().Text("Sign in to your account, or create one. Your password is proved with SRP and never leaves this browser."),
			app.Div().Class("actions").Body(
				app.A().Class("button").ID("home-signin").Href(pagePath("/signin")).Text("Sign in"),
				app.A().Class("button secondary").ID("home-signup").Href(pagePath("/signup")).Text("Create account"),
			),
		))
	}
	gs := groups(t)
	groupText := "none"
	if len(gs) > 0 {
		groupText = strings.Join(gs, ", ")
	}
	expires := "unknown"
	if !t.ExpiresAt.IsZero() {
		expires = clock(t.ExpiresAt)
	}
	who := displayName(sess, t)
	return frame(false, app.Div().Class("card").ID("summary").Body(
		heading("Welcome, "+who),
		app.P().Text("You are signed in."),
		app.Table().Body(
			app.Tr().Body(app.Th().Scope("row").Text("Signed in as"), app.Td().ID("summary-who").Text(who)),
			app.Tr().Body(app.Th().Scope("row").Text("User ID"), app.Td().ID("summary-username").Body(app.Code().Text(sess.Username()))),
			app.Tr().Body(app.Th().Scope("row").Text("Groups"), app.Td().ID("summary-groups").Text(groupText)),
			app.Tr().Body(app.Th().Scope("row").Text("Tokens expire"), app.Td().ID("summary-expires").Text(expires)),
		),
		app.P().Class("muted").Text("The tokens refresh on their own before they expire."),
		app.Div().Class("actions").Body(
			app.A().Class("button").Href(pagePath("/tokens")).Text("Inspect tokens"),
			app.A().Class("button secondary").Href(pagePath("/account")).Text("Manage account"),
		),
	))
}
