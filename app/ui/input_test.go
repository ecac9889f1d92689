package ui

import (
	"strings"
	"testing"
)

func TestPastedJWT(t *testing.T) {
	for in, want := range map[string]string{
		"eyJa.b.c":             "eyJa.b.c",
		"  eyJa.b.c\n":         "eyJa.b.c",
		"Bearer eyJa.b.c":      "eyJa.b.c",
		" bearer   eyJa.b.c  ": "eyJa.b.c",
		"   ":                  "",
		"Bearer":               "Bearer",
	} {
		if got := pastedJWT(in); got != want {
			t.Errorf("pastedJWT(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAttributeTitle(t *testing.T) {
	for name, want := range map[string]string{
		"family_name":         "Family name",
		"email":               "Email",
		"custom:favourite_id": "Favourite id",
		"custom:":             "custom:",
		"x":                   "X",
	} {
		if got := attributeTitle(name); got != want {
			t.Errorf("attributeTitle(%q) = %q, want %q", name, got, want)
		}
	}
	if got := attributeLabel("given_name"); got != "given name" {
		t.Errorf("attributeLabel(given_name) = %q", got)
	}
}

// The progress of a sign-in speaks of what the user waits for, not of Cognito.
func TestStageTextIsPlain(t *testing.T) {
	for stage, text := range stageText {
		if !strings.HasSuffix(text, "…") {
			t.Errorf("stage %s: %q", stage, text)
		}
		for _, jargon := range []string{"Cognito", "SRP", "token"} {
			if strings.Contains(text, jargon) {
				t.Errorf("stage %s says %q", stage, text)
			}
		}
	}
}
