package cognito_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

func TestPasswordPolicyCheck(t *testing.T) {
	unmet := func(p cognito.PasswordPolicy, password string) []cognito.PasswordRule {
		var rules []cognito.PasswordRule
		for _, c := range p.Check(password) {
			if !c.Met {
				rules = append(rules, c.Rule)
			}
		}
		return rules
	}
	def := cognito.DefaultPasswordPolicy
	tests := []struct {
		name     string
		policy   cognito.PasswordPolicy
		password string
		unmet    []cognito.PasswordRule
	}{
		{"meets every rule", def, "Passw0rd!", nil},
		{"empty", def, "", []cognito.PasswordRule{cognito.RuleMinimumLength, cognito.RuleLowercase, cognito.RuleUppercase, cognito.RuleNumbers, cognito.RuleSymbols}},
		{"too short", def, "Pa0!", []cognito.PasswordRule{cognito.RuleMinimumLength}},
		{"length counts characters, not bytes", def, "Pä0!äääää"[:len("Pä0!ää")], []cognito.PasswordRule{cognito.RuleMinimumLength}},
		{"no lowercase", def, "PASSW0RD!", []cognito.PasswordRule{cognito.RuleLowercase}},
		{"no uppercase", def, "passw0rd!", []cognito.PasswordRule{cognito.RuleUppercase}},
		{"no number", def, "Password!", []cognito.PasswordRule{cognito.RuleNumbers}},
		{"no symbol", def, "Passw0rdd", []cognito.PasswordRule{cognito.RuleSymbols}},
		{"space is a symbol", def, "Pass w0rd", nil},
		{"non-ASCII letters count", def, "Ünïcode0!", nil},
		{"lenient policy", cognito.PasswordPolicy{MinimumLength: 6}, "aaaaaa", nil},
		{"lenient policy, short", cognito.PasswordPolicy{MinimumLength: 6}, "aaaaa", []cognito.PasswordRule{cognito.RuleMinimumLength}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := unmet(tt.policy, tt.password); !slices.Equal(got, tt.unmet) {
				t.Errorf("unmet rules of %q = %v, want %v", tt.password, got, tt.unmet)
			}
		})
	}
}

func ExamplePasswordPolicy_Check() {
	for _, c := range cognito.DefaultPasswordPolicy.Check("password1") {
		fmt.Println(c.Rule == cognito.RuleUppercase || c.Rule == cognito.RuleSymbols, c.Met)
	}
	// Output:
	// false true
	// false true
	// true false
	// false true
	// true false
}
