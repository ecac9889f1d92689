//go:build !js

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
)

// stdio is where a subcommand reads and writes, so tests can run commands in-process.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// command is one subcommand. Files define theirs and add it in init with register.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, std stdio) error
}

var commands = map[string]command{}

func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("cognitowasm: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

// exitError carries a specific exit status out of a subcommand.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// run dispatches to a subcommand; `serve` is the default.
func run(ctx context.Context, args []string, std stdio) int {
	name := "serve"
	if len(args) > 0 {
		switch args[0] {
		case "help", "-h", "-help", "--help":
			usage(std.out)
			return 0
		}
		if len(args[0]) > 0 && args[0][0] != '-' {
			name, args = args[0], args[1:]
		}
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(std.err, "cognitowasm: unknown command %q\n\n", name)
		usage(std.err)
		return 2
	}
	err := c.run(ctx, args, std)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(std.err, "cognitowasm %s: %v\n", name, ee.err)
		}
		return ee.code
	}
	fmt.Fprintf(std.err, "cognitowasm %s: %v\n", name, err)
	return 1
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: cognitowasm [command] [flags]")
	fmt.Fprintln(w, "\nWith no command, cognitowasm serves the app (serve).")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun `cognitowasm COMMAND -h` for a command's flags.")
}
