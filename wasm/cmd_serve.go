//go:build !js

package main

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/staticsite"
	"github.com/cognitowasm/cognitowasm/app/ui"
	"github.com/cognitowasm/cognitowasm/app/userpool"
	"github.com/cognitowasm/cognitowasm/localpool"
)

func init() {
	register(command{name: "serve", summary: "serve the app (default), on the local pool or a real one", run: runServe})
}

func runServe(ctx context.Context, args []string, std stdio) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(std.err)
	addr := fs.String("addr", "127.0.0.1:8000", "listen address of the app")
	root := fs.String("root", ".", "directory that holds web/")
	poolAddr := fs.String("pool-addr", "127.0.0.1:9229", "listen address of the local pool")
	dataDir := fs.String("data", ".localpool", "directory of the local pool's data")
	pool := addAppPoolFlags(fs, "ID of a real user pool to use instead of the local pool")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &exitError{code: 2, err: fmt.Errorf("unexpected arguments: %q", fs.Args())}
	}
	var cfg ui.Config
	if pool.UserPoolID != "" || pool.ClientID != "" {
		if pool.UserPoolID == "" || pool.ClientID == "" {
			return &exitError{code: 2, err: errors.New("-pool and -client go together")}
		}
		var err error
		if cfg, err = appPoolConfig(*pool); err != nil {
			return &exitError{code: 2, err: err}
		}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	appURL := "http://" + ln.Addr().String()
	g := newServerGroup(ctx)
	if cfg.UserPoolID == "" {
		pool, poolLn, err := openLocalPool(*dataDir, *poolAddr, std.err)
		if err != nil {
			ln.Close()
			return err
		}
		defer pool.Close()
		g.serve(poolLn, pool)
		cfg = localPoolConfig(pool, "http://"+poolLn.Addr().String())
		if err := seedDemoUser(g.ctx, cfg); err != nil {
			ln.Close()
			return g.stop(fmt.Errorf("seeding the demo user: %w", err))
		}
		// The hosted UI sends the browser back to the app, not the pool.
		if cfg, err = enableLocalHostedUI(g.ctx, cfg, appOrigins(ln.Addr())); err != nil {
			ln.Close()
			return g.stop(fmt.Errorf("enabling the hosted UI: %w", err))
		}
	}
	h, err := appHandler(filepath.Join(*root, "web"), cfg)
	if err != nil {
		ln.Close()
		return g.stop(err)
	}
	g.serve(ln, h)
	printBanner(std.out, appURL, cfg)
	return g.wait()
}

// serverGroup runs servers until the first of them stops (ctx done, or a
// failure), then stops the others.
type serverGroup struct {
	ctx     context.Context
	cancel  context.CancelFunc
	errc    chan error
	running int
}

func newServerGroup(ctx context.Context) *serverGroup {
	ctx, cancel := context.WithCancel(ctx)
	return &serverGroup{ctx: ctx, cancel: cancel, errc: make(chan error, 2)}
}

func (g *serverGroup) serve(ln net.Listener, h http.Handler) {
	g.running++
	go func() { g.errc <- serveUntilDone(g.ctx, ln, h) }()
}

// wait waits for one server to stop, then stops the rest.
func (g *serverGroup) wait() error {
	err := <-g.errc
	g.running--
	return g.stop(err)
}

// stop shuts every server down and returns err joined with their errors.
func (g *serverGroup) stop(err error) error {
	g.cancel()
	for ; g.running > 0; g.running-- {
		err = errors.Join(err, <-g.errc)
	}
	return err
}

// openLocalPool opens the pool in dataDir and listens for it on addr. Codes
// the pool "delivers" are logged to logw.
func openLocalPool(dataDir, addr string, logw io.Writer) (*localpool.Server, net.Listener, error) {
	pool, err := localpool.Open(localpool.Options{
		DataDir: dataDir,
		Logger:  slog.New(slog.NewTextHandler(logw, nil)),
	})
	if err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, errors.Join(err, pool.Close())
	}
	if err := enableStandIn(pool, ln.Addr(), logw); err != nil {
		return nil, nil, errors.Join(err, ln.Close(), pool.Close())
	}
	return pool, ln, nil
}

// enableStandIn turns on the pool's stand-in identity providers (Google,
// Facebook, Login with Amazon, Apple, OIDC, SAML under /_local/idp), so the
// hosted UI's "Continue with …" buttons work offline. They need a loopback
// address: a pool listening on another one goes without, with a note.
func enableStandIn(pool *localpool.Server, addr net.Addr, logw io.Writer) error {
	base, ok := loopbackBase(addr)
	if !ok {
		fmt.Fprintf(logw, "cognitowasm: %s is not a loopback address, so the stand-in identity providers are off\n", addr)
		return nil
	}
	return pool.EnableStandIn(base)
}

// loopbackBase is the plain-http URL of a loopback (or any-interface) address.
func loopbackBase(addr net.Addr) (string, bool) {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return "", false
	}
	switch {
	case tcp.IP.IsUnspecified():
		return "http://127.0.0.1:" + strconv.Itoa(tcp.Port), true
	case tcp.IP.IsLoopback():
		return "http://" + tcp.String(), true
	}
	return "", false
}

