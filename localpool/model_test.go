package localpool

import (
	"strings"
	"testing"
)

// Every operation the pool serves is checked against the model: a new one
// added to the dispatch table must be an operation of the model.
func TestEveryOperationIsInTheModel(t *testing.T) {
	for name := range operations {
		if _, ok := modelOperations[name]; !ok {
			t.Errorf("operation %s is served but not in the model (%s)", name, modelSource)
		}
	}
	if len(modelOperations) < 100 {
		t.Fatalf("the model has %d operations; Cognito has over 100", len(modelOperations))
	}
}

// The model's patterns, as translated from Java, accept and refuse what Java does.
func TestModelPatterns(t *testing.T) {
	pattern := func(text string) *modelPattern {
		return find(t, modelPatterns[:], func(p *modelPattern) bool { return p.text == text })
	}
	for _, tc := range []struct {
		pattern string
		ok, bad []string
	}{
		{`[\w-]+_[0-9a-zA-Z]+`, []string{"us-east-1_LocalPool", "eu_1"}, []string{"LocalPool", " us-east-1_x", "us-east-1_x ", "us-east-1_", "x_y\n"}},
		{`[\p{L}\p{M}\p{S}\p{N}\p{P}]+`, []string{"eve@example.com", "jürgen", "名前", "a+b", "😀"}, []string{"", "a b", "a\x00", "a\u202eb", "a\u200bb", "a\tb"}},
		{`[\S]+`, []string{"Passw0rd!", "ÿ"}, []string{"", "a b", "a\x0bb", "a\nb"}},
		// Java's \s has the vertical tab, which RE2's lacks.
		{`[\w\s+=,.@-]+`, []string{"my pool", "a\x0bb", "x.y@z"}, []string{"", "a\x00", "a/b"}},
		// Java's dot stops at every line terminator, not only \n.
		{`.*\{####\}.*`, []string{"Code {####}", "{####}"}, []string{"Code\r{####}", "Code\u2028{####}", "no code"}},
		{`(?s).*`, []string{"", "a\nb\rc"}, nil},
	} {
		p := pattern(tc.pattern)
		for _, s := range tc.ok {
			if !p.re.MatchString(s) {
				t.Errorf("%s refuses %q", tc.pattern, s)
			}
		}
		for _, s := range tc.bad {
			if p.re.MatchString(s) {
				t.Errorf("%s accepts %q", tc.pattern, s)
			}
		}
	}
}

func TestModelShapes(t *testing.T) {
	shape := func(name string) *modelShape {
		return find(t, modelShapes[:], func(s *modelShape) bool { return s.name == name })
	}
	if u := shape("UsernameType"); !u.sensitive || u.max != 128 || !u.hasMax || u.min != 1 || u.pattern == nil {
		t.Errorf("UsernameType = %+v", u)
	}
	if l := shape("QueryLimitType"); l.kind != kindInteger || l.max != 60 || l.min != 0 || !l.hasMin {
		t.Errorf("QueryLimitType = %+v", l)
	}
	in := &modelShapes[modelOperations["InitiateAuth"]]
	var required []string
	for _, m := range in.members {
		if m.required {
			required = append(required, m.name)
		}
	}
	if strings.Join(required, ",") != "AuthFlow,ClientId" {
		t.Errorf("InitiateAuth requires %v", required)
	}
	if !hidden(shape("AttributeListType")) || hidden(shape("UserPoolIdType")) {
		t.Error("hidden shapes wrong")
	}
}

// find returns the one item that matches.
func find[T any](t *testing.T, items []T, match func(*T) bool) *T {
	t.Helper()
	for i := range items {
		if match(&items[i]) {
			return &items[i]
		}
	}
	t.Fatal("not in the model")
	return nil
}
