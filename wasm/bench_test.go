//go:build !js

package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/cognitowasm/cognitowasm/app/staticsite"
)

// benchRuns is how many cold loads and sign-ins each median is taken over.
const benchRuns = 7

// TestBrowserBenchReport appends the app's size and its speed in Chromium to
// $COGNITOWASM_BENCH: app.wasm raw, gzip and brotli; the time from navigation
// to an interactive sign-in form; and an SRP sign-in by the app next to the
// same sign-in by amazon-cognito-identity-js, in the same browser against the
// same local pool.
func TestBrowserBenchReport(t *testing.T) {
	out := os.Getenv("COGNITOWASM_BENCH")
	if out == "" {
		t.Skip("set COGNITOWASM_BENCH to a file to append benchmark rows to")
	}
	requireChromium(t)
	dist, err := filepath.Abs("../.ci/testtools/node_modules/amazon-cognito-identity-js/dist/amazon-cognito-identity.min.js")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dist); err != nil {
		t.Fatalf("amazon-cognito-identity-js is missing (%v): run `make testtools`", err)
	}

	web := webDir(t)
	raw, err := os.ReadFile(filepath.Join(web, "app.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	sizes := map[string]int64{"raw": int64(len(raw))}
	for _, e := range staticsite.Encodings { // the loads below are served these copies
		if sizes[e.Name], err = e.WriteFile(filepath.Join(web, "app.wasm"+e.Suffix), raw); err != nil {
			t.Fatal(err)
		}
	}

	s := newSite(t)
	const email, password = "bench@example.com", "Bench-Passw0rd"
	s.Pool.CreateUser(t, email, password, map[string]string{"email": email})
	peer := httptest.NewServer(peerHandler(dist))
	t.Cleanup(peer.Close)
	b := newBrowser(t)

	var loads, warmLoads []float64
	var ours, theirs []signInTime
	encoding := ""
	for range benchRuns {
		tab := b.freshContext()
		ms, enc := timeInteractive(t, tab, s.URL+"/signin", sizes)
		loads, encoding = append(loads, ms), enc
		awaitJS[bool](tab.browser, `navigator.serviceWorker.ready.then(() => true)`)
		ms, _ = timeInteractive(t, tab, s.URL+"/signin", sizes)
		warmLoads = append(warmLoads, ms)
		ours = append(ours, timeOurSignIn(t, tab, email, password))
		tab.close()

		tab = b.freshContext()
		theirs = append(theirs, timePeerSignIn(t, tab, peer.URL, s, email, password))
		tab.close()
	}

	total := func(s signInTime) float64 { return s.Total }
	session := func(s signInTime) float64 { return s.Session }
	client := func(s signInTime) float64 { return s.Total - s.Network }
	oursTotal, theirsTotal := median(ours, total), median(theirs, total)
	oursClient, theirsClient := median(ours, client), median(theirs, client)
	oursSession, theirsSession := median(ours, session), median(theirs, session)
	srpOurs, srpTheirs := srpInChromium(t, b)
	identity := func(v float64) float64 { return v }
	rows := [][4]string{
		{"app.wasm size, raw", mb(sizes["raw"]), "-", "-"},
		{"app.wasm size, gzip -9", mb(sizes["gzip"]), "-", "-"},
		{"app.wasm size, brotli q11, against the budget", mb(sizes["br"]), mb(brotliBudget) + " budget",
			fmt.Sprintf("%.3f of budget", float64(sizes["br"])/brotliBudget)},
		{fmt.Sprintf("navigation to interactive sign-in, median of %d cold loads (%s), against the goal", benchRuns, encoding),
			ms(median(loads, identity)), ms(coldGoal) + " goal", fmt.Sprintf("%.2f of goal", median(loads, identity)/coldGoal)},
		{fmt.Sprintf("navigation to interactive sign-in, median of %d second visits (service worker)", benchRuns),
			ms(median(warmLoads, identity)), "-", "-"},
		{"SRP A + claim in Chromium (js/wasm, BigInt), vs amazon-cognito-identity-js in the same Chromium",
			ms(srpOurs), ms(srpTheirs), fmt.Sprintf("%.1fx", srpTheirs/srpOurs)},
		{fmt.Sprintf("SRP sign-in in Chromium, end to end, median of %d, vs amazon-cognito-identity-js", benchRuns),
			ms(oursTotal), ms(theirsTotal), fmt.Sprintf("%.1fx", theirsTotal/oursTotal)},
		{"SRP sign-in in Chromium, click to session established (signed in, tokens stored)",
			ms(oursSession), ms(theirsSession), fmt.Sprintf("%.1fx", theirsSession/oursSession)},
		{"SRP sign-in in Chromium, client work (end to end minus waiting on fetch)",
			ms(oursClient), ms(theirsClient), fmt.Sprintf("%.1fx", theirsClient/oursClient)},
	}
	f, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, r := range rows {
		if _, err := fmt.Fprintf(f, "browser\t%s\t%s\t%s\t%s\n", r[0], r[1], r[2], r[3]); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: ours %s, peer %s, ratio %s", r[0], r[1], r[2], r[3])
	}
	t.Logf("cold loads (ms): %.0f; second visits (ms): %.0f; sign-ins, ours: %+v; amazon-cognito-identity-js: %+v", loads, warmLoads, ours, theirs)
}

// The goals the rows are measured against: app.wasm with brotli, and the
// median cold navigation to an interactive sign-in form.
const (
	brotliBudget = 2.75e6 // bytes
	coldGoal     = 400.0  // ms
)

// srpInChromium runs srp's BenchmarkClientSignIn (A + claim) and
// BenchmarkCognitoJSClientSignIn (the same by amazon-cognito-identity-js) in
// Chromium and returns their milliseconds per sign-in.
func srpInChromium(t *testing.T, b *browser) (ours, theirs float64) {
	t.Helper()
	out := newGoTestSite(t, "srp").run(t, b, "-test.run=^$", "-test.bench=^Benchmark(ClientSignIn|CognitoJSClientSignIn)$")
	perOp := func(name string) float64 {
		m := regexp.MustCompile(`(?m)^` + name + `\S*\s+\d+\s+([0-9.]+) ns/op`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no ns/op for %s in:\n%s", name, out)
		}
		ns, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		return ns / 1e6
	}
	return perOp("BenchmarkClientSignIn"), perOp("BenchmarkCognitoJSClientSignIn")
}

// peerHandler serves the page that drives amazon-cognito-identity-js.
func peerHandler(dist string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/amazon-cognito-identity.min.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		http.ServeFile(w, r, dist)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join("testdata", "peer.html"))
	})
	return mux
}

