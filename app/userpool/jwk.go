package userpool

import (
	"crypto/rsa"
	"encoding/base64"
	"math/big"
)

// JWKS is a JSON Web Key Set, as a user pool publishes at
// <issuer>/.well-known/jwks.json.
type JWKS struct {
	Keys []JWK `json:"keys"`
}

// JWK is one key of a JWKS, with the fields Cognito publishes.
type JWK struct {
	Alg string `json:"alg"`
	E   string `json:"e"`
	Kid string `json:"kid"`
	Kty string `json:"kty"`
	N   string `json:"n"`
	Use string `json:"use"`
}

// PublicJWK returns the JWK that publishes pub as the RS256 signing key kid.
func PublicJWK(kid string, pub *rsa.PublicKey) JWK {
	return JWK{
		Alg: "RS256",
		E:   base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		Kid: kid,
		Kty: "RSA",
		N:   base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		Use: "sig",
	}
}
