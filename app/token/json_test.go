package token

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// stdObject is what encoding/json makes of b as one JSON object.
func stdObject(b []byte) (map[string]any, error) {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("null")
	}
	return m, nil
}

var jsonSeeds = []string{
	`{"kid":"test-key-1","alg":"RS256"}`,
	`{"sub":"8c1d7e2a","iss":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X","token_use":"access","auth_time":1767323045,"iat":1767323045,"exp":1767326645,"scope":"aws.cognito.signin.user.admin","cognito:groups":["a","b"],"email_verified":true,"x":null}`,
	` { } `, `{}`, "{\t\n\r}", `{"a":{}}`, `{"a":[]}`, `{"a":[[],[{}]]}`,
	`{"a":1,"a":2}`, `{"a":-0}`, `{"a":0.5e-3}`, `{"a":1E+2}`, `{"a":1e400}`, `{"a":1e-400}`, `{"a":123456789012345678901234567890}`,
	`{"a":01}`, `{"a":1.}`, `{"a":.5}`, `{"a":-}`, `{"a":+1}`, `{"a":1e}`, `{"a":0x1}`, `{"a":NaN}`,
	`{"a":"\u00e9\ud83d\ude00\"\\\/\b\f\n\r\t"}`, `{"a":"\ud800"}`, `{"a":"\ud800\u0041"}`, `{"a":"\udc00\ud800"}`, `{"a":"\ud800\ud800\udc00"}`,
	`{"a":"\uZZZZ"}`, `{"a":"\ud800\uZZZZ"}`, `{"a":"\x"}`, `{"a":"\'"}`, "{\"a\":\"\x01\"}", "{\"a\":\"\xff\xfe\"}", "{\"\xed\xa0\x80\":\"caf\xc3\xa9\"}",
	`{"a":true,"b":false,"c":null}`, `{"a":tru}`, `{"a":nul}`, `{"a":truex}`,
	`{"a":1,}`, `{,"a":1}`, `{"a" 1}`, `{a:1}`, `{'a':1}`, `{"a":1}}`, `{"a":1}]`, `{"a":1} x`, `{"a":1}{}`, `{"a":[1,]}`, `{"a":[,1]}`,
	`[]`, `null`, `"x"`, `1`, ``, ` `, `{`, `{"a"`, `{"a":`, `{"a":"`, `{"a":[`, `{"a":"\`, `{"a":"\u12`,
}

// deepJSON are objects nested to encoding/json's limit and past it; too big
// to be useful seeds for the fuzzer.
var deepJSON = []string{
	strings.Repeat(`{"a":`, maxJSONDepth-1) + `1` + strings.Repeat(`}`, maxJSONDepth-1),
	strings.Repeat(`{"a":`, maxJSONDepth) + `1` + strings.Repeat(`}`, maxJSONDepth),
	strings.Repeat(`{"a":`, maxJSONDepth+1) + `1` + strings.Repeat(`}`, maxJSONDepth+1),
	`{"a":` + strings.Repeat(`[`, maxJSONDepth) + strings.Repeat(`]`, maxJSONDepth) + `}`,
}

// TestParseObjectMatchesEncodingJSON checks parseObject against
// encoding/json on the seeds; FuzzParseObject does on any input.
func TestParseObjectMatchesEncodingJSON(t *testing.T) {
	for _, s := range append(jsonSeeds, deepJSON...) {
		checkParseObject(t, []byte(s))
	}
}

func FuzzParseObject(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(checkParseObject)
}

func checkParseObject(t *testing.T, b []byte) {
	got, err := parseObject(b)
	want, stdErr := stdObject(b)
	short := string(b)
	if len(short) > 80 {
		short = short[:80] + "..."
	}
	switch {
	case (err == nil) != (stdErr == nil):
		t.Errorf("%q: parseObject error %v, encoding/json error %v", short, err, stdErr)
	case err == nil && !reflect.DeepEqual(got, want):
		t.Errorf("%q: parseObject %#v, encoding/json %#v", short, got, want)
	}
}

func BenchmarkParseObject(b *testing.B) {
	doc := []byte(jsonSeeds[1])
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseObject(doc); err != nil {
			b.Fatal(err)
		}
	}
}
