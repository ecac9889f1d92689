//go:build !js

package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cognitowasm/cognitowasm/app/staticsite"
	"github.com/cognitowasm/cognitowasm/app/ui"
)

// TestBrowserDeployedSite loads the site as `cognitowasm static` writes it
// and `cognitowasm deploy` stores it, served from the stored objects with
// their stored metadata: at the root of an S3 website endpoint, and under
// /myapp behind CloudFront. The app boots, reads config.json as its only
// configuration, signs in against the local pool, follows its own links
// under the sub-path, opens deep links, and shows its not-found page through
// the single-page fallback.
func TestBrowserDeployedSite(t *testing.T) {
	for _, tt := range []struct {
		name           string
		base           string
		cloudFront     bool
		fallbackStatus int
	}{
		{"s3 website at the root", "", false, 404},    // the website endpoint sends its error document as a 404
		{"cloudfront at /myapp", "/myapp", true, 200}, // the custom error response turns S3's 403 into 200
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newSiteWith(t, siteOptions{static: true, basePath: tt.base, cloudFront: tt.cloudFront})
			const email, password = "dana@example.com", "Dana-Passw0rd"
			s.Pool.CreateUser(t, email, password, map[string]string{"email": email})
			b := newBrowser(t)
			site := s.URL + tt.base

			b.open(site + "/account")
			b.do("waiting for the account page to ask for a sign-in",
				waitText("#signin-first", "Sign in first"),
				waitPath(tt.base+"/account"),
			)
			if got := navigationStatus(b); got != 200 {
				t.Errorf("the /account page came with status %d, want its own page's 200", got)
			}
			if env := eval[string](b, `JSON.stringify(goappEnv)`); strings.Contains(env, ui.EnvConfig) || !strings.Contains(env, `"GOAPP_ROOT_PREFIX":"`+tt.base+`"`) {
				t.Fatalf("the site's environment %s: want no configuration in it and the root prefix %q", env, tt.base)
			}

			b.do("signing in from the account page's link",
				click(`#signin-first a[href="`+tt.base+`/signin"]`),
				waitPath(tt.base+"/signin"),
				submitSignIn(email, password),
				waitPath(tt.base+"/"),
				waitText("#summary-who", email),
			)
			b.do("following the top bar to the account page",
				click(`nav a[href="`+tt.base+`/account"]`),
				waitPath(tt.base+"/account"),
				waitText("main h1", "Your account"),
			)
			b.open(site + "/tokens")
			b.do("opening the token inspector by its URL, signed in", waitPath(tt.base+"/tokens"), waitText("main", email))

			var wasm struct{ URL, Encoding, Cache, RawSize, Type string }
			raw := evalAsync(b, `(async () => {
				const e = performance.getEntriesByType("resource").find(e => e.name.endsWith("/web/app.wasm"));
				const r = await fetch(e.name);
				return JSON.stringify({url: e.name, encoding: r.headers.get("content-encoding"), cache: r.headers.get("cache-control"),
					rawSize: r.headers.get("x-amz-meta-raw-content-length"), type: r.headers.get("content-type")});
			})()`)
			if err := json.Unmarshal([]byte(raw), &wasm); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(wasm.URL, site+"/v/") || wasm.Encoding != "gzip" || wasm.Cache != staticsite.CacheImmutable || wasm.RawSize == "" || wasm.Type != "application/wasm" {
				t.Errorf("app.wasm as served: %+v", wasm)
			}
			if cache := evalAsync(b, `fetch("`+tt.base+`/index.html").then(r => r.headers.get("cache-control"))`); cache != "no-cache" {
				t.Errorf("index.html Cache-Control %q, want no-cache", cache)
			}

			b.open(site + "/no-such-page")
			b.do("waiting for the not-found page from the fallback", waitText("#not-found", "Page not found"))
			if got := navigationStatus(b); got != tt.fallbackStatus {
				t.Errorf("the fallback came with status %d, want %d", got, tt.fallbackStatus)
			}
			if tt.base != "" {
				b.open(s.URL + tt.base) // no trailing slash: no object has this key
				b.do("opening the sub-path itself", waitText("#summary-who", email))
			}
		})
	}
}

// navigationStatus is the HTTP status of the page's own document.
func navigationStatus(b *browser) int {
	return eval[int](b, `performance.getEntriesByType("navigation")[0].responseStatus`)
}

// evalAsync awaits a promise of a string.
func evalAsync(b *browser, expr string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}
