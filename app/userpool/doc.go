// Package userpool holds what a Cognito client and a Cognito-compatible user
// pool must agree on: the password policy and its rules, Cognito's exception
// names, the challenge names, the issuer URL of a pool's tokens and the JSON
// Web Key a pool publishes.
//
// It imports only the standard library, so the local pool (localpool) and the
// client (app/cognito, app/token) share these facts without the pool pulling
// in the AWS SDK. Each fact lives here once: the client checks a password
// with [PasswordPolicy.Check] before sending it, and the pool enforces the
// same rules.
package userpool
