package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// pages are the app's routes, by path.
var pages = map[string]func() app.Composer{
	"/":         func() app.Composer { return &Home{} },
	"/signup":   func() app.Composer { return &SignUp{} },
	"/confirm":  func() app.Composer { return &Confirm{} },
	"/signin":   func() app.Composer { return &SignIn{} },
	"/forgot":   func() app.Composer { return &Forgot{} },
	"/reset":    func() app.Composer { return &Reset{} },
	"/account":  func() app.Composer { return &Account{} },
	"/tokens":   func() app.Composer { return &Tokens{} },
	"/callback": func() app.Composer { return &Callback{} },
}

// Routes registers every page of the app with go-app, and NotFound for
// every other path.
func Routes() {
	for path, page := range pages {
		app.RouteFunc(path, page)
	}
	for _, s := range stepPages {
		app.Route(s.path, s.page)
	}
	app.RouteWithRegexp("^/", &NotFound{})
}

// IsPage reports whether path (without the root prefix) is one of the
// app's pages; a server answers any other path with NotFound and 404.
func IsPage(path string) bool {
	if _, ok := pages[path]; ok {
		return true
	}
	for _, s := range stepPages {
		if s.path == path {
			return true
		}
	}
	return false
}
