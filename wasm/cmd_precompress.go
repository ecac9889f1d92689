//go:build !js

package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/cognitowasm/cognitowasm/app/staticsite"
)

func init() {
	register(command{name: "precompress", summary: "write .br and .gz copies of static files", run: runPrecompress})
}

// runPrecompress writes name.br and name.gz beside each named file, for
// `serve` to send to browsers that accept them.
func runPrecompress(ctx context.Context, args []string, std stdio) error {
	fs := flag.NewFlagSet("precompress", flag.ContinueOnError)
	fs.SetOutput(std.err)
	fs.Usage = func() { fmt.Fprintln(std.err, "usage: cognitowasm precompress FILE...") }
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return &exitError{code: 2}
	}
	for _, file := range fs.Args() {
		copies, err := staticsite.Precompress(ctx, file)
		for _, c := range copies {
			if c.Unchanged {
				fmt.Fprintf(std.out, "%s: unchanged\n", c.Name)
				continue
			}
			fmt.Fprintf(std.out, "%s: %d bytes (%.0f%% of %d)\n", c.Name, c.Size, 100*float64(c.Size)/float64(max(c.Source, 1)), c.Source)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
