package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// firstField is where a page's focus starts: its first field, else its
// heading, in that order of preference.
var firstField = []string{`main input:not([disabled]):not([type="hidden"])`, `main textarea:not([disabled])`, `main h1`}

// focusNow focuses the first element matching one of sels, in that order
// of preference, and reports whether one matched.
func focusNow(sels ...string) bool {
	if !app.IsClient {
		return false
	}
	doc := app.Window().Get("document")
	for _, sel := range sels {
		if e := doc.Call("querySelector", sel); e.Truthy() {
			e.Call("focus")
			return true
		}
	}
	return false
}

// keepFocus puts the focus on the page's heading when it has fallen back to
// the body, as it does when the focused element is redrawn or removed.
func keepFocus() {
	if !app.IsClient {
		return
	}
	doc := app.Window().Get("document")
	active := doc.Get("activeElement")
	if !active.Truthy() || active.Equal(doc.Get("body")) {
		focusNow("main h1", "main")
	}
}

// currentPath is the path of the page shown.
func currentPath() string {
	if !app.IsClient {
		return ""
	}
	return app.Window().URL().Path
}

// arrive titles the page and, once it is drawn, focuses its first field,
// as every page does after a navigation.
func arrive(ctx app.Context, title string) {
	ctx.Page().SetTitle(title + " · cognitowasm")
	ctx.Defer(func(ctx app.Context) { focusSoon(ctx, 20, firstField...) })
}

// focusSoon focuses the first element matching sels, trying again on the
// next frames (tries in all) while the page is still being drawn.
func focusSoon(ctx app.Context, tries int, sels ...string) {
	if focusNow(sels...) || tries <= 1 {
		return
	}
	ctx.Async(func() {
		time.Sleep(50 * time.Millisecond)
		ctx.Dispatch(func(ctx app.Context) { focusSoon(ctx, tries-1, sels...) })
	})
}

// heading is a page's h1. It can take the focus, so a page without fields
// starts there and a screen reader announces where the user landed.
func heading(text string) app.HTMLH1 {
	return app.H1().TabIndex(-1).Text(text)
}

// navigate goes to path from the page's root. A navigation deferred on the
// element whose event started it is dropped when that element is redrawn
// away meanwhile, as happens when signing in changes the page.
func navigate(ctx app.Context, path string) {
	ctx.Dispatcher().Context().Navigate(path)
}
