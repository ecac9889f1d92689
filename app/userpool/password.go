package userpool

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// PasswordPolicy is a user pool's password policy, as Cognito's
// PasswordPolicyType. Apps check passwords against it before sending them,
// and the local pool enforces it with Cognito's messages.
type PasswordPolicy struct {
	MinimumLength    int  `json:"minimumLength"`
	RequireUppercase bool `json:"requireUppercase"`
	RequireLowercase bool `json:"requireLowercase"`
	RequireNumbers   bool `json:"requireNumbers"`
	RequireSymbols   bool `json:"requireSymbols"`
}

// DefaultPasswordPolicy is the policy of a new Cognito user pool.
var DefaultPasswordPolicy = PasswordPolicy{
	MinimumLength:    8,
	RequireUppercase: true,
	RequireLowercase: true,
	RequireNumbers:   true,
	RequireSymbols:   true,
}

// PasswordSymbols are the characters Cognito counts as symbols.
const PasswordSymbols = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- "

// PasswordRule is one requirement a policy can make.
type PasswordRule int

const (
	RuleMinimumLength PasswordRule = iota
	RuleLowercase
	RuleUppercase
	RuleNumbers
	RuleSymbols
)

// PasswordCheck says whether a password meets one rule.
type PasswordCheck struct {
	Rule PasswordRule
	Met  bool
}

// Check evaluates password against each rule p makes, in the order Cognito
// reports them: length, lowercase, uppercase, numbers, symbols.
func (p PasswordPolicy) Check(password string) []PasswordCheck {
	var upper, lower, digit, symbol bool
	for _, r := range password {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		case strings.ContainsRune(PasswordSymbols, r):
			symbol = true
		}
	}
	checks := []PasswordCheck{{RuleMinimumLength, utf8.RuneCountInString(password) >= p.MinimumLength}}
	for _, c := range []struct {
		required bool
		check    PasswordCheck
	}{
		{p.RequireLowercase, PasswordCheck{RuleLowercase, lower}},
		{p.RequireUppercase, PasswordCheck{RuleUppercase, upper}},
		{p.RequireNumbers, PasswordCheck{RuleNumbers, digit}},
		{p.RequireSymbols, PasswordCheck{RuleSymbols, symbol}},
	} {
		if c.required {
			checks = append(checks, c.check)
		}
	}
	return checks
}