// tab is a tab in its own browser context: no cache, storage or service
// worker shared with any other.
type tab struct {
	*browser
	cancel context.CancelFunc
}

// freshContext opens such a tab, with fetch timed: window.benchNetwork
// accumulates the milliseconds during which at least one fetch is pending.
func (b *browser) freshContext() *tab {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	// The tab lives as long as the context of its first run: give it no deadline.
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: timeFetch}); err != nil {
			return err
		}
		// chromedp turns on DevTools' Network domain in every tab. It records
		// each request with its initiator's stack, taken on the page's thread
		// inside fetch(), and a user's browser does none of that.
		_, err := cdp.Call(ctx, t, network.Disable, cdp.Empty{})
		return err
	}))
	if err != nil {
		b.t.Fatalf("opening a tab: %v", err)
	}
	return &tab{browser: &browser{t: b.t, ctx: ctx}, cancel: cancel}
}

// timeFetch wraps fetch to measure the time spent waiting on the network,
// so the client's own work can be told apart from it.
const timeFetch = `(() => {
  let pending = 0, since = 0;
  window.benchNetwork = 0;
  const fetch = window.fetch;
  window.fetch = function (...args) {
    if (pending++ === 0) since = performance.now();
    const settle = () => { if (--pending === 0) window.benchNetwork += performance.now() - since; };
    return fetch.apply(this, args).then(r => { settle(); return r; }, e => { settle(); throw e; });
  };
})()`

func (t *tab) close() { t.cancel() }

// timeInteractive loads url and returns the milliseconds from navigation
// start until the sign-in form can be used, and how app.wasm was encoded.
func timeInteractive(t *testing.T, tb *tab, url string, sizes map[string]int64) (float64, string) {
	t.Helper()
	tb.open(url)
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	ms, err := chromedp.Run(ctx, chromedp.Poll[float64](
		`document.querySelector("#signin-submit:enabled") && !document.getElementById("app-wasm-loader") ? performance.now() : 0`,
		chromedp.WithPollingTimeout(stepTimeout)))
	if err != nil {
		t.Fatalf("waiting for the sign-in form: %v%s", err, tb.pageState())
	}
	t.Logf("load of %s (ms after navigation start): %s, interactive %.0f", url, eval[string](tb.browser, loadStages), ms)
	encoded := eval[float64](tb.browser, `performance.getEntriesByType("resource").find(e => e.name.endsWith("/web/app.wasm"))?.encodedBodySize || 0`)
	enc := "identity"
	for name, size := range sizes {
		if name != "raw" && float64(size) == encoded {
			enc = name
		}
	}
	return ms, enc
}

