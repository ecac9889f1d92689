package ui

import (
	"strings"
	"testing"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

func TestPasswordPolicyCheck(t *testing.T) {
	p := userpool.DefaultPasswordPolicy
	tests := []struct {
		password string
		missing  []string // substrings of the sentence; none means valid
	}{
		{"Passw0rd!", nil},
		{"Pässwörd1 ", nil},
		{"", []string{"8+ characters", "uppercase", "lowercase", "number", "symbol"}},
		{"password", []string{"uppercase", "number", "symbol"}},
		{"PASSWORD1!", []string{"lowercase"}},
		{"Pa1!", []string{"8+ characters"}},
		{strings.Repeat("Aa1!", 65), []string{"longer than 256"}},
	}
	for _, tt := range tests {
		got := checkPassword(p, tt.password)
		if len(tt.missing) == 0 {
			if got != "" {
				t.Errorf("check(%q) = %q, want valid", tt.password, got)
			}
			continue
		}
		for _, m := range tt.missing {
			if !strings.Contains(got, m) {
				t.Errorf("check(%q) = %q, want it to mention %q", tt.password, got, m)
			}
		}
	}
}

func TestPasswordPolicyRulesFollowPolicy(t *testing.T) {
	p := userpool.PasswordPolicy{MinimumLength: 6}
	rs := passwordRules(p, "abc")
	if len(rs) != 1 || rs[0].Text != "6+ characters" || rs[0].Met {
		t.Fatalf("rules = %+v, want only an unmet length rule", rs)
	}
	if got := checkPassword(p, "abcdef"); got != "" {
		t.Fatalf("check = %q, want valid under a length-only policy", got)
	}
}

func TestFieldChecks(t *testing.T) {
	tests := []struct {
		name  string
		check func(string) string
		in    string
		valid bool
	}{
		{"email ok", checkEmail, "ann@example.com", true},
		{"email empty", checkEmail, "", false},
		{"email no at", checkEmail, "ann.example.com", false},
		{"email no dot in domain", checkEmail, "ann@localhost", false},
		{"email display name", checkEmail, "Ann <ann@example.com>", false},
		{"email too long", checkEmail, strings.Repeat("a", 120) + "@example.com", false},
		{"username ok", checkUsername, "ann", true},
		{"username spaces", checkUsername, " ann", false},
		{"username empty", checkUsername, "", false},
		{"code ok", checkCode, "123456", true},
		{"code letters", checkCode, "12a456", false},
		{"code empty", checkCode, "", false},
		{"code too long", checkCode, strings.Repeat("1", 33), false},
	}
	for _, tt := range tests {
		got := tt.check(tt.in)
		if (got == "") != tt.valid {
			t.Errorf("%s: check(%q) = %q, want valid=%v", tt.name, tt.in, got, tt.valid)
		}
	}
}
