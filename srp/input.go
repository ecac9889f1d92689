package srp

import (
	"encoding/base64"
	"math/big"
	"strconv"
)

// Input bounds. They are far above what Cognito sends and keep hostile
// input from costing more than one 3072-bit exponentiation.
const (
	maxHexLen           = 2 * (groupBytes + 128) // SRP_A, SRP_B, SALT
	maxSecretBlockBytes = 12 << 10
	maxSaltBytes        = 256
	maxVerifierBytes    = groupBytes + 1
	maxPrivateBytes     = 256  // a, b
	maxTextLen          = 4096 // password, Realm, Name
)

// parseHex parses a hex integer as amazon-cognito-identity-js does, which
// accepts a leading "-" (Cognito may send a negative SALT). Unlike it, any
// other non-hex character is an error rather than skipped.
func parseHex(op, name, s string) (*big.Int, error) {
	if len(s) > maxHexLen {
		return nil, invalid(op, name+" is longer than "+strconv.Itoa(maxHexLen)+" hex digits")
	}
	digits := s
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if digits == "" {
		return nil, invalid(op, name+" is empty")
	}
	for i := 0; i < len(digits); i++ {
		if !isHexDigit(digits[i]) {
			return nil, invalid(op, name+" is not hex")
		}
	}
	x, ok := new(big.Int).SetString(s, 16)
	if !ok {
		return nil, invalid(op, name+" is not hex")
	}
	return x, nil
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// decodeBase64 decodes standard padded base64 of at most maxBytes bytes;
// an empty value is an error.
func decodeBase64(op, name, s string, maxBytes int) ([]byte, error) {
	if len(s) > base64.StdEncoding.EncodedLen(maxBytes) {
		return nil, invalid(op, name+" is longer than "+strconv.Itoa(maxBytes)+" bytes")
	}
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, invalid(op, name+" is not base64")
	}
	if len(b) > maxBytes {
		return nil, invalid(op, name+" is longer than "+strconv.Itoa(maxBytes)+" bytes")
	}
	if len(b) == 0 {
		return nil, invalid(op, name+" is empty")
	}
	return b, nil
}

// checkText bounds a string that is hashed: a password, Realm or Name.
func checkText(op, name, s string) error {
	if len(s) > maxTextLen {
		return invalid(op, name+" is longer than "+strconv.Itoa(maxTextLen)+" bytes")
	}
	return nil
}

func checkIdentity(op string, id Identity, password string) error {
	if err := checkText(op, "Realm", id.Realm); err != nil {
		return err
	}
	if err := checkText(op, "Name", id.Name); err != nil {
		return err
	}
	return checkText(op, "password", password)
}
