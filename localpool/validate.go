package localpool

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

//go:generate go run ./internal/modelgen

// The input check: before an operation runs, its request is checked against
// the AWS API model (model_gen.go, generated from botocore's cognito-idp
// model), as Cognito does. Every member of every operation of the model is
// covered, so an operation added to the dispatch table is checked without
// further work.

type shapeKind uint8

const (
	kindStructure shapeKind = iota
	kindList
	kindMap
	kindString
	kindInteger
	kindNumber
	kindBoolean
	kindTimestamp
	kindBlob
	kindDocument
)

type modelPattern struct {
	text string         // as the model and AWS's messages write it
	re   *regexp.Regexp // the same language, anchored, in RE2
}

type modelMember struct {
	name     string
	shape    int
	required bool
}

type modelShape struct {
	name           string
	kind           shapeKind
	min, max       int64 // length of strings, blobs, lists and maps; value of numbers
	hasMin, hasMax bool
	pattern        *modelPattern
	enum           []string
	sensitive      bool
	members        []modelMember // structures
	elem           int           // lists
	key, value     int           // maps
}

// errSerialization answers a body that is not JSON of the operation's shape.
func errSerialization() *Error {
	return apiError("SerializationException", "The request body is not valid JSON for this operation.")
}

// checkInput checks body against the model's input shape of operation op and
// returns the body the operation should decode: only the members the model
// names, spelled exactly as it spells them.
//
// Member names are case-sensitive, as in Cognito's JSON protocol: a member
// the model does not name, "authflow" for "AuthFlow" among them, is dropped,
// so a required member sent in the wrong case is missing. UNSURE: Cognito's
// answer to unknown members is not documented; AWS's JSON services ignore
// them (clients may be newer than the service), and a required member spelled
// in the wrong case is then refused as missing. That is what this does.
func checkInput(op string, body []byte) ([]byte, *Error) {
	idx, ok := modelOperations[op]
	if !ok {
		return body, nil
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 || string(body) == "null" {
		body = []byte("{}")
	}
	var c checker
	out, err := c.check(&modelShapes[idx], body, "")
	if err != nil {
		return nil, err
	}
	if len(c.violations) > 0 {
		noun := "errors"
		if len(c.violations) == 1 {
			noun = "error"
		}
		return nil, errInvalidParameter("%d validation %s detected: %s", len(c.violations), noun, strings.Join(c.violations, "; "))
	}
	if out == nil {
		out = []byte("{}")
	}
	return out, nil
}

// invoke runs operation op on in as if in had come over the wire, checked
// against the model first, so the hosted UI's forms meet the constraints of
// API calls. Empty strings in in mean absent, as Go's zero values do.
func (c *call) invoke(op string, in any) (any, error) {
	body, err := checkValue(op, in)
	if err != nil {
		return nil, err
	}
	return operations[op](c, body)
}

// checkValue checks in, the input of operation op, against the model as
// if it had come over the wire, and returns it as the body op decodes.
// Empty strings, zeros and false in in's own members mean absent, as Go's
// zero values do; zeros and false still reach op (a *int may point to 0).
func checkValue(op string, in any) ([]byte, error) {
	raw, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	var fields map[string]any
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, err
	}
	zeros := map[string]any{}
	for k, v := range fields {
		switch v {
		case nil, "":
			delete(fields, k)
		case 0.0, false:
			zeros[k] = v
			delete(fields, k)
		}
	}
	if raw, err = json.Marshal(fields); err != nil {
		return nil, err
	}
	body, invalid := checkInput(op, raw)
	if invalid != nil {
		return nil, invalid
	}
	if len(zeros) == 0 {
		return body, nil
	}
	var checked map[string]any
	if err := json.Unmarshal(body, &checked); err != nil {
		return nil, err
	}
	maps.Copy(checked, zeros)
	return json.Marshal(checked)
}

// isValidationError reports whether err is a refusal by the model check.
func isValidationError(err *Error) bool {
	return err.Type == "InvalidParameterException" && strings.Contains(err.Message, " detected: Value ")
}

type checker struct {
	violations []string
}

// violation records one failed constraint in AWS's words. value is the JSON
// of the member, or nil when it is missing.
func (c *checker) violation(s *modelShape, path string, value json.RawMessage, constraint string) {
	var v string
	switch {
	case s.sensitive || (value != nil && hidden(s)):
		// AWS never echoes sensitive members (passwords, tokens, usernames),
		// nor a list or structure that holds one. UNSURE: it is taken to leave
		// out "null" for a missing sensitive member too.
		v = "Value"
	case value == nil:
		v = "Value null"
	default:
		v = "Value '" + display(s, value) + "'"
	}
	c.violations = append(c.violations, v+" at '"+path+"' failed to satisfy constraint: "+constraint)
}

