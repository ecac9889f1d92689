package token_test

import (
	"encoding/base64"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cognitowasm/cognitowasm/app/token"
	"github.com/golang-jwt/jwt/v5"
)

func TestDecode(t *testing.T) {
	key := loadKey(t, "rsa2048.pem", testKID)
	claims := cognitoClaims(testIssuer, "id", start)
	claims["aud"] = []string{"a", testClient}
	claims["cognito:groups"] = []string{"admins", "staff"}
	claims["iat"] = 1767323045.5 // fractional seconds are allowed
	raw := sign(t, key, claims)
	d, err := token.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	if d.Raw != raw || d.Header["alg"] != "RS256" || d.Header["kid"] != testKID {
		t.Errorf("header %v", d.Header)
	}
	if got := d.String("cognito:username"); got != "alice" {
		t.Errorf(`String("cognito:username") = %q`, got)
	}
	if got := d.String("email_verified"); got != "" {
		t.Errorf(`String of a bool = %q, want ""`, got)
	}
	if got := d.Strings("cognito:groups"); !slices.Equal(got, []string{"admins", "staff"}) {
		t.Errorf("Strings(cognito:groups) = %q", got)
	}
	if got := d.Strings("iss"); !slices.Equal(got, []string{testIssuer}) {
		t.Errorf("Strings(iss) = %q", got)
	}
	if got := d.Strings("missing"); got != nil {
		t.Errorf("Strings(missing) = %q", got)
	}
	if want := start.Add(500 * time.Millisecond); !d.IssuedAt.Equal(want) {
		t.Errorf("IssuedAt = %v, want %v", d.IssuedAt, want)
	}
	if want := start.Add(time.Hour); !d.ExpiresAt.Equal(want) {
		t.Errorf("ExpiresAt = %v, want %v", d.ExpiresAt, want)
	}
	if !d.AuthTime.Equal(start) {
		t.Errorf("AuthTime = %v, want %v", d.AuthTime, start)
	}

	// Times are zero when absent; unverifiable tokens still decode.
	d, err = token.Decode(unsigned(t, map[string]any{"alg": "none"}, jwt.MapClaims{"sub": "x"}, ""))
	if err != nil {
		t.Fatal(err)
	}
	if !d.IssuedAt.IsZero() || !d.ExpiresAt.IsZero() || !d.AuthTime.IsZero() {
		t.Errorf("times %v %v %v, want zero", d.IssuedAt, d.ExpiresAt, d.AuthTime)
	}
}

func TestDecodeMalformed(t *testing.T) {
	enc := base64.RawURLEncoding.EncodeToString
	header := enc([]byte(`{"alg":"RS256"}`))
	tests := []struct{ name, raw string }{
		{"empty", ""},
		{"one part", "abc"},
		{"two parts", header + ".e30"},
		{"four parts", header + ".e30.c2ln.x"},
		{"JWE (five parts)", header + ".a.b.c.d"},
		{"header not base64url", "eyJ+.e30.c2ln"},
		{"header padded", header + "=.e30.c2ln"},
		{"header not JSON", enc([]byte("alg")) + ".e30.c2ln"},
		{"header an array", enc([]byte("[]")) + ".e30.c2ln"},
		{"payload null", header + "." + enc([]byte("null")) + ".c2ln"},
		{"payload with trailing data", header + "." + enc([]byte(`{}{}`)) + ".c2ln"},
		{"exp a string", header + "." + enc([]byte(`{"exp":"tomorrow"}`)) + ".c2ln"},
		{"iat huge", header + "." + enc([]byte(`{"iat":1e300}`)) + ".c2ln"},
		{"too long", header + "." + enc([]byte(`{"x":"`+strings.Repeat("a", token.MaxTokenLength)+`"}`)) + ".c2ln"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := token.Decode(tt.raw)
			if d != nil {
				t.Errorf("Decode returned %v", d)
			}
			assertOnly(t, err, token.ErrMalformed)
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	raw := sign(b, loadKey(b, "rsa2048.pem", testKID), cognitoClaims(testIssuer, "id", start))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := token.Decode(raw); err != nil {
			b.Fatal(err)
		}
	}
}
