//go:build js

package main

import (
	"github.com/cognitowasm/cognitowasm/app/ui"
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

func main() {
	ui.Routes()
	app.RunWhenOnBrowser()
}
