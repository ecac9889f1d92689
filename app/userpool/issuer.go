package userpool

import "strings"

// Endpoint is the URL of Cognito's user-pool API in region, which is also
// the base of its pools' issuer URLs.
func Endpoint(region string) string {
	return "https://cognito-idp." + region + ".amazonaws.com"
}

// Issuer is the iss claim of the tokens of pool userPoolID served at base:
// Endpoint(region) for AWS, or a local pool's URL. Its JWKS is at
// Issuer + JWKSPath.
func Issuer(base, userPoolID string) string {
	return strings.TrimSuffix(base, "/") + "/" + userPoolID
}

// Paths under an issuer URL that a pool publishes.
const (
	JWKSPath         = "/.well-known/jwks.json"
	OpenIDConfigPath = "/.well-known/openid-configuration"
)
