//go:build js

package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/storage"
	"github.com/cognitowasm/cognitowasm/app/ui"
)

func main() {
	// For the browser benchmark's breakdown of a cold start: app.wasm is
	// compiled and its package initialisation done.
	ui.LoadMark("main")
	ui.Routes()
	store, err := storage.NewLocalStorage()
	if err != nil {
		// Storage disabled (e.g. some private modes): the session lasts as long as the tab.
		app.Log("cognitowasm: localStorage unavailable, keeping the session in memory:", err)
		store = storage.NewMemory()
	}
	ui.Start(store)
	app.RunWhenOnBrowser()
}
