package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// topbar is the header of every page: the app's name, the links that make
// sense for a signed-in or signed-out visitor, who is signed in with a way
// to sign out, and why a session ended if it ended on its own. It follows
// the shared state, so it changes with the page.
type topbar struct {
	app.Compo
	path string
	out  call
}

func (t *topbar) OnMount(ctx app.Context) {
	t.out.id = "header-signout"
	shared.follow(ctx)
}

func (t *topbar) OnNav(ctx app.Context) {
	t.path = ctx.Page().URL().Path
	shared.whenReady(ctx, func(app.Context) { t.Update() })
}

func (t *topbar) Render() app.UI {
	var links []link
	who := ""
	if sess, tok := shared.Session(); sess != nil {
		links = []link{{"/", "Home"}, {"/tokens", "Tokens"}, {"/account", "Account"}}
		who = displayName(sess, tok)
	} else if shared.isReady() {
		links = []link{{"/signin", "Sign in"}, {"/signup", "Create account"}, {"/tokens", "Token inspector"}}
	}
	notice := shared.Notice()
	return app.Header().Class("topbar").Body(
		app.Div().Class("bar").Body(
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
			app.If(who != "", app.Div().Class("account-menu").Body(
				app.Span().Class("who").ID("who").Text("Signed in as "+who),
				app.Button().ID("header-signout").Type("button").Class("small secondary").Disabled(t.out.pending).Text("Sign out").
					OnClick(func(ctx app.Context, e app.Event) {
						shared.signOut(ctx, &t.out, "Signing out…", (*cognito.Session).SignOut, "signedout")
					}),
			)),
		),
		app.If(t.out.err != "", app.Div().Class("bar").Body(t.out.view())),
		app.If(notice != "", app.Div().Class("alert notice session-notice").ID("ended-notice").Role("status").Text(notice)),
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

// cardPage is a page of one card under its title, or what shows while the
// app is not ready.
func cardPage(title string, body ...app.UI) app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	return frame(false, app.Div().Class("card").Body(append([]app.UI{heading(title)}, body...)...))
}

// notReady is what a page shows until the app has started, or forever when
// the configuration is broken.
func notReady() app.UI {
	if shared.isReady() && shared.err != nil {
		return app.Div().Class("card").Body(
			heading("The app is not configured"),
			app.Div().Class("alert error").Role("alert").ID("error").Text(shared.err.Error()),
			app.P().Class("muted").Text("Serve it with `cognitowasm serve`, or put a config.json with region, userPoolId and clientId beside index.html."),
		)
	}
	return app.Div().Class("card").Body(
		app.Div().Class("progress").Role("status").Body(
			app.Span().Class("spinner").Aria("hidden", "true"),
			app.Span().Text("Loading…"),
		),
	)
}
