package userpool_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

func TestParseIdentities(t *testing.T) {
	// A Google identity as real ID tokens carry it, and a SAML one in the
	// JSON-typed form of AWS's documentation.
	google := `{"userId":"114163402210963774138","providerName":"Google","providerType":"Google","issuer":null,"primary":"true","dateCreated":"1627180752091"}`
	saml := `{"userId":"msp_carlos@example.com","providerName":"ADFS1","providerType":"SAML","issuer":"http://auth.example.com","primary":false,"dateCreated":111111111111111}`
	ids, err := userpool.ParseIdentities([]byte("[" + google + "," + saml + "]"))
	if err != nil {
		t.Fatal(err)
	}
	want := []userpool.Identity{
		{UserID: "114163402210963774138", ProviderName: "Google", ProviderType: "Google", Primary: true, DateCreated: time.UnixMilli(1627180752091)},
		{UserID: "msp_carlos@example.com", ProviderName: "ADFS1", ProviderType: "SAML", Issuer: "http://auth.example.com", DateCreated: time.UnixMilli(111111111111111)},
	}
	if len(ids) != len(want) {
		t.Fatalf("got %d identities", len(ids))
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Errorf("identity %d = %+v, want %+v", i, ids[i], want[i])
		}
	}
	for _, bad := range []string{`{}`, `[{"providerName":"Google"}]`, `[{"userId":"1","providerName":"G","dateCreated":"yesterday"}]`,
		"[" + strings.Repeat(google+",", 50) + google + "]"} {
		if _, err := userpool.ParseIdentities([]byte(bad)); !errors.Is(err, userpool.ErrIdentities) {
			t.Errorf("ParseIdentities(%.40s…) = %v, want ErrIdentities", bad, err)
		}
	}
}

func TestCreatedBy(t *testing.T) {
	ids := []userpool.Identity{{UserID: "id1", ProviderName: "MyOIDC"}, {UserID: "bob@example.com", ProviderName: "ADFS"}}
	tests := []struct {
		username string
		want     bool
	}{
		{"MyOIDC_id1", true},
		{"adfs_bob@example.com", true}, // case-insensitive pools lower-case the name
		{"ann", false},                 // a native user linked to both
		{"MyOIDC_id2", false},
	}
	for _, tt := range tests {
		if _, got := userpool.CreatedBy(tt.username, ids); got != tt.want {
			t.Errorf("CreatedBy(%q) = %v, want %v", tt.username, got, tt.want)
		}
	}
}

func TestProviderButtonText(t *testing.T) {
	for name, want := range map[string]string{"Google": "Continue with Google", "Facebook": "Continue with Facebook",
		"LoginWithAmazon": "Login with Amazon", "SignInWithApple": "Sign in with Apple", "Okta": "Continue with Okta"} {
		if got := userpool.ProviderButtonText(name); got != want {
			t.Errorf("ProviderButtonText(%q) = %q, want %q", name, got, want)
		}
	}
}
