package localpool

import (
	"crypto/rand"
	"strings"
	"unicode"
)

// passwordSymbols are the characters Cognito counts as symbols.
const passwordSymbols = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- "

// check enforces the pool's password policy with Cognito's messages.
func (pp passwordPolicy) check(password string) error {
	if err := required("password", password, maxPassword); err != nil {
		return err
	}
	if strings.TrimSpace(password) != password {
		return errInvalidParameter("1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$")
	}
	var upper, lower, digit, symbol bool
	for _, r := range password {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		case strings.ContainsRune(passwordSymbols, r):
			symbol = true
		}
	}
	var problem string
	switch {
	case len([]rune(password)) < pp.MinimumLength:
		problem = "Password not long enough"
	case pp.RequireLowercase && !lower:
		problem = "Password must have lowercase characters"
	case pp.RequireUppercase && !upper:
		problem = "Password must have uppercase characters"
	case pp.RequireNumbers && !digit:
		problem = "Password must have numeric characters"
	case pp.RequireSymbols && !symbol:
		problem = "Password must have symbol characters"
	default:
		return nil
	}
	return apiError("InvalidPasswordException", "Password did not conform with policy: %s", problem)
}

// temporaryPassword makes a random password that meets any policy.
func (pp passwordPolicy) temporaryPassword() string {
	n := max(pp.MinimumLength, 12)
	// Lowercase base32 text plus one of each required class.
	return ("Q7!" + strings.ToLower(rand.Text()+rand.Text()+rand.Text()+rand.Text()))[:n]
}
