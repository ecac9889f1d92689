package ui

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestIdentitiesNote(t *testing.T) {
	var claim any
	_ = json.Unmarshal([]byte(`[{"userId":"000340.3f6e","providerName":"SignInWithApple","providerType":"SignInWithApple","issuer":null,"primary":"true","dateCreated":"1627180752091"},`+
		`{"userId":"bob","providerName":"CorpSAML","providerType":"SAML","issuer":"urn:idp","primary":"false","dateCreated":"1627180752091"}]`), &claim)
	note := identitiesNote(claim)
	for _, want := range []string{"Apple user 000340.3f6e, created this user, linked 2021-07-2", "; CorpSAML user bob, linked 2021-07-2"} {
		if !strings.Contains(note, want) {
			t.Errorf("note %q lacks %q", note, want)
		}
	}
	if identitiesNote("not a list") != "" {
		t.Error("a malformed claim got a note")
	}
}