// loadStages lists when (ms after navigation start) the stages of the load
// ended: the page, go-app's scripts, app.wasm's download, the app's main
// (app.wasm compiled, packages initialised), the app ready to talk to the
// pool (configuration, client, stored session).
const loadStages = `(() => {
  const at = (v) => v === undefined ? "-" : v.toFixed(0);
  const res = (suffix) => performance.getEntriesByType("resource").find(e => e.name.endsWith(suffix));
  const mark = (name) => performance.getEntriesByName("cognitowasm-load:" + name)[0]?.startTime;
  const wasm = res("/app.wasm");
  return [
    "page " + at(performance.getEntriesByType("navigation")[0]?.responseEnd),
    "app.js " + at(res("/app.js")?.responseEnd),
    "wasm_exec.js " + at(res("/wasm_exec.js")?.responseEnd),
    "app.wasm " + at(wasm?.startTime) + "-" + at(wasm?.responseEnd),
    "main " + at(mark("main")),
    "ready " + at(mark("ready")),
  ].join(", ");
})()`

// signInTime is one timed sign-in: its total milliseconds, how many of them
// were spent waiting on fetch, and when the session was established (the
// "cognitowasm:signed-in" mark: tokens received, for ours verified, and
// stored), before any page shows it.
type signInTime struct {
	Total   float64 `json:"total"`
	Network float64 `json:"network"`
	Session float64 `json:"session"`
}

// timeOurSignIn signs in on the loaded sign-in page and times it from the
// click to the signed-in page: SRP, both requests, verifying the tokens
// against the JWKS, and rendering.
func timeOurSignIn(t *testing.T, tb *tab, email, password string) signInTime {
	t.Helper()
	st := timeSignIn(t, tb, email, password, `location.pathname === "/" && document.querySelector("#summary-who")`)
	t.Logf("sign-in stages (ms after the click): %s", eval[string](tb.browser,
		`performance.getEntriesByType("mark").filter(m => m.name.startsWith("cognitowasm:")).map(m => m.name.slice(12) + " " + (m.startTime - window.benchStart).toFixed(0)).join(", ")`))
	return st
}

// timePeerSignIn runs the same sign-in with amazon-cognito-identity-js, from
// the same click to the same element showing who signed in.
func timePeerSignIn(t *testing.T, tb *tab, peerURL string, s *site, email, password string) signInTime {
	t.Helper()
	tb.open(peerURL)
	eval[chromedp.Void](tb.browser, fmt.Sprintf(`setup(%s, %s, %s)`,
		jsString(s.Pool.UserPoolID), jsString(s.Pool.ClientID), jsString(s.Pool.URL)))
	return timeSignIn(t, tb, email, password, `document.querySelector("#summary-who")`)
}

// timeSignIn fills the sign-in form, clicks its button and times it until
// signedIn holds. The predicate is checked on every change to the page, so
// neither side waits for a frame.
func timeSignIn(t *testing.T, tb *tab, email, password, signedIn string) signInTime {
	t.Helper()
	tb.do("filling the sign-in form", fill("#signin-username", email), fill("#signin-password", password))
	eval[chromedp.Void](tb.browser, `performance.clearMarks("cognitowasm:signed-in"); window.benchNetwork = 0; window.benchStart = performance.now(); document.querySelector("#signin-submit").click()`)
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	st, err := chromedp.Run(ctx, chromedp.Poll[signInTime](
		signedIn+` && {total: performance.now() - window.benchStart, network: window.benchNetwork,
			session: performance.getEntriesByName("cognitowasm:signed-in")[0].startTime - window.benchStart}`,
		chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(stepTimeout)))
	if err != nil {
		t.Fatalf("signing in: %v%s", err, tb.pageState())
	}
	return st
}

// median is the median of f over xs.
func median[T any](xs []T, f func(T) float64) float64 {
	s := make([]float64, len(xs))
	for i, x := range xs {
		s[i] = f(x)
	}
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(v float64) string { return fmt.Sprintf("%.0f ms", v) }

func mb[N int64 | float64](n N) string { return fmt.Sprintf("%.3f MB", float64(n)/1e6) }
