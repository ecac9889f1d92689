package userpool_test

import (
	"testing"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

func TestIssuer(t *testing.T) {
	tests := []struct{ base, pool, want string }{
		{userpool.Endpoint("eu-west-1"), "eu-west-1_AbC", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC"},
		{"http://127.0.0.1:9229", "us-east-1_LocalPool", "http://127.0.0.1:9229/us-east-1_LocalPool"},
		{"http://127.0.0.1:9229/", "us-east-1_LocalPool", "http://127.0.0.1:9229/us-east-1_LocalPool"},
	}
	for _, tt := range tests {
		if got := userpool.Issuer(tt.base, tt.pool); got != tt.want {
			t.Errorf("Issuer(%q, %q) = %q, want %q", tt.base, tt.pool, got, tt.want)
		}
	}
}
