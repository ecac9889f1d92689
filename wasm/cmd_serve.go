//go:build !js

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

func init() {
	register(command{name: "serve", summary: "serve the app (default)", run: runServe})
}

func runServe(ctx context.Context, args []string, std stdio) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(std.err)
	addr := fs.String("addr", "127.0.0.1:8000", "listen address")
	root := fs.String("root", ".", "directory that holds web/")
	if err := fs.Parse(args); err != nil {
		return err
	}
	h, err := appHandler(*root)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(std.out, "cognitowasm: serving on http://%s\n", ln.Addr())
	return serveUntilDone(ctx, ln, h)
}

// appHandler serves the go-app PWA from root/web, with the wasm_exec.js that
// matches the toolchain app.wasm was built with (go-app embeds an old one).
func appHandler(root string) (http.Handler, error) {
	web := filepath.Join(root, "web")
	if _, err := os.Stat(filepath.Join(web, "app.wasm")); err != nil {
		return nil, fmt.Errorf("%s/app.wasm is missing: run `make wasm` first", web)
	}
	wasmExec := filepath.Join(web, "wasm_exec.js")
	if _, err := os.Stat(wasmExec); err != nil {
		return nil, fmt.Errorf("%s is missing: run `make wasm` first", wasmExec)
	}
	pwa := &app.Handler{
		Name:        "cognitowasm",
		ShortName:   "cognitowasm",
		Title:       "cognitowasm",
		Description: "Amazon Cognito sign-in, in the browser",
		Resources:   app.LocalDir(root),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/wasm_exec.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Content-Type", "text/javascript")
		http.ServeFile(w, r, wasmExec)
	})
	mux.Handle("/", pwa)
	return mux, nil
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
