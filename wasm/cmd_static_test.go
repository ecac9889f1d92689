//go:build !js

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cognitowasm/cognitowasm/app/ui"
	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// amplifyOutputsJSON is the shape Amplify Gen 2 writes (trimmed to auth and one other section).
const amplifyOutputsJSON = `{
  "version": "1.3",
  "auth": {
    "aws_region": "eu-west-1",
    "user_pool_id": "eu-west-1_AbC123",
    "user_pool_client_id": "1example23456789",
    "identity_pool_id": "eu-west-1:0000",
    "password_policy": {"min_length": 12, "require_numbers": true, "require_lowercase": true, "require_uppercase": false, "require_symbols": false},
    "standard_required_attributes": ["email"],
    "username_attributes": ["email"]
  },
  "data": {"url": "https://example.com/graphql"}
}`

func TestStaticConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	configJSON := write("config.json", `{"region":"us-west-2","userPoolId":"us-west-2_X","clientId":"c1","endpoint":"http://127.0.0.1:9229"}`)
	amplify := write("amplify_outputs.json", amplifyOutputsJSON)
	noAuth := write("noauth.json", `{"version":"1.3","data":{}}`)
	withOAuth := write("oauth.json", `{"version":"1.3","auth":{"aws_region":"eu-west-1","user_pool_id":"eu-west-1_AbC123",
	  "user_pool_client_id":"c3","oauth":{"identity_providers":["GOOGLE","SIGN_IN_WITH_APPLE","LOGIN_WITH_AMAZON","FACEBOOK"],"domain":"example.auth.eu-west-1.amazoncognito.com",
	  "scopes":["openid","email"],"redirect_sign_in_uri":["https://app.example.com/callback"],
	  "redirect_sign_out_uri":["https://app.example.com/"],"response_type":"code"}}}`)
	implicit := write("implicit.json", `{"version":"1.3","auth":{"aws_region":"eu-west-1","user_pool_id":"eu-west-1_AbC123",
	  "user_pool_client_id":"c3","oauth":{"domain":"d.example.com","redirect_sign_in_uri":["https://app.example.com/callback"],"response_type":"token"}}}`)
	badConfig := write("bad.json", `{"region":"us-west-2","userPoolId":"eu-west-1_X","clientId":"c1"}`)

	tests := []struct {
		name            string
		config, amplify string
		flags           ui.Config
		want            ui.Config
		wantErr         string
	}{
		{name: "config.json", config: configJSON,
			want: ui.Config{Region: "us-west-2", UserPoolID: "us-west-2_X", ClientID: "c1", Endpoint: "http://127.0.0.1:9229"}},
		{name: "amplify_outputs.json", amplify: amplify,
			want: ui.Config{Region: "eu-west-1", UserPoolID: "eu-west-1_AbC123", ClientID: "1example23456789",
				PasswordPolicy: &userpool.PasswordPolicy{MinimumLength: 12, RequireNumbers: true, RequireLowercase: true}}},
		{name: "flags, region from the pool", flags: ui.Config{UserPoolID: "ap-south-1_Q", ClientID: "c2"},
			want: ui.Config{Region: "ap-south-1", UserPoolID: "ap-south-1_Q", ClientID: "c2"}},
		{name: "nothing", wantErr: "no user pool"},
		{name: "two sources", config: configJSON, flags: ui.Config{ClientID: "c"}, wantErr: "give one"},
		{name: "amplify without auth", amplify: noAuth, wantErr: `no "auth" section`},
		{name: "amplify with oauth", amplify: withOAuth,
			want: ui.Config{Region: "eu-west-1", UserPoolID: "eu-west-1_AbC123", ClientID: "c3", OAuth: &ui.OAuthConfig{
				Domain: "example.auth.eu-west-1.amazoncognito.com", Scopes: []string{"openid", "email"},
				RedirectSignIn: []string{"https://app.example.com/callback"}, RedirectSignOut: []string{"https://app.example.com/"},
				ResponseType: "code", Providers: []string{"Google", "Apple", "Amazon", "Facebook"}}}},
		{name: "amplify with the implicit flow", amplify: implicit, wantErr: "only \"code\""},
		{name: "inconsistent config.json", config: badConfig, wantErr: "not in region"},
		{name: "missing file", config: filepath.Join(dir, "nope.json"), wantErr: "no such file"},
		{name: "flags without a client", flags: ui.Config{UserPoolID: "ap-south-1_Q"}, wantErr: "clientId is empty"},
	}
	for _, tt := range tests {
		got, err := staticConfig(tt.config, tt.amplify, tt.flags)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got.JSON() != tt.want.JSON() {
			t.Errorf("%s: got %s, want %s", tt.name, got.JSON(), tt.want.JSON())
		}
	}
}
