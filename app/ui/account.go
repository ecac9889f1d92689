package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Account is where a signed-in user manages their attributes, password and
// sessions.
type Account struct {
	app.Compo
}

func (p *Account) OnMount(ctx app.Context) { shared.follow(ctx) }

func (p *Account) OnNav(ctx app.Context) {
	shared.whenReady(ctx, func(ctx app.Context) { arrive(ctx, "Your account") })
}

func (p *Account) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	if sess, _ := shared.Session(); sess == nil {
		return frame(false, signInFirst("manage your account"))
	}
	return frame(false,
		heading("Your account"),
		&attributes{},
		&mfaSettings{},
		&devices{},
		&passkeys{},
		&changePassword{},
		&sessionActions{},
	)
}

// signInFirst is what pages that need a session show to a visitor.
func signInFirst(to string) app.UI {
	return app.Div().Class("card").ID("signin-first").Body(
		heading("Sign in first"),
		app.P().Text("You need to be signed in to "+to+"."),
		app.A().Class("button").Href(pagePath("/signin")).Text("Sign in"),
	)
}
