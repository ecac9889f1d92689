// Package token decodes and verifies the JSON Web Tokens that an Amazon Cognito
// user pool issues.
//
// [Decode] reads any JWT for inspection without checking it. A [Verifier]
// checks a Cognito ID or access token the way the Cognito documentation asks:
// an RS256 signature by a key from the pool's JWKS
// (<issuer>/.well-known/jwks.json), the issuer, the token_use claim, the app
// client (aud for ID tokens, client_id for access tokens) and the exp and iat
// times with a small leeway. Any other algorithm, including "none" and HS256,
// is refused.
//
// Failures are reported as [*VerifyError], whose Check field names the check
// that failed and which matches the package's sentinel errors through
// [errors.Is].
//
// The package works in the browser (GOOS=js): a nil Config.HTTPClient means a
// plain &http.Client{}, which Go's js/wasm port serves through fetch.
package token
