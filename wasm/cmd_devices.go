//go:build !js

package main

import (
	"context"
	"fmt"
	"time"
)

func init() {
	register(command{"devices", "devices [list] | remember | forget [KEY] (no KEY: this device)", runDevices})
}

func runDevices(ctx context.Context, args []string, std stdio) error {
	fs, pf := newFlagSet("devices", std)
	const usage = "[list] | remember | forget [KEY]"
	rest, s, err := pf.restore(ctx, fs, args, 0, 2, usage)
	if err != nil {
		return err
	}
	sub := "list"
	if len(rest) > 0 {
		sub = rest[0]
	}
	switch {
	case sub == "list" && len(rest) <= 1:
		devices, err := s.Devices(ctx)
		if err != nil {
			return explain(err)
		}
		if len(devices) == 0 {
			fmt.Fprintln(std.out, "No device is remembered.")
		}
		for _, d := range devices {
			mark := ""
			if d.Current {
				mark = " (this device)"
			}
			last := "never"
			if !d.LastAuthenticated.IsZero() {
				last = d.LastAuthenticated.Format(time.RFC3339)
			}
			fmt.Fprintf(std.out, "%s  %s%s  last sign-in %s\n", d.Key, d.Name, mark, last)
		}
		return nil
	case sub == "remember" && len(rest) == 1:
		if err := s.RememberDevice(ctx); err != nil {
			return explain(err)
		}
		fmt.Fprintln(std.out, "This device is remembered.")
		return nil
	case sub == "forget":
		key := ""
		if len(rest) == 2 {
			key = rest[1]
		}
		if err := s.ForgetDevice(ctx, key); err != nil {
			return explain(err)
		}
		fmt.Fprintln(std.out, "The device is forgotten.")
		return nil
	}
	return &exitError{code: 2, err: fmt.Errorf("want devices %s", usage)}
}
