//go:build !js

package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/cognitowasm/cognitowasm/app/ui"
)

func main() {
	ui.Routes()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr})
	stop()
	os.Exit(code)
}
