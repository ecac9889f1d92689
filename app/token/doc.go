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
// A token is parsed once, by a JSON reader that accepts exactly what
// encoding/json accepts (a fuzz test compares the two) in a fraction of its
// time. The RS256 signature is checked over the segments as sent with
// filippo.io/bigmod, the arithmetic crypto/rsa is built on: crypto/rsa
// offers no way to keep a public key's Montgomery setup between calls, so
// the key is set up once, when the JWKS is read, and tests compare each
// verdict with crypto/rsa's. A Verifier remembers the tokens it verified, by
// their SHA-256, until they expire, so verifying the same token again (as an
// app does on every call) skips the signature but still checks the time,
// the token_use and app client asked for, and whether its session was
// signed out ([Verifier.Revoke]).
//
// Failures are reported as [*VerifyError], whose Check field names the check
// that failed and which matches the package's sentinel errors through
// [errors.Is].
//
// The package works in the browser (GOOS=js): a nil Config.HTTPClient means a
// plain &http.Client{}, which Go's js/wasm port serves through fetch.
package token
