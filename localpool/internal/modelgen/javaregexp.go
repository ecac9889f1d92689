package main

import (
	"fmt"
	"strings"
)

// Java's whitespace class: RE2's \s lacks the vertical tab.
const javaSpace = `\t\n\x0B\f\r `

// javaLineTerminators are what Java's dot does not match outside (?s).
const javaLineTerminators = `\n\r\x{85}\x{2028}\x{2029}`

// javaOnly holds the model's patterns that RE2 cannot express as written,
// each with an equivalent; a new one stops generation until it is added here.
var javaOnly = map[string]string{
	// A bucket name that does not end in a dot (a lookbehind in Java).
	`^[0-9A-Za-z\.\-_]*(?<!\.)$`: `^(?:[0-9A-Za-z\.\-_]*[0-9A-Za-z\-_])?$`,
}

// translateJavaRegexp turns a pattern of the model, which AWS matches with
// java.util.regex against the whole value, into an anchored RE2 pattern that
// accepts the same strings.
func translateJavaRegexp(p string) (string, error) {
	src := p
	if eq, ok := javaOnly[p]; ok {
		src = eq
	}
	dotAll := strings.HasPrefix(src, "(?s)")
	var b strings.Builder
	inClass := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\\' && i+1 < len(src):
			next := src[i+1]
			i++
			switch {
			case next == 's' && inClass:
				b.WriteString(javaSpace)
			case next == 's':
				b.WriteString("[" + javaSpace + "]")
			case next == 'S' && !inClass:
				b.WriteString("[^" + javaSpace + "]")
			case next == 'S' && strings.HasPrefix(src[i+1:], "]") && strings.HasSuffix(b.String(), "["):
				// [\S] is the one class with \S in the model: a negated class.
				b.WriteString("^" + javaSpace)
			case next == 'S':
				return "", fmt.Errorf("\\S inside a character class at %d", i-1)
			case strings.IndexByte("pPxtnrfwWdDuU.-_{}[]()*+?|^$\\/=,@#:!&", next) >= 0:
				if next == 'u' || next == 'U' {
					return "", fmt.Errorf("unsupported escape \\%c", next)
				}
				b.WriteByte('\\')
				b.WriteByte(next)
			default:
				return "", fmt.Errorf("unsupported escape \\%c", next)
			}
		case c == '[' && inClass:
			return "", fmt.Errorf("nested character class at %d", i)
		case c == '[':
			inClass = true
			b.WriteByte(c)
			if strings.HasPrefix(src[i+1:], "^") {
				b.WriteByte('^')
				i++
			}
			if strings.HasPrefix(src[i+1:], "]") {
				return "", fmt.Errorf("class starting with ] at %d", i)
			}
		case c == ']' && inClass:
			inClass = false
			b.WriteByte(c)
		case c == '&' && inClass && strings.HasPrefix(src[i:], "&&"):
			return "", fmt.Errorf("class intersection at %d", i)
		case c == '.' && !inClass && !dotAll:
			b.WriteString("[^" + javaLineTerminators + "]")
		case c == '(' && !inClass && strings.HasPrefix(src[i:], "(?") && !strings.HasPrefix(src[i:], "(?:") && !(i == 0 && dotAll):
			return "", fmt.Errorf("unsupported group %q at %d", src[i:min(i+4, len(src))], i)
		case (c == '+' || c == '*' || c == '?' || c == '}') && !inClass && i+1 < len(src) && src[i+1] == '+':
			return "", fmt.Errorf("possessive quantifier at %d", i)
		default:
			b.WriteByte(c)
		}
	}
	if inClass {
		return "", fmt.Errorf("unterminated character class")
	}
	return `^(?:` + b.String() + `)$`, nil
}
