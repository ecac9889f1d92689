package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// Home is the landing page.
type Home struct {
	app.Compo
}

func (h *Home) Render() app.UI {
	return app.Main().Body(
		app.H1().Text("cognitowasm"),
		app.P().Text("Amazon Cognito sign-in, in the browser."),
	)
}