// localPoolConfig is the app's configuration for the local pool at endpoint.
func localPoolConfig(pool *localpool.Server, endpoint string) ui.Config {
	poolID, clientID := pool.DefaultPool()
	region, _, _ := strings.Cut(poolID, "_")
	// The default pool allows every first factor, passkeys for RP ID localhost.
	return ui.Config{Region: region, UserPoolID: poolID, ClientID: clientID, Endpoint: endpoint, LocalPool: true,
		SignInFactors: []string{userpool.FactorEmailOTP, userpool.FactorSMSOTP, userpool.FactorWebAuthn}}
}

func printBanner(w io.Writer, appURL string, cfg ui.Config) {
	fmt.Fprintf(w, "cognitowasm: the app is at %s\n", appURL)
	if !cfg.LocalPool {
		fmt.Fprintf(w, "  user pool %s, app client %s\n", cfg.UserPoolID, cfg.ClientID)
		return
	}
	fmt.Fprintf(w, "  local pool %s (%s), app client %s\n", cfg.Endpoint, cfg.UserPoolID, cfg.ClientID)
	fmt.Fprintf(w, "  demo account: %s / %s\n", demoEmail, demoPassword)
	if cfg.OAuth != nil {
		fmt.Fprintf(w, "  hosted UI: %s (also http://%s.localhost:%s): \"Continue with the hosted UI\" on the sign-in page, or `cognitowasm login`\n",
			cfg.Endpoint, localDomain, portOf(cfg.Endpoint))
	}
	fmt.Fprintf(w, "  confirmation codes: %s<email> (also logged below)\n", cfg.InboxURL(""))
	if cfg.OAuth != nil {
		fmt.Fprintf(w, "  offline stand-ins for Google, Facebook, Amazon, Apple, OIDC and SAML: %s%s/ (\"Continue with …\" on the hosted UI)\n",
			cfg.Endpoint, localpool.StandInPath)
	}
}

// webResources tells go-app that static files live under /web/; serveApp
// serves them itself (with precompression), so this is not an http.Handler.
type webResources struct{}

func (webResources) Package() string { return "" }
func (webResources) Static() string  { return "" }
func (webResources) AppWASM() string { return "/web/app.wasm" }

// appHandler serves the go-app PWA configured with cfg: the page and go-app's
// scripts, web/ (app.wasm compressed when the browser accepts it), and the
// wasm_exec.js that matches the toolchain app.wasm was built with (go-app
// embeds an old one).
func appHandler(web string, cfg ui.Config) (http.Handler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	pwa, err := newPWA(web, app.Environment{ui.EnvConfig: cfg.JSON()})
	if err != nil {
		return nil, err
	}
	pwa.RawHeaders = append(pwa.RawHeaders, staticsite.PreloadWASM(pwa.Resources.AppWASM()))
	static := staticsite.NewHandler(web)
	mux := http.NewServeMux()
	mux.Handle("/web/", http.StripPrefix("/web", static))
	mux.Handle("/wasm_exec.js", static)
	mux.Handle("/", pageHandler(pwa))
	return mux, nil
}

// newPWA is go-app's handler for the app built into web/. Without env the
// app reads its configuration from config.json beside the page.
func newPWA(web string, env app.Environment) (*app.Handler, error) {
	version, err := fileVersion(filepath.Join(web, "app.wasm"))
	if err != nil {
		return nil, fmt.Errorf("%w: run `make wasm` first", err)
	}
	if _, err := os.Stat(filepath.Join(web, "wasm_exec.js")); err != nil {
		return nil, fmt.Errorf("%w: run `make wasm` first", err)
	}
	return &app.Handler{
		Name:        "cognitowasm",
		ShortName:   "cognitowasm",
		Title:       "cognitowasm",
		Description: "Amazon Cognito sign-in, in the browser",
		Icon: app.Icon{
			Default:    "/web/icon-192.png",
			Large:      "/web/icon-512.png",
			SVG:        "/web/icon.svg",
			AppleTouch: "/web/icon-192.png",
		},
		BackgroundColor:         "#f5f6fa",
		ThemeColor:              "#3b4cca",
		LoadingLabel:            "Loading {progress}%",
		Styles:                  []string{"/web/app.css"},
		Resources:               webResources{},
		Env:                     env,
		Version:                 version,
		WasmContentLengthHeader: staticsite.RawSizeHeader,
		ServiceWorkerTemplate:   appWorkerJS,
	}, nil
}

// appWorkerJS is the service worker: go-app's, except that it never
// downloads app.wasm while the first visit does.
//
//go:embed app-worker.js
var appWorkerJS string

// fileVersion is a short hash of the file, so browsers fetch the app again
// only when the build changed.
func fileVersion(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// serveUntilDone serves h on ln until ctx ends, then shuts down gracefully.
func serveUntilDone(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// appOrigins are the origins a browser may use for the app at addr: as
// given, and as localhost for a loopback address.
func appOrigins(addr net.Addr) []string {
	origins := []string{"http://" + addr.String()}
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		origins = append(origins, "http://localhost:"+strconv.Itoa(tcp.Port))
	}
	return origins
}

// portOf is the port of a URL such as "http://127.0.0.1:9229".
func portOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Port()
}
