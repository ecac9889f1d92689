package token

import (
	"errors"
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// parseObject reads b, one JSON object with optional white space around it,
// into the values encoding/json gives for a map[string]any: nested objects
// as map[string]any, arrays as []any, numbers as float64. It accepts and
// rejects what json.Unmarshal does (FuzzParseObject checks this, and its
// seeds run in every go test), in about a third of the time, which was most
// of decoding a token.
//
// Why not a library: encoding/json/v2 needs GOEXPERIMENT=jsonv2 in every
// build of every app using this module. github.com/goccy/go-json v0.12.0
// decodes a token's claims twice as fast again and agrees with encoding/json
// on the same fuzzing, but it made app.wasm 2.67 → 3.16 MB with brotli
// (19.2 → 23.7 MB raw), past the 2.75 MB budget.
func parseObject(b []byte) (map[string]any, error) {
	p := jsonParser{b: b}
	p.space()
	if p.i >= len(p.b) || p.b[p.i] != '{' {
		return nil, errors.New("not a JSON object")
	}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.b) {
		return nil, fmt.Errorf("data after the JSON object at offset %d", p.i)
	}
	return v.(map[string]any), nil
}

// maxJSONDepth is encoding/json's limit on nested objects and arrays.
const maxJSONDepth = 10000

type jsonParser struct {
	b     []byte
	i     int
	depth int
}

func (p *jsonParser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) fail(what string) error {
	if p.i >= len(p.b) {
		return fmt.Errorf("unexpected end of JSON, want %s", what)
	}
	return fmt.Errorf("invalid character %q at offset %d, want %s", p.b[p.i], p.i, what)
}

// value reads the value at p.i, which follows white space already skipped.
func (p *jsonParser) value() (any, error) {
	if p.i >= len(p.b) {
		return nil, p.fail("a value")
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.string()
	case c == '-' || '0' <= c && c <= '9':
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	}
	return nil, p.fail("a value")
}

func (p *jsonParser) literal(word string) error {
	if len(p.b)-p.i < len(word) || string(p.b[p.i:p.i+len(word)]) != word {
		return p.fail(word)
	}
	p.i += len(word)
	return nil
}

func (p *jsonParser) enter() error {
	if p.depth++; p.depth > maxJSONDepth {
		return errors.New("JSON nested too deeply")
	}
	p.i++ // the opening bracket
	p.space()
	return nil
}

func (p *jsonParser) object() (any, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	m := map[string]any{}
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		p.depth--
		return m, nil
	}
	for {
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return nil, p.fail("a string key")
		}
		key, err := p.string()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return nil, p.fail("':'")
		}
		p.i++
		p.space()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		m[key] = v // a repeated key keeps its last value, as in encoding/json
		if done, err := p.next('}'); done || err != nil {
			return m, err
		}
	}
}

func (p *jsonParser) array() (any, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	a := make([]any, 0)
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		p.depth--
		return a, nil
	}
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		if done, err := p.next(']'); done || err != nil {
			return a, err
		}
	}
}

// next reads what follows a member of an object or array: a comma, or the
// closing bracket, which ends it (done).
func (p *jsonParser) next(closing byte) (done bool, err error) {
	p.space()
	switch {
	case p.i < len(p.b) && p.b[p.i] == ',':
		p.i++
		p.space()
		return false, nil
	case p.i < len(p.b) && p.b[p.i] == closing:
		p.i++
		p.depth--
		return true, nil
	}
	return false, p.fail("',' or '" + string(closing) + "'")
}

// number reads a number as JSON's grammar has it and converts it as
// encoding/json does; one out of float64's range is an error.
func (p *jsonParser) number() (any, error) {
	start := p.i
	if p.b[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.b) && p.b[p.i] == '0':
		p.i++
	case p.i < len(p.b) && '1' <= p.b[p.i] && p.b[p.i] <= '9':
		p.digits()
	default:
		return nil, p.fail("a digit")
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if !p.digits() {
			return nil, p.fail("a digit")
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if !p.digits() {
			return nil, p.fail("a digit")
		}
	}
	f, err := strconv.ParseFloat(string(p.b[start:p.i]), 64)
	if err != nil {
		return nil, fmt.Errorf("number %s: %w", p.b[start:p.i], err)
	}
	return f, nil
}

// digits skips decimal digits and reports whether there was one.
func (p *jsonParser) digits() bool {
	start := p.i
	for p.i < len(p.b) && '0' <= p.b[p.i] && p.b[p.i] <= '9' {
		p.i++
	}
	return p.i > start
}

// string reads a quoted string. Like encoding/json it refuses control
// characters and unknown escapes, and turns invalid UTF-8 and unpaired
// surrogates into U+FFFD.
func (p *jsonParser) string() (string, error) {
	p.i++ // the opening quote
	start := p.i
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			s := string(p.b[start:p.i])
			p.i++
			return s, nil
		case c == '\\' || c >= utf8.RuneSelf:
			return p.slowString(start)
		case c < ' ':
			return "", p.fail("a character of a string")
		}
		p.i++
	}
	return "", p.fail("a closing quote")
}

// slowString finishes a string that has escapes or non-ASCII bytes.
func (p *jsonParser) slowString(start int) (string, error) {
	out := make([]byte, p.i-start, len(p.b)-start)
	copy(out, p.b[start:p.i])
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return string(out), nil
		case c < ' ':
			return "", p.fail("a character of a string")
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(p.b[p.i:])
			p.i += size
			out = utf8.AppendRune(out, r) // RuneError for an invalid byte
		case c != '\\':
			out = append(out, c)
			p.i++
		default:
			p.i++
			if p.i >= len(p.b) {
				return "", p.fail("an escape")
			}
			e := p.b[p.i]
			p.i++
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", p.fail("four hex digits")
				}
				if utf16.IsSurrogate(r) {
					// A pair makes one rune; anything else leaves U+FFFD and
					// the next escape is read on its own.
					r2, ok := p.peekEscapedRune()
					if dec := utf16.DecodeRune(r, r2); ok && dec != unicode.ReplacementChar {
						p.i += 6
						r = dec
					} else {
						r = unicode.ReplacementChar
					}
				}
				out = utf8.AppendRune(out, r)
			default:
				p.i--
				return "", p.fail("an escape")
			}
		}
	}
	return "", p.fail("a closing quote")
}

// hex4 reads the four hex digits of a \u escape.
func (p *jsonParser) hex4() (rune, bool) {
	if len(p.b)-p.i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range p.b[p.i : p.i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	p.i += 4
	return r, true
}

// peekEscapedRune reads a \uXXXX escape at p.i without moving past it.
func (p *jsonParser) peekEscapedRune() (rune, bool) {
	if len(p.b)-p.i < 6 || p.b[p.i] != '\\' || p.b[p.i+1] != 'u' {
		return 0, false
	}
	save := p.i
	p.i += 2
	r, ok := p.hex4()
	p.i = save
	return r, ok
}
