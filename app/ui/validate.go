package ui

import (
	"fmt"
	"net/mail"
	"strings"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// Bounds on what the forms accept, the same as Cognito's own limits.
const (
	maxUsernameLen = 128
	maxPasswordLen = 256
	maxAttrLen     = 2048
)

// rule is one line of the password policy checklist.
type rule struct {
	Text string
	Met  bool
}

// ruleTexts name each password rule in the policy checklist.
var ruleTexts = map[userpool.PasswordRule]string{
	userpool.RuleLowercase: "a lowercase letter",
	userpool.RuleUppercase: "an uppercase letter",
	userpool.RuleNumbers:   "a number",
	userpool.RuleSymbols:   "a symbol",
}

// passwordRules evaluates password against the policy, in the order they are shown.
func passwordRules(p userpool.PasswordPolicy, password string) []rule {
	var rs []rule
	for _, c := range p.Check(password) {
		text := ruleTexts[c.Rule]
		if c.Rule == userpool.RuleMinimumLength {
			text = fmt.Sprintf("%d+ characters", p.MinimumLength)
		}
		rs = append(rs, rule{text, c.Met})
	}
	return rs
}

// checkPassword returns a sentence naming what password lacks, or "".
func checkPassword(p userpool.PasswordPolicy, password string) string {
	if len(password) > maxPasswordLen {
		return fmt.Sprintf("The password is longer than %d characters.", maxPasswordLen)
	}
	var missing []string
	for _, r := range passwordRules(p, password) {
		if !r.Met {
			missing = append(missing, r.Text)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return "The password needs " + strings.Join(missing, ", ") + "."
}

// checkEmail returns a sentence when s is not an email address, or "".
func checkEmail(s string) string {
	if s == "" {
		return "Enter your email address."
	}
	if len(s) > maxUsernameLen {
		return fmt.Sprintf("The email address is longer than %d characters.", maxUsernameLen)
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@'):], ".") {
		return "Enter an email address like name@example.com."
	}
	return ""
}

// checkUsername returns a sentence when s cannot be a user name, or "".
func checkUsername(s string) string {
	switch {
	case s == "":
		return "Enter your email or user name."
	case len(s) > maxUsernameLen:
		return fmt.Sprintf("The user name is longer than %d characters.", maxUsernameLen)
	case strings.TrimSpace(s) != s:
		return "Remove the spaces around the user name."
	}
	return ""
}

// checkCode returns a sentence when s is not a delivered verification code, or "".
func checkCode(s string) string {
	if s == "" {
		return "Enter the code we sent you."
	}
	if len(s) > 32 {
		return "That code is too long."
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return "The code is made of digits only."
		}
	}
	return ""
}

// checkPresent returns a sentence when a required password field is empty, or "".
func checkPresent(what, s string) string {
	switch {
	case s == "":
		return "Enter your " + what + "."
	case len(s) > maxPasswordLen:
		return fmt.Sprintf("That is longer than %d characters.", maxPasswordLen)
	}
	return ""
}

// checkOneTimeCode checks a typed code: 6 digits.
func checkOneTimeCode(code string) string {
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return "Enter the 6 digits of the code."
	}
	return ""
}
