package localpool

import (
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// schemaAttribute is SchemaAttributeType: one attribute of a pool's schema.
// Custom attributes are stored with their "custom:" prefix, as
// DescribeUserPool names them.
type schemaAttribute struct {
	Name                       string                      `json:"Name"`
	AttributeDataType          string                      `json:"AttributeDataType"`
	DeveloperOnlyAttribute     bool                        `json:"DeveloperOnlyAttribute"`
	Mutable                    bool                        `json:"Mutable"`
	Required                   bool                        `json:"Required"`
	NumberAttributeConstraints *NumberAttributeConstraints `json:"NumberAttributeConstraints,omitempty"`
	StringAttributeConstraints *StringAttributeConstraints `json:"StringAttributeConstraints,omitempty"`
}

// NumberAttributeConstraints and StringAttributeConstraints bound an
// attribute's values; they travel as strings, as in Cognito's API.
type NumberAttributeConstraints struct {
	MinValue string `json:"MinValue,omitempty"`
	MaxValue string `json:"MaxValue,omitempty"`
}

type StringAttributeConstraints struct {
	MinLength string `json:"MinLength,omitempty"`
	MaxLength string `json:"MaxLength,omitempty"`
}

// SchemaAttribute describes one attribute in CreateUserPool's Schema,
// AddCustomAttributes and a seed Config (SchemaAttributeType). A custom
// attribute is named without its "custom:" prefix; Mutable left out means
// true.
type SchemaAttribute struct {
	Name                       string
	AttributeDataType          string
	DeveloperOnlyAttribute     bool
	Mutable                    *bool
	Required                   bool
	NumberAttributeConstraints *NumberAttributeConstraints
	StringAttributeConstraints *StringAttributeConstraints
}

const (
	maxCustomAttributes = 50
	maxCustomNameLength = 20
	maxAttributeLength  = 2048
)

var attributeDataTypes = []string{"String", "Number", "DateTime", "Boolean"}

// numberPattern is a plain decimal: no exponent, so a value like 1e999999999
// cannot make the pool compute a huge number.
var numberPattern = regexp.MustCompile(`^[+-]?[0-9]{1,30}(\.[0-9]{1,10})?$`)

func parseNumber(s string) (*big.Rat, bool) {
	if !numberPattern.MatchString(s) {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}

// standardSchema is the schema every pool starts with: the OpenID Connect
// attributes, sub, and the two verification flags.
func standardSchema() []schemaAttribute {
	schema := make([]schemaAttribute, 0, len(standardAttributes)+1)
	for _, name := range append([]string{"sub"}, standardAttributes...) {
		a := schemaAttribute{Name: name, AttributeDataType: "String", Mutable: true,
			StringAttributeConstraints: &StringAttributeConstraints{MinLength: "0", MaxLength: strconv.Itoa(maxAttributeLength)}}
		switch name {
		case "sub":
			a.Mutable, a.Required = false, true
			a.StringAttributeConstraints.MinLength = "1"
		case "email_verified", "phone_number_verified":
			a.AttributeDataType, a.StringAttributeConstraints = "Boolean", nil
		case "updated_at":
			a.AttributeDataType, a.StringAttributeConstraints = "Number", nil
			a.NumberAttributeConstraints = &NumberAttributeConstraints{MinValue: "0"}
		}
		schema = append(schema, a)
	}
	return schema
}

// schema returns the pool's schema; pools stored before schemas have the standard one.
func (p *userPool) schema() []schemaAttribute {
	if len(p.SchemaAttributes) == 0 {
		return standardSchema()
	}
	return p.SchemaAttributes
}

func (p *userPool) schemaAttr(name string) (schemaAttribute, bool) {
	schema := p.schema()
	i := slices.IndexFunc(schema, func(a schemaAttribute) bool { return a.Name == name })
	if i < 0 {
		return schemaAttribute{}, false
	}
	return schema[i], true
}

// buildSchema applies CreateUserPool's Schema to the standard schema: a
// standard name changes that attribute's settings, any other name adds a
// custom attribute.
func buildSchema(in []SchemaAttribute) ([]schemaAttribute, error) {
	schema := standardSchema()
	var custom []SchemaAttribute
	for _, a := range in {
		i := slices.IndexFunc(schema, func(s schemaAttribute) bool { return s.Name == a.Name })
		if i < 0 {
			custom = append(custom, a)
			continue
		}
		if a.Name == "sub" || strings.HasSuffix(a.Name, "_verified") {
			return nil, errInvalidParameter("The attribute %s cannot be changed in the schema.", a.Name)
		}
		if a.AttributeDataType != "" && a.AttributeDataType != schema[i].AttributeDataType {
			return nil, errInvalidParameter("The attribute %s must have data type %s.", a.Name, schema[i].AttributeDataType)
		}
		schema[i].Required = a.Required
		if a.Mutable != nil {
			schema[i].Mutable = *a.Mutable
		}
		if c := a.StringAttributeConstraints; c != nil && schema[i].StringAttributeConstraints != nil {
			if err := checkLengths(a.Name, c); err != nil {
				return nil, err
			}
			schema[i].StringAttributeConstraints = withDefaultLengths(c)
		}
	}
	return addCustom(schema, custom)
}

// addCustom adds custom attributes to a schema (CreateUserPool and AddCustomAttributes).
func addCustom(schema []schemaAttribute, in []SchemaAttribute) ([]schemaAttribute, error) {
	count := 0
	for _, a := range schema {
		if strings.HasPrefix(a.Name, "custom:") {
			count++
		}
	}
	for _, a := range in {
		name := strings.TrimPrefix(a.Name, "custom:")
		switch {
		case name == "" || utf8.RuneCountInString(name) > maxCustomNameLength:
			return nil, errInvalidParameter("A custom attribute name must have 1 to %d characters.", maxCustomNameLength)
		case strings.ContainsAny(name, ": \t\r\n\x00"):
			return nil, errInvalidParameter("A custom attribute name cannot contain colons or whitespace.")
		case a.AttributeDataType == "":
			a.AttributeDataType = "String"
		case !slices.Contains(attributeDataTypes, a.AttributeDataType):
			return nil, errInvalidParameter("AttributeDataType must be String, Number, DateTime or Boolean.")
		}
		if a.Required {
			return nil, errInvalidParameter("Required custom attributes are not supported currently.")
		}
		full := "custom:" + name
		if slices.ContainsFunc(schema, func(s schemaAttribute) bool { return s.Name == full }) {
			return nil, errInvalidParameter("Existing attribute already has name %s.", full)
		}
		if count++; count > maxCustomAttributes {
			return nil, apiError("LimitExceededException", "A user pool can have at most %d custom attributes.", maxCustomAttributes)
		}
		// UNSURE: Cognito's default for an omitted Mutable; the console and
		// the CDK default to mutable, so the pool does too.
		attr := schemaAttribute{Name: full, AttributeDataType: a.AttributeDataType, DeveloperOnlyAttribute: a.DeveloperOnlyAttribute,
			Mutable: a.Mutable == nil || *a.Mutable}
		switch a.AttributeDataType {
		case "String":
			c := a.StringAttributeConstraints
			if c == nil {
				c = &StringAttributeConstraints{}
			}
			if err := checkLengths(full, c); err != nil {
				return nil, err
			}
			attr.StringAttributeConstraints = withDefaultLengths(c)
		case "Number":
			if c := a.NumberAttributeConstraints; c != nil {
				lo, hi, err := numberBounds(full, c)
				if err != nil {
					return nil, err
				}
				if lo != nil && hi != nil && lo.Cmp(hi) > 0 {
					return nil, errInvalidParameter("MinValue of %s is greater than its MaxValue.", full)
				}
				attr.NumberAttributeConstraints = c
			}
		}
		schema = append(schema, attr)
	}
	return schema, nil
}

func withDefaultLengths(c *StringAttributeConstraints) *StringAttributeConstraints {
	out := *c
	if out.MinLength == "" {
		out.MinLength = "0"
	}
	if out.MaxLength == "" {
		out.MaxLength = strconv.Itoa(maxAttributeLength)
	}
	return &out
}

// lengths parses string constraints already checked by checkLengths.
func lengths(c *StringAttributeConstraints) (lo, hi int) {
	lo, _ = strconv.Atoi(withDefaultLengths(c).MinLength)
	hi, _ = strconv.Atoi(withDefaultLengths(c).MaxLength)
	return lo, hi
}

func checkLengths(name string, c *StringAttributeConstraints) error {
	c = withDefaultLengths(c)
	lo, err1 := strconv.Atoi(c.MinLength)
	hi, err2 := strconv.Atoi(c.MaxLength)
	if err1 != nil || err2 != nil || lo < 0 || hi > maxAttributeLength || lo > hi {
		return errInvalidParameter("The length constraints of %s must be whole numbers with 0 <= MinLength <= MaxLength <= %d.", name, maxAttributeLength)
	}
	return nil
}

func numberBounds(name string, c *NumberAttributeConstraints) (lo, hi *big.Rat, err error) {
	parse := func(s string) (*big.Rat, error) {
		if s == "" {
			return nil, nil
		}
		r, ok := parseNumber(s)
		if !ok {
			return nil, errInvalidParameter("The number constraints of %s must be numbers.", name)
		}
		return r, nil
	}
	if lo, err = parse(c.MinValue); err != nil {
		return nil, nil, err
	}
	hi, err = parse(c.MaxValue)
	return lo, hi, err
}

// Attribute write kinds: creating a user may set immutable attributes,
// later updates may not.
const (
	writeCreate = iota
	writeUpdate
)

// checkWritable rejects attributes a caller may not set: names outside the
// pool's schema, values that break the schema, immutable attributes after
// creation, and (for users themselves, not admins) the verification flags.
func (p *userPool) checkWritable(attrs []attribute, admin bool, kind int) error {
	for _, a := range attrs {
		name := a.Name
		if name == "sub" {
			return errInvalidParameter("Cannot modify the non-mutable attribute sub.")
		}
		if !admin && strings.HasSuffix(name, "_verified") {
			return errNotAuthorized("A client attempted to write unauthorized attribute")
		}
		s, ok := p.schemaAttr(name)
		if !ok {
			return errInvalidParameter("Attribute does not exist in the schema.")
		}
		if s.DeveloperOnlyAttribute && !admin {
			// Only the pool's administrators may write developer-only attributes.
			return errNotAuthorized("A client attempted to write unauthorized attribute")
		}
		if kind == writeUpdate && !s.Mutable {
			return errInvalidParameter("Cannot modify the non-mutable attribute %s.", name)
		}
		if err := s.checkValue(a.Value); err != nil {
			return err
		}
		if name == "email" && !emailPattern.MatchString(a.Value) {
			return errInvalidParameter("Invalid email address format.")
		}
	}
	return nil
}

// checkValue checks a value against the attribute's type and constraints.
// UNSURE: Cognito's exact wording for these refusals; the messages follow
// its "Invalid user attributes: <name>: <reason>" shape.
func (s schemaAttribute) checkValue(v string) error {
	invalid := func(reason string, args ...any) error {
		return errInvalidParameter("Invalid user attributes: %s: "+reason, append([]any{s.Name}, args...)...)
	}
	switch s.AttributeDataType {
	case "String":
		if c := s.StringAttributeConstraints; c != nil {
			lo, hi := lengths(c)
			if n := utf8.RuneCountInString(v); n < lo || n > hi {
				return invalid("The value must have %d to %d characters.", lo, hi)
			}
		}
	case "Number":
		r, ok := parseNumber(v)
		if !ok {
			return invalid("The value must be a number.")
		}
		if c := s.NumberAttributeConstraints; c != nil {
			lo, hi, _ := numberBounds(s.Name, c)
			if (lo != nil && r.Cmp(lo) < 0) || (hi != nil && r.Cmp(hi) > 0) {
				return invalid("The value must be between %s and %s.", c.MinValue, c.MaxValue)
			}
		}
	case "Boolean":
		if v != "true" && v != "false" {
			return invalid("The value must be true or false.")
		}
	}
	return nil
}

// checkRequired refuses a new user who lacks an attribute the schema requires.
func (p *userPool) checkRequired(u *userRecord) error {
	for _, s := range p.schema() {
		if s.Required && s.Name != "sub" && u.attr(s.Name) == "" {
			return errInvalidParameter("Attributes did not conform to the schema: %s: The attribute is required", s.Name)
		}
	}
	return nil
}

type addCustomAttributesInput struct {
	UserPoolId       string
	CustomAttributes []SchemaAttribute
}

func addCustomAttributes(c *call, in *addCustomAttributesInput) (any, error) {
	if len(in.CustomAttributes) == 0 || len(in.CustomAttributes) > 25 {
		return nil, errInvalidParameter("1 validation error detected: Value at 'customAttributes' failed to satisfy constraint: Member must have length between 1 and 25")
	}
	return nil, c.updatePool(in.UserPoolId, func(p *poolTx) error {
		pool, err := p.pool()
		if err != nil {
			return err
		}
		if pool.SchemaAttributes, err = addCustom(pool.schema(), in.CustomAttributes); err != nil {
			return err
		}
		pool.LastModifiedDate = epochTime(c.now)
		return p.putPool(pool)
	})
}
