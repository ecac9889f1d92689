//go:build !js

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
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

// The README tells how to serve when port 8000 or 9229 is taken, names
// `cognitowasm help` and the inbox URL, and every flag its serve line uses
// is one serve has.
func TestREADMEDocumentsServe(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	for _, want := range []string{"serve -addr", "-pool-addr", "-data", "cognitowasm help", "/_local/inbox?username="} {
		if !strings.Contains(readme, want) {
			t.Errorf("the README does not mention %q", want)
		}
	}
	var help, errOut bytes.Buffer
	run(t.Context(), []string{"serve", "-h"}, stdio{out: &help, err: &errOut})
	flags := errOut.String() + help.String()
	for _, line := range strings.Split(readme, "\n") {
		if !strings.Contains(line, "cognitowasm serve -") {
			continue
		}
		for _, m := range regexp.MustCompile(` -([a-z][a-z-]*)`).FindAllStringSubmatch(line, -1) {
			if !strings.Contains(flags, "  -"+m[1]+" ") {
				t.Errorf("the README's %q uses -%s, which serve does not have:\n%s", strings.TrimSpace(line), m[1], flags)
			}
		}
	}
}
