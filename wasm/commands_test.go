//go:build !js

package main

import (
	"bytes"
	"strings"
	"testing"
)

// -h, --help and help list the commands, not serve's flags.
func TestHelpListsCommands(t *testing.T) {
	for _, arg := range []string{"-h", "--help", "-help", "help"} {
		var out, errOut bytes.Buffer
		if code := run(t.Context(), []string{arg}, stdio{out: &out, err: &errOut}); code != 0 {
			t.Fatalf("%s: exit %d, stderr %s", arg, code, errOut.String())
		}
		for _, want := range []string{"commands:", "serve", "localpool", "signin", "COMMAND -h"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s: output lacks %q:\n%s", arg, want, out.String())
			}
		}
		if strings.Contains(out.String(), "-pool-addr") {
			t.Errorf("%s prints serve's flags instead of the commands:\n%s", arg, out.String())
		}
	}
}
