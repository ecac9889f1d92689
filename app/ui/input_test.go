package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/cognitowasm/cognitowasm/app/cognito"
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

// An SRP sign-in's progress line changes twice: to checking the password
// (and stays there through the proof that follows Cognito's first answer),
// then to checking the sign-in.
func TestProgressText(t *testing.T) {
	next := progressText(stageText[cognito.StageComputingSRP])
	var changes []string
	for _, s := range []cognito.Stage{cognito.StageComputingSRP, cognito.StageWaitingNetwork, cognito.StageComputingSRP,
		cognito.StageWaitingNetwork, cognito.StageVerifyingTokens} {
		if text, changed := next(s); changed {
			changes = append(changes, text)
		}
	}
	want := []string{stageText[cognito.StageWaitingNetwork], stageText[cognito.StageVerifyingTokens]}
	if !slices.Equal(changes, want) {
		t.Errorf("the line changed to %q, want %q", changes, want)
	}
	// A password sign-in on a remembered device proves the device with SRP after the password check.
	next = progressText(stageText[cognito.StageWaitingNetwork])
	for _, s := range []cognito.Stage{cognito.StageWaitingNetwork, cognito.StageComputingSRP} {
		if text, changed := next(s); changed {
			t.Errorf("stage %s of a password sign-in changed the line to %q", s, text)
		}
	}
}
