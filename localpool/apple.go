package localpool

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Sign in with Apple: the client secret is an ES256 JWT the pool signs with
// the developer's key (team_id, key_id, private_key), as Apple documents in
// "Creating a client secret"; the user's name arrives only on the first
// sign-in, in the form_post field user.

// appleAudience is the aud Apple requires in a client secret.
const appleAudience = "https://appleid.apple.com"

// appleClientSecret signs a client secret valid for five minutes.
func appleClientSecret(d map[string]string, now time.Time) (string, error) {
	key, err := parseApplePrivateKey(d["private_key"])
	if err != nil {
		return "", err
	}
	claims := jwt.MapClaims{
		"iss": d["team_id"],
		"iat": now.Unix(),
		"exp": now.Add(5 * time.Minute).Unix(),
		"aud": appleAudience,
		"sub": d["client_id"],
	}
	t := jwt.NewWithClaims(jwt.SigningMethodES256, claims)
	t.Header["kid"] = d["key_id"]
	return t.SignedString(key)
}

// parseApplePrivateKey reads the .p8 file Apple hands out: a PKCS#8 P-256
// key in PEM, or the same without its PEM armour.
func parseApplePrivateKey(s string) (*ecdsa.PrivateKey, error) {
	der := []byte(nil)
	if block, _ := pem.Decode([]byte(strings.TrimSpace(s))); block != nil {
		der = block.Bytes
	} else {
		return nil, errors.New("private_key is not PEM")
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, err
	}
	ec, ok := k.(*ecdsa.PrivateKey)
	if !ok {
		return nil, errors.New("private_key is not an EC key")
	}
	return ec, nil
}

// addAppleUser adds the first sign-in's name (form field user:
// {"name":{"firstName","lastName"},"email"}) to the claims.
func addAppleUser(claims map[string]any, raw string) {
	if raw == "" || len(raw) > 4096 {
		return
	}
	var u struct {
		Name struct {
			FirstName string `json:"firstName"`
			LastName  string `json:"lastName"`
		} `json:"name"`
	}
	if json.Unmarshal([]byte(raw), &u) != nil {
		return
	}
	if u.Name.FirstName != "" {
		claims["firstName"] = u.Name.FirstName
	}
	if u.Name.LastName != "" {
		claims["lastName"] = u.Name.LastName
	}
	if full := strings.TrimSpace(u.Name.FirstName + " " + u.Name.LastName); full != "" {
		claims["name"] = full
	}
}
