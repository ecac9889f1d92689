package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// Routes registers every page of the app with go-app.
func Routes() {
	app.Route("/", &Home{})
	app.Route("/signup", &SignUp{})
	app.Route("/confirm", &Confirm{})
	app.Route("/signin", &SignIn{})
	app.Route("/forgot", &Forgot{})
	app.Route("/reset", &Reset{})
	app.Route("/account", &Account{})
	app.Route("/tokens", &Tokens{})
	app.Route("/callback", &Callback{})
	for _, s := range stepPages {
		app.Route(s.path, s.page)
	}
}
