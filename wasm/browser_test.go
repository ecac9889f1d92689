//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/cognitowasm/cognitowasm/app/staticsite"
	"github.com/cognitowasm/cognitowasm/app/ui"
	"github.com/cognitowasm/cognitowasm/internal/s3test"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// chromiumPath is Debian's chromium, which CI installs.
const chromiumPath = "/usr/bin/chromium"

// stepTimeout bounds one browser step (a page load, a sign-in); the first
// load compiles 17 MB of wasm, slow on a busy CI machine.
const stepTimeout = 60 * time.Second

// testRoot holds what TestMain builds: web/ with a fresh app.wasm.
var testRoot string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cognitowasm-web-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testRoot = dir
	ui.Routes()
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var (
	buildOnce sync.Once
	buildErr  error
)

// webDir builds the real app.wasm (once per test binary, only for the tests
// that need it) into a temporary web/ holding our static assets and the
// toolchain's wasm_exec.js.
func webDir(t testing.TB) string {
	t.Helper()
	web := filepath.Join(testRoot, "web")
	buildOnce.Do(func() { buildErr = buildWeb(web) })
	if buildErr != nil {
		t.Fatalf("building the app: %v", buildErr)
	}
	return web
}

func buildWeb(web string) error {
	if err := os.MkdirAll(web, 0o755); err != nil {
		return err
	}
	// The Makefile's WASM_BUILD_FLAGS.
	cmd := exec.Command("go", "build", "-trimpath", "-gcflags=all=-l", "-gcflags=runtime/...=", "-gcflags=internal/runtime/...=",
		"-gcflags=math/big=", "-gcflags=filippo.io/bigmod=", "-gcflags=github.com/cognitowasm/cognitowasm/srp=",
		"-ldflags=-s -w", "-o", filepath.Join(web, "app.wasm"), ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %v", err)
	}
	files := map[string]string{filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"): "wasm_exec.js"}
	for _, name := range []string{"app.css", "icon.svg", "icon-192.png", "icon-512.png"} {
		files[filepath.Join("..", "web", name)] = name
	}
	for src, name := range files {
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(web, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// site is the app server and a real local pool, both started by the test.
type site struct {
	URL  string // the app
	Pool *localpooltest.Pool
}

// siteOptions vary the site newSiteWith starts.
type siteOptions struct {
	// poolClock is the pool's clock; nil means time.Now.
	poolClock func() time.Time
	// configure adjusts the app's configuration, e.g. to use another client.
	configure func(p *localpooltest.Pool, cfg *ui.Config)
	// static serves the app as `cognitowasm static` and `deploy` publish
	// it, with the configuration in config.json instead of the server's Env,
	// from an S3 website endpoint or, with cloudFront, CloudFront.
	static     bool
	basePath   string // with static: the sub-path the site is hosted at
	cloudFront bool
	// observe, when set, sees each request to the app server and the status it was answered with.
	observe func(r *http.Request, status int)
}

// newSite starts a local pool on the real clock (the browser's tokens are
// checked against the browser's clock) and the app configured for it.
func newSite(t testing.TB) *site {
	t.Helper()
	return newSiteWith(t, siteOptions{})
}

func newSiteWith(t testing.TB, opts siteOptions) *site {
	t.Helper()
	if opts.poolClock == nil {
		opts.poolClock = time.Now
	}
	pool := localpooltest.NewWithOptions(t, localpooltest.Options{Clock: opts.poolClock})
	cfg := localPoolConfig(pool.Server, pool.URL)
	if opts.configure != nil {
		opts.configure(pool, &cfg)
	}
	var h http.Handler
	if opts.static {
		h = deployedSite(t, webDir(t), cfg, opts)
	} else {
		var err error
		if h, err = appHandler(webDir(t), cfg); err != nil {
			t.Fatal(err)
		}
	}
	if observe := opts.observe; observe != nil {
		next := h
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(rec, r)
			observe(r, rec.status)
		})
	}
	appServer := httptest.NewServer(h)
	t.Cleanup(appServer.Close)
	return &site{URL: appServer.URL, Pool: pool}
}

// statusRecorder remembers the status a handler answered with.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// deployedSite generates the static site for cfg with `cognitowasm static`'s
// code, deploys it to gofakes3 through the real S3 SDK with `cognitowasm
// deploy`'s, and returns a handler that serves the stored objects, with their
// stored metadata, as an S3 website endpoint (or CloudFront) would.
func deployedSite(t testing.TB, web string, cfg ui.Config, opts siteOptions) http.Handler {
	t.Helper()
	pwa, err := newPWA(web, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "site")
	m, err := staticsite.Generate(dir, staticsite.Site{
		Handler:  pwa,
		Web:      web,
		Files:    map[string][]byte{ui.ConfigFile: []byte(cfg.JSON())},
		BasePath: opts.basePath,
		Target:   staticsite.S3Website, // brotli needs HTTPS, which the test servers do not speak
	})
	if err != nil {
		t.Fatal(err)
	}
	store := s3test.New(t)
	store.CreateBucket(t, "site")
	d := &staticsite.Deployment{S3: store.Client("AKIATEST"), Bucket: "site", Prefix: opts.basePath}
	if _, err := d.Deploy(context.Background(), dir, m); err != nil {
		t.Fatal(err)
	}
	return &s3test.Website{
		Server:        store,
		Bucket:        "site",
		ErrorDocument: strings.TrimPrefix(opts.basePath+"/index.html", "/"),
		CloudFront:    opts.cloudFront,
	}
}

// browserFlags are the flags every test browser runs with.
func browserFlags(userDataDir string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(userDataDir),
		chromedp.WindowSize(1200, 900),
	}
}

// requireChromium fails (never skips) when the browser is missing: the
// browser tests are part of `make test`.
func requireChromium(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("Chromium is required for the browser tests: %v (on Debian: apt-get install chromium; `bash .ci/run` does it)", err)
	}
}