// check validates raw against s and returns it with unknown members removed;
// nil means absent. A value of the wrong JSON type is a SerializationException.
func (c *checker) check(s *modelShape, raw json.RawMessage, path string) (json.RawMessage, *Error) {
	if isNull(raw) {
		return nil, nil
	}
	switch s.kind {
	case kindStructure:
		return c.structure(s, raw, path)
	case kindList:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, errSerialization()
		}
		c.size(s, raw, path, len(items))
		out := make([]json.RawMessage, 0, len(items))
		elem := &modelShapes[s.elem]
		for i, it := range items {
			p := path + "." + strconv.Itoa(i+1) + ".member"
			v, err := c.check(elem, it, p)
			if err != nil {
				return nil, err
			}
			if v == nil {
				c.violation(elem, p, nil, "Member must not be null")
				continue
			}
			out = append(out, v)
		}
		return marshal(out)
	case kindMap:
		return c.mapValue(s, raw, path)
	case kindString:
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, errSerialization()
		}
		// UNSURE: Smithy counts a string's length in Unicode code points; AWS's
		// Java services may count UTF-16 units. They differ only above U+FFFF.
		c.size(s, raw, path, utf8.RuneCountInString(v))
		for _, f := range stringFailures(s, v) {
			c.violation(s, path, raw, f)
		}
		return raw, nil
	case kindInteger, kindNumber, kindTimestamp:
		n, err := number(s.kind, raw)
		if err != nil {
			return nil, err
		}
		if s.hasMax && n > float64(s.max) {
			c.violation(s, path, raw, fmt.Sprintf("Member must have value less than or equal to %d", s.max))
		}
		if s.hasMin && n < float64(s.min) {
			c.violation(s, path, raw, fmt.Sprintf("Member must have value greater than or equal to %d", s.min))
		}
		return raw, nil
	case kindBoolean:
		var v bool
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, errSerialization()
		}
		return raw, nil
	case kindBlob:
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, errSerialization()
		}
		b, berr := base64.StdEncoding.DecodeString(v)
		if berr != nil {
			return nil, errSerialization()
		}
		c.size(s, raw, path, len(b))
		return raw, nil
	default: // kindDocument: any JSON
		return raw, nil
	}
}

