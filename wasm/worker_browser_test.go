//go:build !js

package main

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserFirstVisitDownloadsTheAppOnce checks that the service worker
// does not download app.wasm a second time while the first visit does, and
// that it still keeps app.wasm: the third visit loads it without asking
// the server, from the worker's cache.
func TestBrowserFirstVisitDownloadsTheAppOnce(t *testing.T) {
	var mu sync.Mutex
	var wasmRequests []int // the statuses of app.wasm requests, in order
	s := newSiteWith(t, siteOptions{observe: func(r *http.Request, status int) {
		if strings.HasSuffix(r.URL.Path, "/app.wasm") {
			mu.Lock()
			defer mu.Unlock()
			wasmRequests = append(wasmRequests, status)
		}
	}})
	requests := func() []int {
		mu.Lock()
		defer mu.Unlock()
		return append([]int(nil), wasmRequests...)
	}
	b := newBrowser(t)
	visit := func(what string) {
		t.Helper()
		b.open(s.URL + "/signin")
		b.do(what, chromedp.WaitEnabled("#signin-submit"))
		// The worker has installed (its precache done) and controls later visits.
		awaitJS[bool](b, `navigator.serviceWorker.ready.then(() => true)`)
	}

	visit("first visit")
	if got := requests(); len(got) != 1 || got[0] != http.StatusOK {
		t.Fatalf("first visit: app.wasm requests answered %v, want one download", got)
	}
	visit("second visit")
	if got := requests(); len(got) > 2 || got[0] != http.StatusOK || (len(got) == 2 && got[1] == http.StatusOK) {
		t.Fatalf("second visit: app.wasm requests answered %v, want one download and at most a revalidation", got)
	}
	cached := awaitJS[bool](b, `caches.keys().then(keys => Promise.all(keys.map(k => caches.open(k).then(c => c.match("/web/app.wasm"))))).then(hits => hits.some(Boolean))`)
	if !cached {
		t.Fatal("after two visits the service worker has not kept app.wasm")
	}
	before := len(requests())
	visit("third visit")
	if got := requests(); len(got) != before {
		t.Fatalf("third visit asked the server for app.wasm again (%v)", got[before:])
	}
}

// awaitJS returns the value of a JavaScript expression that gives a promise.
func awaitJS[T any](b *browser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// TestBrowserWorkerLeavesPoolCallsAlone checks that the service worker
// serves only the app's own files: on a page it controls, a sign-in's calls
// to the pool go to the network by a static route, without a trip through
// the worker, while app.wasm still comes through it.
func TestBrowserWorkerLeavesPoolCallsAlone(t *testing.T) {
	s := newSite(t)
	const email, password = "wyn@example.com", "Wyn-Passw0rd"
	s.Pool.CreateUser(t, email, password, map[string]string{"email": email})
	b := newBrowser(t)
	b.open(s.URL + "/signin")
	b.do("first visit", chromedp.WaitEnabled("#signin-submit"))
	awaitJS[bool](b, `navigator.serviceWorker.ready.then(() => true)`)
	b.open(s.URL + "/signin")
	b.do("signing in on a page the worker controls", chromedp.WaitEnabled("#signin-submit"), signInHome(email, password))
	if !eval[bool](b, `!!navigator.serviceWorker.controller`) {
		t.Fatal("the second visit is not controlled by the service worker")
	}
	type entry struct {
		Name   string `json:"name"`
		Source string `json:"source"`
	}
	entries := eval[[]entry](b, `performance.getEntriesByType("resource").map(e => ({name: e.name, source: e.workerMatchedSourceType || ""}))`)
	pool, own := 0, false
	for _, e := range entries {
		switch {
		case strings.HasPrefix(e.Name, s.Pool.URL):
			pool++
			if e.Source != "network" {
				t.Errorf("%s was routed %q, want \"network\", the static route past the worker", e.Name, e.Source)
			}
		case strings.HasSuffix(e.Name, "/web/app.wasm"):
			own = true
			if e.Source == "network" {
				t.Errorf("app.wasm skipped the worker: %+v", e)
			}
		}
	}
	if pool < 2 {
		t.Fatalf("%d requests to the pool in the page's resource timing, want the sign-in's two at least: %+v", pool, entries)
	}
	if !own {
		t.Fatalf("no app.wasm in the page's resource timing: %+v", entries)
	}
}
