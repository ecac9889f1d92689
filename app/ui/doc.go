// Package ui holds the go-app components of the cognitowasm single-page app,
// one component per file. Routes registers every page; it runs in the
// browser build and in the server, which pre-renders the same components.
package ui