func (c *checker) structure(s *modelShape, raw json.RawMessage, path string) (json.RawMessage, *Error) {
	var fields map[string]json.RawMessage
	if !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) || json.Unmarshal(raw, &fields) != nil {
		return nil, errSerialization()
	}
	var out bytes.Buffer
	out.WriteByte('{')
	for _, m := range s.members {
		ms := &modelShapes[m.shape]
		p := memberPath(path, m.name)
		v, err := c.check(ms, fields[m.name], p)
		if err != nil {
			return nil, err
		}
		if v == nil {
			if m.required {
				c.violation(ms, p, nil, "Member must not be null")
			}
			continue
		}
		if out.Len() > 1 {
			out.WriteByte(',')
		}
		name, _ := json.Marshal(m.name)
		out.Write(name)
		out.WriteByte(':')
		out.Write(v)
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

// mapValue checks a map. AWS reports keys and values that break their shape's
// constraints once per map, quoting all of the constraints.
func (c *checker) mapValue(s *modelShape, raw json.RawMessage, path string) (json.RawMessage, *Error) {
	var entries map[string]json.RawMessage
	if !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) || json.Unmarshal(raw, &entries) != nil {
		return nil, errSerialization()
	}
	c.size(s, raw, path, len(entries))
	keyShape, valueShape := &modelShapes[s.key], &modelShapes[s.value]
	keys := make([]string, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	badKey, badValue := false, false
	out := make(map[string]json.RawMessage, len(entries))
	for _, k := range keys {
		if len(stringFailures(keyShape, k)) > 0 || lengthFailure(keyShape, int64(utf8.RuneCountInString(k))) != "" {
			badKey = true
		}
		v := entries[k]
		if isNull(v) {
			continue
		}
		if valueShape.kind == kindString {
			var sv string
			if err := json.Unmarshal(v, &sv); err != nil {
				return nil, errSerialization()
			}
			if len(stringFailures(valueShape, sv)) > 0 || lengthFailure(valueShape, int64(utf8.RuneCountInString(sv))) != "" {
				badValue = true
			}
			out[k] = v
			continue
		}
		cv, err := c.check(valueShape, v, path+"."+k)
		if err != nil {
			return nil, err
		}
		out[k] = cv
	}
	if badKey {
		c.violation(s, path, raw, "Map keys must satisfy constraint: ["+strings.Join(constraints(keyShape), ", ")+"]")
	}
	if badValue {
		c.violation(s, path, raw, "Map value must satisfy constraint: ["+strings.Join(constraints(valueShape), ", ")+"]")
	}
	return marshal(out)
}

// size checks the length of a string, blob, list or map.
func (c *checker) size(s *modelShape, raw json.RawMessage, path string, n int) {
	if f := lengthFailure(s, int64(n)); f != "" {
		c.violation(s, path, raw, f)
	}
}

func lengthFailure(s *modelShape, n int64) string {
	switch {
	case s.hasMax && n > s.max:
		return fmt.Sprintf("Member must have length less than or equal to %d", s.max)
	case s.hasMin && n < s.min:
		return fmt.Sprintf("Member must have length greater than or equal to %d", s.min)
	}
	return ""
}

// stringFailures are the pattern and enum constraints v breaks.
func stringFailures(s *modelShape, v string) []string {
	var out []string
	if s.pattern != nil && !s.pattern.re.MatchString(v) {
		out = append(out, "Member must satisfy regular expression pattern: "+s.pattern.text)
	}
	if len(s.enum) > 0 && !slices.Contains(s.enum, v) {
		out = append(out, "Member must satisfy enum value set: ["+strings.Join(s.enum, ", ")+"]")
	}
	return out
}

// constraints lists every constraint of a scalar shape in AWS's words.
func constraints(s *modelShape) []string {
	var out []string
	if s.hasMax {
		out = append(out, fmt.Sprintf("Member must have length less than or equal to %d", s.max))
	}
	if s.hasMin {
		out = append(out, fmt.Sprintf("Member must have length greater than or equal to %d", s.min))
	}
	if s.pattern != nil {
		out = append(out, "Member must satisfy regular expression pattern: "+s.pattern.text)
	}
	if len(s.enum) > 0 {
		out = append(out, "Member must satisfy enum value set: ["+strings.Join(s.enum, ", ")+"]")
	}
	return out
}

func number(kind shapeKind, raw json.RawMessage) (float64, *Error) {
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil || !bytes.ContainsAny(raw[:1], "-0123456789") {
		return 0, errSerialization()
	}
	if kind == kindInteger {
		i, perr := strconv.ParseInt(n.String(), 10, 64)
		if perr != nil {
			return 0, errSerialization()
		}
		return float64(i), nil
	}
	f, ferr := n.Float64()
	if ferr != nil {
		return 0, errSerialization()
	}
	return f, nil
}

func isNull(raw json.RawMessage) bool {
	return raw == nil || string(bytes.TrimSpace(raw)) == "null"
}

// memberPath names a member as AWS's messages do: "userPoolId",
// "userAttributes.1.member.name". UNSURE: for names that start with an
// acronym ("MFAOptions") only the first letter is lowered.
func memberPath(parent, name string) string {
	r, n := utf8.DecodeRuneInString(name)
	name = strings.ToLower(string(r)) + name[n:]
	if parent == "" {
		return name
	}
	return parent + "." + name
}

// hidden reports whether a shape is or holds a sensitive shape, whose value
// AWS leaves out of its messages.
func hidden(s *modelShape) bool {
	return hiddenShape[s.name]
}

var hiddenShape = func() map[string]bool {
	out := map[string]bool{}
	var visit func(i int, seen map[int]bool) bool
	visit = func(i int, seen map[int]bool) bool {
		s := &modelShapes[i]
		if s.sensitive {
			return true
		}
		if seen[i] {
			return false
		}
		seen[i] = true
		switch s.kind {
		case kindList:
			return visit(s.elem, seen)
		case kindMap:
			return visit(s.key, seen) || visit(s.value, seen)
		case kindStructure:
			for _, m := range s.members {
				if visit(m.shape, seen) {
					return true
				}
			}
		}
		return false
	}
	for i := range modelShapes {
		if visit(i, map[int]bool{}) {
			out[modelShapes[i].name] = true
		}
	}
	return out
}()

// display writes a value as AWS's (Java) messages do: strings bare, lists
// as [a, b], maps as {k=v}.
func display(s *modelShape, raw json.RawMessage) string {
	switch s.kind {
	case kindString, kindBlob:
		var v string
		if json.Unmarshal(raw, &v) == nil {
			return v
		}
	case kindList:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) == nil {
			parts := make([]string, len(items))
			for i, it := range items {
				parts[i] = display(&modelShapes[s.elem], it)
			}
			return "[" + strings.Join(parts, ", ") + "]"
		}
	case kindMap:
		var entries map[string]json.RawMessage
		if json.Unmarshal(raw, &entries) == nil {
			keys := make([]string, 0, len(entries))
			for k := range entries {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			parts := make([]string, len(keys))
			for i, k := range keys {
				parts[i] = k + "=" + display(&modelShapes[s.value], entries[k])
			}
			return "{" + strings.Join(parts, ", ") + "}"
		}
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) == nil {
		return buf.String()
	}
	return string(raw)
}

// marshal re-encodes checked values; they came from valid JSON, so it cannot fail.
func marshal(v any) (json.RawMessage, *Error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, errSerialization()
	}
	return raw, nil
}