// browser is a headless Chromium tab with a fresh profile. When the test
// fails, it saves a screenshot under testoutput/.
type browser struct {
	t   testing.TB
	ctx context.Context

	mu      sync.Mutex
	console []string // the page's console output and uncaught exceptions, logged on failure
}

func newBrowser(t testing.TB) *browser {
	t.Helper()
	requireChromium(t)
	b := &browser{t: t}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), browserFlags(t.TempDir())...)
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithListener(b.listen))
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil { // start the browser without a deadline
		t.Fatalf("starting Chromium: %v", err)
	}
	b.ctx = ctx
	t.Cleanup(b.screenshotOnFailure)
	return b
}

// listen keeps the page's console output, so a failure shows what the app logged.
func (b *browser) listen(ev any) {
	var line string
	switch ev := ev.(type) {
	case *cdpruntime.EventConsoleAPICalled:
		parts := []string{string(ev.Type) + ":"}
		for _, a := range ev.Args {
			if len(a.Value) > 0 {
				parts = append(parts, string(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		line = strings.Join(parts, " ")
	case *cdpruntime.EventExceptionThrown:
		line = "exception: " + ev.ExceptionDetails.Text
		if e := ev.ExceptionDetails.Exception; e != nil {
			line += " " + e.Description
		}
	default:
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.console = append(b.console, line)
}

var screenshots atomic.Int32

func (b *browser) screenshotOnFailure() {
	if !b.t.Failed() {
		return
	}
	b.mu.Lock()
	if n := len(b.console); n > 0 {
		b.t.Logf("browser console (last %d lines):\n%s", min(n, 40), strings.Join(b.console[max(0, n-40):], "\n"))
	}
	b.mu.Unlock()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("no screenshot: %v", err)
		return
	}
	name := strings.NewReplacer("/", "_", " ", "_").Replace(b.t.Name())
	path, _ := filepath.Abs(filepath.Join("..", "testoutput", fmt.Sprintf("%s-%d.png", name, screenshots.Add(1))))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err == nil {
		err = os.WriteFile(path, png, 0o644)
	}
	if err != nil {
		b.t.Logf("no screenshot: %v", err)
		return
	}
	b.t.Logf("screenshot of the failure: %s", path)
}

// do runs steps with a deadline, failing the test with what was being done.
func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v%s", what, err, b.pageState())
	}
}

// part runs one part of a test as a subtest on b's tab: a part that fails
// fails alone, and the parts after it still run and report.
func (b *browser) part(t *testing.T, name string, fn func(t *testing.T)) {
	t.Helper()
	parent := b.t
	t.Run(name, func(t *testing.T) {
		b.t = t
		defer func() { b.t = parent }()
		fn(t)
	})
}

// pageState describes the page for a failure message.
func (b *browser) pageState() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 2000)`))
	if err != nil {
		return ""
	}
	return "\npage: " + state
}

// eval returns the value of a JavaScript expression.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func (b *browser) open(url string) {
	b.t.Helper()
	b.do("opening "+url, chromedp.Navigate(url))
}

// fill sets an input's value the way typing does, so go-app sees the input event.
func fill(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.WaitEnabled(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
			`(e => { e.value = %s; e.dispatchEvent(new Event("input", {bubbles: true})); })(document.querySelector(%s))`,
			jsString(value), jsString(sel))),
	)
}

// click clicks an element once it is enabled. The click is dispatched on the
// element itself: a mouse click at its position misses when the page moves
// in between, e.g. when a card above it finishes loading.
func click(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.WaitEnabled(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%s).click()`, jsString(sel))),
	)
}

// submitSignIn fills the sign-in form with email and password and submits it.
func submitSignIn(email, password string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(fill("#signin-username", email), fill("#signin-password", password), click("#signin-submit"))
}

// signInHome submits the sign-in form and waits for the home page to say who
// signed in (the address as typed, without the spaces the app trims).
func signInHome(email, password string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(submitSignIn(email, password), waitPath("/"), waitText("#summary-who", strings.TrimSpace(email)))
}

// waitText waits until the element shows text containing want.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`(document.querySelector(%s)?.innerText || "").includes(%s)`, jsString(sel), jsString(want)),
			chromedp.WithPollingTimeout(stepTimeout), chromedp.WithPollingInterval(50*time.Millisecond)),
	)
}

// waitValue waits until the input's value is want.
func waitValue(sel, want string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelector(%s)?.value === %s`, jsString(sel), jsString(want)),
		chromedp.WithPollingTimeout(stepTimeout), chromedp.WithPollingInterval(50*time.Millisecond))
}

// waitStorageChange waits until the localStorage item whose key ends with
// suffix no longer holds old.
func waitStorageChange(suffix, old string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](fmt.Sprintf(
		`Object.keys(localStorage).some(k => k.endsWith(%s) && localStorage.getItem(k) !== %s)`, jsString(suffix), jsString(old)),
		chromedp.WithPollingTimeout(stepTimeout), chromedp.WithPollingInterval(50*time.Millisecond))
}

// waitPath waits until the app has navigated to path.
func waitPath(path string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](fmt.Sprintf(`location.pathname === %s`, jsString(path)),
		chromedp.WithPollingTimeout(stepTimeout), chromedp.WithPollingInterval(50*time.Millisecond))
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
