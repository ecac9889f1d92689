package token

import (
	"encoding/base64"
	"fmt"
	"math"
	"strings"
	"time"
)

// MaxTokenLength bounds the size of a token Decode and Verify accept. Cognito
// tokens are a few kilobytes, even with many groups and custom attributes.
const MaxTokenLength = 16 << 10

// Decoded is a JWT's content, read without verification.
type Decoded struct {
	Raw    string
	Header map[string]any
	Claims map[string]any
	// IssuedAt, ExpiresAt, AuthTime and NotBefore are the iat, exp,
	// auth_time and nbf claims; each is zero when the claim is absent.
	IssuedAt, ExpiresAt, AuthTime, NotBefore time.Time
}

// Decode parses a JWT in compact serialization without verifying it, for
// inspection. It fails with a [*VerifyError] matching [ErrMalformed].
func Decode(raw string) (*Decoded, error) {
	if len(raw) > MaxTokenLength {
		return nil, malformed("token is %d bytes, more than %d", len(raw), MaxTokenLength)
	}
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, malformed("token has %d dot-separated parts, want 3", len(parts))
	}
	d := &Decoded{Raw: raw}
	if err := decodeSegment("header", parts[0], &d.Header); err != nil {
		return nil, err
	}
	if err := decodeSegment("payload", parts[1], &d.Claims); err != nil {
		return nil, err
	}
	for _, c := range []struct {
		name string
		dst  *time.Time
	}{{"iat", &d.IssuedAt}, {"exp", &d.ExpiresAt}, {"auth_time", &d.AuthTime}, {"nbf", &d.NotBefore}} {
		t, err := d.numericDate(c.name)
		if err != nil {
			return nil, err
		}
		*c.dst = t
	}
	return d, nil
}

// String returns the named claim when it is a string, and "" otherwise.
func (d *Decoded) String(claim string) string {
	s, _ := d.Claims[claim].(string)
	return s
}

// Strings returns the named claim as a list: a string claim becomes a list of
// one (as aud may be), an array keeps its string elements.
func (d *Decoded) Strings(claim string) []string {
	switch v := d.Claims[claim].(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func decodeSegment(name, seg string, dst *map[string]any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return malformed("%s is not base64url: %v", name, err)
	}
	m, err := parseObject(b)
	if err != nil {
		return malformed("%s is not a JSON object: %v", name, err)
	}
	*dst = m
	return nil
}

// numericDate reads a NumericDate claim (seconds since the epoch).
func (d *Decoded) numericDate(claim string) (time.Time, error) {
	v, ok := d.Claims[claim]
	if !ok {
		return time.Time{}, nil
	}
	f, ok := v.(float64)
	if !ok || math.IsNaN(f) || math.Abs(f) > 1<<53 {
		return time.Time{}, malformed("claim %s is not a number of seconds", claim)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
}

func malformed(format string, args ...any) error {
	return &VerifyError{Check: "format", Err: fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, args...)...)}
}
