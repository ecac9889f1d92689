package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name, json string
		wantErr    bool
	}{
		{"aws", `{"region":"eu-west-1","userPoolId":"eu-west-1_abc","clientId":"c1"}`, false},
		{"local", `{"region":"us-east-1","userPoolId":"us-east-1_LocalPool","clientId":"c1","endpoint":"http://127.0.0.1:9229","localPool":true}`, false},
		{"no region", `{"userPoolId":"eu-west-1_abc","clientId":"c1"}`, true},
		{"no client", `{"region":"eu-west-1","userPoolId":"eu-west-1_abc"}`, true},
		{"pool in other region", `{"region":"eu-west-1","userPoolId":"us-east-1_abc","clientId":"c1"}`, true},
		{"local without endpoint", `{"region":"us-east-1","userPoolId":"us-east-1_x","clientId":"c1","localPool":true}`, true},
		{"refresh lead", `{"region":"eu-west-1","userPoolId":"eu-west-1_abc","clientId":"c1","refreshBeforeSeconds":60}`, false},
		{"negative refresh lead", `{"region":"eu-west-1","userPoolId":"eu-west-1_abc","clientId":"c1","refreshBeforeSeconds":-1}`, true},
		{"refresh lead over a day", `{"region":"eu-west-1","userPoolId":"eu-west-1_abc","clientId":"c1","refreshBeforeSeconds":86401}`, true},
		{"not json", `region=eu-west-1`, true},
	}
	for _, tt := range tests {
		_, err := ParseConfig([]byte(tt.json))
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: err = %v, wantErr %v", tt.name, err, tt.wantErr)
		}
		if err != nil && !errors.Is(err, ErrConfig) {
			t.Errorf("%s: err = %v, want errors.Is ErrConfig", tt.name, err)
		}
	}
}

func TestConfigJSONRoundTrip(t *testing.T) {
	in := Config{Region: "us-east-1", UserPoolID: "us-east-1_LocalPool", ClientID: "c1",
		Endpoint: "http://127.0.0.1:9229/", LocalPool: true,
		PasswordPolicy: &userpool.PasswordPolicy{MinimumLength: 10, RequireNumbers: true}}
	out, err := ParseConfig([]byte(in.JSON()))
	if err != nil {
		t.Fatal(err)
	}
	if out.Policy() != *in.PasswordPolicy || out.Endpoint != in.Endpoint {
		t.Fatalf("round trip = %+v, want %+v", out, in)
	}
	if got, want := out.InboxURL("a+b@example.com"), "http://127.0.0.1:9229/_local/inbox?username=a%2Bb%40example.com"; got != want {
		t.Fatalf("InboxURL = %q, want %q", got, want)
	}
	if got := (Config{}).refreshBefore(); got != 2*time.Minute {
		t.Fatalf("zero Config refreshes %v before expiry, want 2m", got)
	}
	if got := (Config{RefreshBeforeSeconds: 90}).refreshBefore(); got != 90*time.Second {
		t.Fatalf("refreshBeforeSeconds 90 refreshes %v before expiry", got)
	}
	if (Config{}).Policy() != userpool.DefaultPasswordPolicy {
		t.Fatal("zero Config should use the default policy")
	}
}

func TestOAuthProviders(t *testing.T) {
	base := `{"region":"eu-west-1","userPoolId":"eu-west-1_abc","clientId":"c1","oauth":{"domain":"auth.example.com",` +
		`"redirectSignIn":["https://app.example.com/callback"],"providers":`
	tests := []struct {
		providers string
		want      []string // the pool's names
		wantErr   string
	}{
		{`["Google","Facebook","Amazon","Apple"]`, []string{"Google", "Facebook", "LoginWithAmazon", "SignInWithApple"}, ""},
		{`["Google",{"custom":"MyOIDC"},"Okta-SAML"]`, []string{"Google", "MyOIDC", "Okta-SAML"}, ""},
		{`["LoginWithAmazon"]`, []string{"LoginWithAmazon"}, ""},
		{`["Amazon","LoginWithAmazon"]`, nil, "listed twice"},
		{`["COGNITO"]`, nil, "leave out COGNITO"},
		{`["My IdP"]`, nil, "not a provider name"},
		{`[""]`, nil, "not a provider name"},
		{`[{"name":"x"}]`, nil, "neither a name"},
		{`"Google"`, nil, "cannot unmarshal"},
	}
	for _, tt := range tests {
		c, err := ParseConfig([]byte(base + tt.providers + "}}"))
		if tt.wantErr != "" {
			if err == nil || !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: err = %v, want %q", tt.providers, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.providers, err)
			continue
		}
		var got []string
		for _, p := range c.OAuth.Providers {
			got = append(got, poolProvider(p))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: pool names %v, want %v", tt.providers, got, tt.want)
		}
		if again, err := ParseConfig([]byte(c.JSON())); err != nil || !slices.Equal(again.OAuth.Providers, c.OAuth.Providers) {
			t.Errorf("%s: round trip %v, %v", tt.providers, again.OAuth, err)
		}
	}
}
