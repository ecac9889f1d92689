package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// topbar is the header of every page: the app's name, the links that make
// sense for a signed-in or signed-out visitor, and who is signed in.
type topbar struct {
	app.Compo
	path string
}

func (t *topbar) OnNav(ctx app.Context) {
	t.path = ctx.Page().URL().Path
	shared.whenReady(ctx, func(app.Context) { t.Update() })
}

func (t *topbar) Render() app.UI {
	type link struct{ href, text string }
	var links []link
	who := ""
	if sess, t := shared.Session(); sess != nil {
		links = []link{{"/", "Home"}, {"/tokens", "Tokens"}, {"/account", "Account"}}
		who = displayName(sess, t)
	} else if shared.isReady() {
		links = []link{{"/signin", "Sign in"}, {"/signup", "Create account"}, {"/tokens", "Token inspector"}}
	}
	return app.Header().Class("topbar").Body(
		app.A().Class("brand").Href(pagePath("/")).Body(
			app.Img().Src("/web/icon.svg").Alt(""),
			app.Span().Text("cognitowasm"),
		),
		app.Nav().Aria("label", "Main").Body(
			app.Range(links).Slice(func(i int) app.UI {
				href := pagePath(links[i].href)
				a := app.A().Href(href).Text(links[i].text)
				if href == t.path {
					a = a.Aria("current", "page")
				}
				return a
			}),
		),
		app.If(who != "", app.Span().Class("who").ID("who").Text("Signed in as "+who)),
	)
}

// frame lays out a page: the top bar, then the content. Wide pages hold
// tables; the others a single column of forms.
func frame(wide bool, content ...app.UI) app.UI {
	class := ""
	if wide {
		class = "wide"
	}
	return app.Div().Body(
		&topbar{},
		app.Main().Class(class).Body(content...),
	)
}

// notReady is what a page shows until the app has started, or forever when
// the configuration is broken.
func notReady() app.UI {
	if shared.isReady() && shared.err != nil {
		return app.Div().Class("card").Body(
			app.H1().Text("The app is not configured"),
			app.Div().Class("alert error").Role("alert").ID("error").Text(shared.err.Error()),
			app.P().Class("muted").Text("Serve it with `cognitowasm serve`, or put a config.json with region, userPoolId and clientId beside index.html."),
		)
	}
	return app.Div().Class("card").Body(
		app.Div().Class("progress").Body(
			app.Span().Class("spinner").Aria("hidden", "true"),
			app.Span().Text("Loading…"),
		),
	)
}
