package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// NotFound is the page of any path the app does not have.
type NotFound struct {
	app.Compo
}

func (p *NotFound) OnMount(ctx app.Context) { shared.follow(ctx) }

func (p *NotFound) OnNav(ctx app.Context) {
	shared.whenReady(ctx, func(ctx app.Context) { arrive(ctx, "Page not found") })
}

func (p *NotFound) Render() app.UI {
	return frame(false, app.Div().Class("card").ID("not-found").Body(
		heading("Page not found"),
		app.P().Text("There is no page at this address. Check the link, or start again from the home page."),
		app.A().Class("button").Href(pagePath("/")).Text("Go to the home page"),
	))
}
