package userpool_test

import (
	"slices"
	"testing"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

func TestPasswordPolicyCheck(t *testing.T) {
	unmet := func(p userpool.PasswordPolicy, password string) []userpool.PasswordRule {
		var rules []userpool.PasswordRule
		for _, c := range p.Check(password) {
			if !c.Met {
				rules = append(rules, c.Rule)
			}
		}
		return rules
	}
	def := userpool.DefaultPasswordPolicy
	tests := []struct {
		name     string
		policy   userpool.PasswordPolicy
		password string
		unmet    []userpool.PasswordRule
	}{
		{"meets every rule", def, "Passw0rd!", nil},
		{"empty", def, "", []userpool.PasswordRule{userpool.RuleMinimumLength, userpool.RuleLowercase, userpool.RuleUppercase, userpool.RuleNumbers, userpool.RuleSymbols}},
		{"too short", def, "Pa0!", []userpool.PasswordRule{userpool.RuleMinimumLength}},
		{"length counts characters, not bytes", def, "Pä0!äääää"[:len("Pä0!ää")], []userpool.PasswordRule{userpool.RuleMinimumLength}},
		{"no lowercase", def, "PASSW0RD!", []userpool.PasswordRule{userpool.RuleLowercase}},
		{"no uppercase", def, "passw0rd!", []userpool.PasswordRule{userpool.RuleUppercase}},
		{"no number", def, "Password!", []userpool.PasswordRule{userpool.RuleNumbers}},
		{"no symbol", def, "Passw0rdd", []userpool.PasswordRule{userpool.RuleSymbols}},
		{"space is a symbol", def, "Pass w0rd", nil},
		{"non-ASCII letters count", def, "Ünïcode0!", nil},
		{"lenient policy", userpool.PasswordPolicy{MinimumLength: 6}, "aaaaaa", nil},
		{"lenient policy, short", userpool.PasswordPolicy{MinimumLength: 6}, "aaaaa", []userpool.PasswordRule{userpool.RuleMinimumLength}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := unmet(tt.policy, tt.password); !slices.Equal(got, tt.unmet) {
				t.Errorf("unmet rules of %q = %v, want %v", tt.password, got, tt.unmet)
			}
		})
	}
}
