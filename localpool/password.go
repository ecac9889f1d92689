package localpool

import (
	"crypto/rand"
	"strings"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// policyMessages are Cognito's words for each unmet password rule.
var policyMessages = map[userpool.PasswordRule]string{
	userpool.RuleMinimumLength: "Password not long enough",
	userpool.RuleLowercase:     "Password must have lowercase characters",
	userpool.RuleUppercase:     "Password must have uppercase characters",
	userpool.RuleNumbers:       "Password must have numeric characters",
	userpool.RuleSymbols:       "Password must have symbol characters",
}

// check enforces the pool's password policy with Cognito's messages.
func (pp passwordPolicy) check(password string) error {
	if err := required("password", password, maxPassword); err != nil {
		return err
	}
	if strings.TrimSpace(password) != password {
		return errInvalidParameter("1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$")
	}
	policy := userpool.PasswordPolicy{MinimumLength: pp.MinimumLength, RequireUppercase: pp.RequireUppercase,
		RequireLowercase: pp.RequireLowercase, RequireNumbers: pp.RequireNumbers, RequireSymbols: pp.RequireSymbols}
	for _, c := range policy.Check(password) {
		if !c.Met {
			return apiError(userpool.InvalidPasswordException, "Password did not conform with policy: %s", policyMessages[c.Rule])
		}
	}
	return nil
}

// temporaryPassword makes a random password that meets any policy.
func (pp passwordPolicy) temporaryPassword() string {
	n := max(pp.MinimumLength, 12)
	// Lowercase base32 text plus one of each required class.
	return ("Q7!" + strings.ToLower(rand.Text()+rand.Text()+rand.Text()+rand.Text()))[:n]
}
