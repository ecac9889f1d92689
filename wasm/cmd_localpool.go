//go:build !js

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"

	"github.com/cognitowasm/cognitowasm/localpool"
)

func init() {
	register(command{name: "localpool", summary: "serve an offline Cognito user pool", run: runLocalPool})
}

func runLocalPool(ctx context.Context, args []string, std stdio) error {
	fs := flag.NewFlagSet("localpool", flag.ContinueOnError)
	fs.SetOutput(std.err)
	addr := fs.String("addr", "127.0.0.1:9229", "listen address")
	data := fs.String("data", ".localpool", "directory that holds the pool state")
	configFile := fs.String("config", "", "JSON file of pools, clients, groups and users to seed a new data dir with")
	issuerBase := fs.String("issuer-base", "", "base URL of the token issuer (default: the URL requests arrive at); its host is served besides loopback and *.localhost")
	var allowOrigins []string
	fs.Func("allow-origin", "web origin (http://localhost:3000) whose pages may call admin operations; repeat for more", func(v string) error {
		allowOrigins = append(allowOrigins, v)
		return nil
	})
	standIn := fs.Bool("stand-in", true, "serve offline stand-ins for Google, Facebook, Login with Amazon, Apple, OIDC and SAML under /_local/idp and register them in the default pool (loopback only, not with -issuer-base)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &exitError{code: 2, err: fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	opts := localpool.Options{
		DataDir:      *data,
		IssuerBase:   *issuerBase,
		AllowOrigins: allowOrigins,
		Logger:       slog.New(slog.NewTextHandler(std.err, nil)),
	}
	if *configFile != "" {
		cfg, err := localpool.LoadConfig(*configFile)
		if err != nil {
			return err
		}
		opts.Seed = cfg
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv, err := localpool.Open(opts)
	if err != nil {
		ln.Close()
		return err
	}
	// Behind another issuer base the provider callbacks leave the loopback.
	if *standIn && *issuerBase == "" {
		if err := enableStandIn(srv, ln.Addr(), std.err); err != nil {
			return errors.Join(err, ln.Close(), srv.Close())
		}
	}
	poolID, clientID := srv.DefaultPool()
	fmt.Fprintf(std.out, "cognitowasm localpool: endpoint http://%s\n", ln.Addr())
	fmt.Fprintf(std.out, "  user pool ID: %s\n  client ID:    %s\n  data:         %s\n", poolID, clientID, *data)
	serveErr := serveUntilDone(ctx, ln, srv)
	if err := srv.Close(); serveErr == nil {
		serveErr = err
	}
	return serveErr
}
