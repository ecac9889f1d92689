package ui

import "testing"

func TestPagePath(t *testing.T) {
	tests := []struct{ prefix, path, want string }{
		{"", "/", "/"},
		{"", "/account", "/account"},
		{"/myapp", "/", "/myapp/"},
		{"/myapp", "/account", "/myapp/account"},
		{"/myapp/", "/signin", "/myapp/signin"},
	}
	for _, tt := range tests {
		t.Setenv("GOAPP_ROOT_PREFIX", tt.prefix) // go-app's Getenv reads the process environment outside the browser
		if got := pagePath(tt.path); got != tt.want {
			t.Errorf("prefix %q: pagePath(%q) = %q, want %q", tt.prefix, tt.path, got, tt.want)
		}
	}
	t.Setenv("GOAPP_ROOT_PREFIX", "/myapp")
	if got := withQuery("/signin", "username", "ann@example.com", "notice", ""); got != "/myapp/signin?username=ann%40example.com" {
		t.Errorf("withQuery = %q", got)
	}
}
