package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// Routes registers every page of the app with go-app.
func Routes() {
	app.Route("/", &Home{})
}
