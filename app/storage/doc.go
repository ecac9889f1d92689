// Package storage keeps a signed-in session between page loads and command
// invocations.
//
// A [Store] is a string key-value store: [Memory] in any build, the browser's
// localStorage and sessionStorage (NewLocalStorage and NewSessionStorage,
// GOOS=js only) and a JSON [File] for the command line (native only).
//
// [SaveSession], [LoadSession] and [ClearSession] use the key names of
// amazon-cognito-identity-js, which Amplify v6 keeps:
//
//	CognitoIdentityServiceProvider.<clientId>.LastAuthUser
//	CognitoIdentityServiceProvider.<clientId>.<username>.idToken
//	CognitoIdentityServiceProvider.<clientId>.<username>.accessToken
//	CognitoIdentityServiceProvider.<clientId>.<username>.refreshToken
//	CognitoIdentityServiceProvider.<clientId>.<username>.clockDrift
//
// so a site moving from those libraries keeps its signed-in users, and they
// can read ours. The username in the keys is the one Cognito returns for the
// user (the USERNAME challenge parameter, which amazon-cognito-identity-js
// adopts after sign-in), not necessarily what the user typed: for a pool
// signing in with an email alias it is the user's internal username.
//
// clockDrift follows amazon-cognito-identity-js: whole seconds, local time
// minus the tokens' iat. Amplify v6 writes the same key in milliseconds and
// with the opposite sign (iat minus local time), so a drift read from an
// Amplify v6 session is wrong in scale; it is a hint, and callers should
// recompute it from the tokens when it matters.
package storage
