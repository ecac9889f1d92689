//go:build !js

package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"golang.org/x/term"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/storage"
	"github.com/cognitowasm/cognitowasm/app/ui"
)

// The local pool that `make run` starts; the account commands use it when no
// pool is configured.
const (
	localEndpoint = "http://127.0.0.1:9229"
	localPoolID   = "us-east-1_LocalPool"
)

// addAppPoolFlags defines the flags that name the user pool an app is
// configured for (serve, to use a real pool instead of the local one, and
// static); poolUsage describes -pool.
func addAppPoolFlags(fs *flag.FlagSet, poolUsage string) *ui.Config {
	cfg := &ui.Config{}
	fs.StringVar(&cfg.Region, "region", "", "region of the user pool (default: from -pool)")
	fs.StringVar(&cfg.UserPoolID, "pool", "", poolUsage)
	fs.StringVar(&cfg.ClientID, "client", "", "app client ID (a client without a secret)")
	fs.StringVar(&cfg.Endpoint, "endpoint", "", "Cognito endpoint URL (default: the AWS endpoint of the region)")
	return cfg
}

// appPoolConfig completes the configuration the app pool flags give: the
// region defaults to the pool ID's, and the result must be valid.
func appPoolConfig(cfg ui.Config) (ui.Config, error) {
	if cfg.Region == "" {
		cfg.Region, _, _ = strings.Cut(cfg.UserPoolID, "_")
	}
	return cfg, cfg.Validate()
}

// poolFlags are the flags every account command shares. Each falls back to
// its environment variable, and with nothing set at all, to the local pool.
type poolFlags struct {
	endpoint, region, pool, client, clientSecret string
	session                                      string
	passwordStdin                                bool
}

func addPoolFlags(fs *flag.FlagSet) *poolFlags {
	f := &poolFlags{}
	fs.StringVar(&f.endpoint, "endpoint", os.Getenv("COGNITO_ENDPOINT"), "Cognito endpoint URL (env COGNITO_ENDPOINT; default: the local pool)")
	fs.StringVar(&f.region, "region", os.Getenv("COGNITO_REGION"), "AWS region (env COGNITO_REGION; default: from the pool ID)")
	fs.StringVar(&f.pool, "pool", os.Getenv("COGNITO_USER_POOL_ID"), "user pool ID (env COGNITO_USER_POOL_ID)")
	fs.StringVar(&f.client, "client", os.Getenv("COGNITO_CLIENT_ID"), "app client ID (env COGNITO_CLIENT_ID; default: the local pool's client)")
	fs.StringVar(&f.clientSecret, "client-secret", os.Getenv("COGNITO_CLIENT_SECRET"), "app client secret, if the client has one (env COGNITO_CLIENT_SECRET)")
	fs.StringVar(&f.session, "session", "", "session file (default: cognitowasm/session.json in the user config dir)")
	fs.BoolVar(&f.passwordStdin, "password-stdin", false, "read passwords from stdin, one per line, instead of the terminal")
	return f
}

// newClient resolves the flags into a cognito.Client whose session lives in
// the session file.
func (f *poolFlags) newClient(ctx context.Context) (*cognito.Client, error) {
	if err := f.resolve(); err != nil {
		return nil, err
	}
	if f.client == "" {
		if f.endpoint == "" {
			return nil, errors.New("no app client: set -client or COGNITO_CLIENT_ID")
		}
		id, err := discoverClient(ctx, f.endpoint, f.region, f.pool)
		if err != nil {
			return nil, err
		}
		f.client = id
	}
	path := f.session
	if path == "" {
		var err error
		if path, err = storage.DefaultFilePath(); err != nil {
			return nil, err
		}
	}
	store, err := storage.NewFile(path)
	if err != nil {
		return nil, err
	}
	return cognito.New(cognito.Config{
		Region:       f.region,
		UserPoolID:   f.pool,
		ClientID:     f.client,
		ClientSecret: f.clientSecret,
		Endpoint:     f.endpoint,
		Store:        store,
	})
}

// resolve fills in what was left unset: with no pool or client, the local
// pool; the region from the pool ID.
func (f *poolFlags) resolve() error {
	if f.pool == "" && f.client == "" {
		// Nothing names a pool: the local pool, at its usual address unless
		// an endpoint is given.
		if f.endpoint == "" {
			f.endpoint = localEndpoint
		}
		f.pool = localPoolID
	}
	if f.pool == "" {
		return errors.New("no user pool: set -pool or COGNITO_USER_POOL_ID")
	}
	if f.region == "" {
		// Pool IDs start with their region: "eu-west-1_AbC123".
		region, _, ok := strings.Cut(f.pool, "_")
		if !ok || region == "" {
			return fmt.Errorf("user pool ID %q has no region prefix: set -region", f.pool)
		}
		f.region = region
	}
	return nil
}

