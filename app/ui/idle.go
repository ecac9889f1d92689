package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// whenIdle runs fn on its own goroutine once the browser is idle, after it
// has drawn the page and handled input: for work that makes a later step
// faster but that the page does not need before it can be used. Go runs in
// the page's one thread, so a goroutine started at once would delay the
// page's first frame by as long as fn computes. Browsers without
// requestIdleCallback (Safari) get a short timeout instead.
func whenIdle(fn func()) {
	if !app.IsClient {
		return
	}
	var cb app.Func
	cb = app.FuncOf(func(app.Value, []app.Value) any {
		cb.Release()
		go fn()
		return nil
	})
	w := app.Window()
	if w.Get("requestIdleCallback").Truthy() {
		// The timeout bounds the wait on a page that is never idle.
		w.Call("requestIdleCallback", cb, map[string]any{"timeout": 1000})
		return
	}
	w.Call("setTimeout", cb, 50)
}
