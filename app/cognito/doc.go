// Package cognito signs users in to an Amazon Cognito user pool and keeps
// their session: sign-up, step-based sign-in (SRP by default), verified and
// refreshed tokens, and the account calls a signed-in user can make.
//
// The same code runs natively and in the browser (GOOS=js): requests go
// through a plain net/http client, which Go's js/wasm port sends with fetch,
// and the SDK signs nothing, since the user-pool API authenticates with the
// user's tokens. Only the ADMIN_USER_PASSWORD_AUTH flow, which needs AWS
// credentials, is native-only.
//
// Sign-in never exposes Cognito's challenge maps. SignIn returns either a
// *Session or a *NextStep saying what the user must do next, named as
// Amplify v6 names its sign-in steps (choose a new password, enter an MFA
// code...). Client.ConfirmSignIn answers every such step with an Answer, as
// Amplify's confirmSignIn does, until the sign-in ends in a Session. Each
// Cognito challenge is handled in a file of its own (challenge_<name>.go),
// listed in one table; the ones that need no user, such as SRP's
// PASSWORD_VERIFIER, are answered without a step.
//
// MFA follows the same steps: a code (StepSMSCode, StepEmailCode,
// StepTOTPCode), a choice (StepMFASelection), or, where the pool requires MFA
// and the user has none, its setup (StepMFASetupSelection, StepTOTPSetup
// with the secret and Amplify's otpauth URI, StepEmailSetup). A signed-in
// user manages MFA with Session.SetUpTOTP, VerifyTOTPSetup, MFAPreference
// and SetMFAPreference. Where the pool tracks devices, a sign-in confirms
// the new device (ConfirmDevice with an SRP verifier of a random device
// secret) and keeps its keys as amazon-cognito-identity-js does (deviceKey,
// deviceGroupKey, randomPasswordKey); a remembered device then proves
// itself with device SRP, which may stand in for MFA. A device the pool
// forgot is dropped and the sign-in retried, as Amplify does.
//
// Tokens enter a session only through Client.AdoptTokens, whatever their
// source: a sign-in here, the hosted UI's /oauth2/token answer. It checks
// them with the pool's JWKS before they are trusted, and stores them with
// the key names amazon-cognito-identity-js and Amplify use, so sessions move
// between them in both directions.
//
// Every error Cognito returns arrives as an *Error carrying Cognito's
// exception name. Compare it with errors.Is against the Err sentinels; the
// words shown to a user are the UI's business (package ui has them). Network
// failures are not *Error values.
package cognito