// discoverClient finds the app client of a local pool, which prints its ID
// only when it starts. It lists the pool's clients with the ordinary Cognito
// API; the local pool accepts any SigV4 credentials, so dummy ones do.
func discoverClient(ctx context.Context, endpoint, region, pool string) (string, error) {
	out, err := localPoolAPI(endpoint, region).ListUserPoolClients(ctx, &cip.ListUserPoolClientsInput{UserPoolId: &pool, MaxResults: aws.Int32(60)})
	if err != nil {
		return "", fmt.Errorf("no app client given, and listing the clients of %s at %s failed (is the local pool running? `make run` starts it): %w", pool, endpoint, err)
	}
	switch len(out.UserPoolClients) {
	case 0:
		return "", fmt.Errorf("pool %s has no app client", pool)
	case 1:
		return aws.ToString(out.UserPoolClients[0].ClientId), nil
	}
	for _, c := range out.UserPoolClients {
		if aws.ToString(c.ClientName) == localClientName {
			return aws.ToString(c.ClientId), nil
		}
	}
	return "", fmt.Errorf("pool %s has several app clients: choose one with -client", pool)
}

// localClientName is the name of the public client the local pool creates.
const localClientName = "local"

// passwords reads passwords from a terminal without echo, or from stdin one
// per line with -password-stdin. They never go through arguments or output.
type passwords struct {
	std   stdio
	lines *bufio.Scanner
	// interactive says lines reads the terminal (made by line), so each
	// line gets a prompt.
	interactive bool
}

// maxPasswordLine bounds a password line; Cognito passwords are at most 256 bytes.
const maxPasswordLine = 1024

func (f *poolFlags) passwords(std stdio) *passwords {
	p := &passwords{std: std}
	if f.passwordStdin {
		p.lines = bufio.NewScanner(std.in)
		p.lines.Buffer(make([]byte, 0, 256), maxPasswordLine)
	}
	return p
}

// line reads a line the user may see as they type, such as a code: from
// the -password-stdin lines, else from stdin.
func (p *passwords) line(prompt string) (string, error) {
	if p.lines == nil {
		p.lines = bufio.NewScanner(p.std.in)
		p.lines.Buffer(make([]byte, 0, 256), maxPasswordLine)
		p.interactive = true
	}
	if p.interactive {
		fmt.Fprintf(p.std.err, "%s: ", prompt)
	}
	if !p.lines.Scan() {
		if err := p.lines.Err(); err != nil {
			return "", fmt.Errorf("reading %s: %w", strings.ToLower(prompt), err)
		}
		return "", fmt.Errorf("reading %s: %w", strings.ToLower(prompt), io.ErrUnexpectedEOF)
	}
	return strings.TrimSpace(p.lines.Text()), nil
}

func (p *passwords) read(prompt string) (string, error) {
	if p.lines != nil && !p.interactive {
		if !p.lines.Scan() {
			if err := p.lines.Err(); err != nil {
				return "", fmt.Errorf("reading %s from stdin: %w", strings.ToLower(prompt), err)
			}
			return "", fmt.Errorf("reading %s from stdin: %w", strings.ToLower(prompt), io.ErrUnexpectedEOF)
		}
		return strings.TrimSuffix(p.lines.Text(), "\r"), nil
	}
	in, ok := p.std.in.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return "", errors.New("stdin is not a terminal: pass the password on stdin with -password-stdin")
	}
	fmt.Fprintf(p.std.err, "%s: ", prompt)
	pw, err := term.ReadPassword(int(in.Fd()))
	fmt.Fprintln(p.std.err)
	return string(pw), err
}

// attrFlag collects repeated -attr name=value flags.
type attrFlag map[string]string

func (a attrFlag) String() string { return fmt.Sprint(map[string]string(a)) }

func (a attrFlag) Set(v string) error {
	name, value, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return errors.New("want name=value")
	}
	a[name] = value
	return nil
}

// explain turns an error from package cognito into the line the user sees:
// Cognito's exception name and a sentence, or what went wrong on the way.
func explain(err error) error {
	var ce *cognito.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ce):
		msg := ce.Code + ": " + ui.Message(err)
		if ce.Message != "" && ce.Message != ui.Message(err) {
			msg += " (" + ce.Message + ")"
		}
		return &explained{msg, err}
	case errors.Is(err, cognito.ErrNoSession):
		return &explained{"not signed in: run `cognitowasm signin` first", err}
	default:
		return &explained{ui.Message(err) + " (" + err.Error() + ")", err}
	}
}

type explained struct {
	msg string
	err error
}

func (e *explained) Error() string { return e.msg }
func (e *explained) Unwrap() error { return e.err }

// parseArgs parses fs and checks the number of positional arguments.
func parseArgs(fs *flag.FlagSet, args []string, min, max int, usage string) ([]string, error) {
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if n := fs.NArg(); n < min || n > max {
		fmt.Fprintf(fs.Output(), "usage: cognitowasm %s [flags] %s\n", fs.Name(), usage)
		fs.PrintDefaults()
		return nil, &exitError{code: 2, err: fmt.Errorf("want %s", usage)}
	}
	return fs.Args(), nil
}
