package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// pagePath is the URL path of the app's page at path ("/account"), under the
// sub-path the app is hosted at, if any: go-app routes a page without its
// root prefix but does not add the prefix to links.
func pagePath(path string) string {
	return strings.TrimSuffix(app.Getenv("GOAPP_ROOT_PREFIX"), "/") + path
}
