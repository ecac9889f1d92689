package main

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

// The checked-in table is what the checked-in model generates.
func TestTableIsUpToDate(t *testing.T) {
	raw, err := os.ReadFile("model.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate(raw)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../model_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("localpool/model_gen.go is stale: run go generate ./localpool")
	}
}

func TestTranslateJavaRegexp(t *testing.T) {
	for _, tc := range []struct{ java, re2 string }{
		{`[\w-]+_[0-9a-zA-Z]+`, `^(?:[\w-]+_[0-9a-zA-Z]+)$`},
		{`[\S]+`, `^(?:[^\t\n\x0B\f\r ]+)$`},
		{`a\sb`, `^(?:a[\t\n\x0B\f\r ]b)$`},
		{`[\w\s]+`, `^(?:[\w\t\n\x0B\f\r ]+)$`},
		{`.*`, `^(?:[^\n\r\x{85}\x{2028}\x{2029}]*)$`},
		{`(?s).*`, `^(?:(?s).*)$`},
		{`^[0-9A-Za-z\.\-_]*(?<!\.)$`, `^(?:^(?:[0-9A-Za-z\.\-_]*[0-9A-Za-z\-_])?$)$`},
	} {
		got, err := translateJavaRegexp(tc.java)
		if err != nil || got != tc.re2 {
			t.Errorf("translate(%q) = %q, %v; want %q", tc.java, got, err, tc.re2)
		}
	}
	// The rewritten lookbehind: no trailing dot.
	re, _ := translateJavaRegexp(`^[0-9A-Za-z\.\-_]*(?<!\.)$`)
	bucket := regexp.MustCompile(re)
	for s, want := range map[string]bool{"bucket": true, "my.bucket-1": true, "": true, "bucket.": false, ".": false, "a b": false} {
		if bucket.MatchString(s) != want {
			t.Errorf("bucket pattern on %q = %v", s, !want)
		}
	}
	// What RE2 cannot say must stop generation, not be matched wrongly.
	for _, java := range []string{`a(?=b)`, `(?<!x)y`, `a++`, `[a-z&&[^e]]`, `[[a]]`, `\Qx\E`, `[a\Sb]`} {
		if got, err := translateJavaRegexp(java); err == nil {
			t.Errorf("translate(%q) = %q, want an error", java, got)
		}
	}
}

func TestGenerateRefusesBrokenModels(t *testing.T) {
	for _, raw := range []string{
		`{}`,
		`{"metadata":{"targetPrefix":"AWSCognitoIdentityProviderService","protocol":"json"},"operations":{"X":{"name":"X","input":{"shape":"XIn"}}},"shapes":{}}`,
		`{"metadata":{"targetPrefix":"AWSCognitoIdentityProviderService","protocol":"json"},"operations":{"X":{"name":"X","input":{"shape":"XIn"}}},"shapes":{"XIn":{"type":"structure","required":["A"],"members":{}}}}`,
		`{"metadata":{"targetPrefix":"AWSCognitoIdentityProviderService","protocol":"json"},"operations":{"X":{"name":"X","input":{"shape":"XIn"}}},"shapes":{"XIn":{"type":"structure","members":{"A":{"shape":"S"}}},"S":{"type":"string","pattern":"a(?=b)"}}}`,
	} {
		if _, err := generate([]byte(raw)); err == nil {
			t.Errorf("generate(%s) succeeded", strings.TrimSpace(raw))
		}
	}
}
