//go:build !js

package main

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/cognitowasm/cognitowasm/app/ui"
)

// fixedViewport is go-app's viewport, which forbids zooming
// (maximum-scale=1, user-scalable=0), a barrier for users with low vision.
const (
	fixedViewport = `width=device-width, initial-scale=1, maximum-scale=1, user-scalable=0, viewport-fit=cover`
	zoomViewport  = `width=device-width, initial-scale=1, viewport-fit=cover`
)

// pageHandler serves go-app's pages with three corrections: the viewport
// allows zoom, the loading spinner has an empty alt, and a path that is none of the app's pages answers 404 with
// the app's own not-found page (go-app routes it, with 200).
func pageHandler(pwa http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		pwa.ServeHTTP(rec, r)
		body := rec.body.Bytes()
		status := rec.status
		if strings.HasPrefix(rec.header.Get("Content-Type"), "text/html") {
			body = bytes.Replace(body, []byte(fixedViewport), []byte(zoomViewport), 1)
			// The loading spinner is decoration: an img without alt is read out by its file name.
			body = bytes.Replace(body, []byte(`<img id="app-wasm-loader-icon"`), []byte(`<img alt="" id="app-wasm-loader-icon"`), 1)
			if status == http.StatusOK && !ui.IsPage(r.URL.Path) {
				status = http.StatusNotFound
			}
			rec.header.Set("Content-Length", strconv.Itoa(len(body)))
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		w.Write(body)
	})
}

// recorder keeps a response so pageHandler can correct it.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(status int)      { r.status = status }
