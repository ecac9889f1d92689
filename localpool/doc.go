// Package localpool is an offline Amazon Cognito user pool: the same JSON API,
// wire format and tokens as the real service, so aws-sdk-go-v2,
// amazon-cognito-identity-js and Amplify work against it unchanged.
//
// A Server keeps its state in a bbolt file under Options.DataDir. Every
// change is one transaction, synced before the answer, so a restart (even
// after kill -9) loses no acknowledged write. Passwords are never stored:
// each user has an SRP salt and verifier, and USER_PASSWORD_AUTH checks a
// password by recomputing the verifier. A SECRET_BLOCK completes one sign-in
// and is valid only until the server restarts: a sign-in that spans a restart
// starts again.
//
// # HTTP surface
//
//	POST /                                   the Cognito API: X-Amz-Target: AWSCognitoIdentityProviderService.<Op>,
//	                                         Content-Type: application/x-amz-json-1.1
//	GET  /<poolId>/.well-known/jwks.json     the pool's two token signing keys
//	GET  /<poolId>/.well-known/openid-configuration
//	GET  /_local/inbox?username=…[&pool=…]   local only: the codes "sent" to a user
//	GET  /oauth2/authorize, POST /oauth2/token, GET|POST /oauth2/userInfo, POST /oauth2/revoke
//	GET  /login, /signup, /confirm, /forgotPassword, /confirmForgotPassword, /logout (and their POSTs)
//	                                         the hosted UI, for pools with a domain (see below)
//	GET  /oauth2/idpresponse, POST /saml2/idpresponse, GET|POST /saml2/logout
//	                                         identity providers' answers (federation)
//	     /_local/idp/…                       development pools only: the stand-in identity providers
//
// Errors are HTTP 400 with {"__type": "<Exception>", "message": "…"} and
// Cognito's exception names. Any origin may call the pool (CORS), except for
// the inbox, which other sites' pages must not read. Admin
// operations accept unsigned requests and SigV4 signatures by any credentials.
//
// # The local inbox
//
// Confirmation, password-reset and attribute-verification codes are 6 digits.
// They are "delivered" by logging them through Options.Logger and can be read
// back with GET /_local/inbox?username=NAME (pool defaults to the default
// pool; NAME may be the username or a sign-in email). The answer lists the
// user's pending messages, newest first:
//
//	{"userPoolId": "us-east-1_LocalPool", "username": "<internal username>",
//	 "messages": [{"purpose": "confirm_sign_up", "code": "123456", "attribute": "email",
//	               "destination": "ann@example.com", "sentAt": "…", "expiresAt": "…"}]}
//
// Purposes are confirm_sign_up (valid 24 h), forgot_password (1 h),
// verify_attribute (24 h), mfa (SMS_MFA and EMAIL_OTP codes, 3 minutes),
// sign_in (EMAIL_OTP and SMS_OTP first-factor codes, 3 minutes) and
// temporary_password (AdminCreateUser; its temporaryPassword is kept in
// memory only, never in the state file or the log). A code allows 5 wrong
// attempts and verifies only the address it was sent to; a user may be sent
// 5 codes an hour for each purpose, so attribute codes never use up password
// resets.
//
// # Attributes and aliases
//
// Each pool has a schema: the standard attributes and the custom ones of
// CreateUserPool's Schema and AddCustomAttributes (String, Number, DateTime
// or Boolean; Mutable; MinLength and MaxLength, MinValue and MaxValue). A
// name outside it answers "Attribute does not exist in the schema.", and a
// required attribute must be given at sign-up. Tokens carry custom
// attributes as strings. With AliasAttributes email, an address becomes a
// sign-in alias only when its user verifies it; ConfirmSignUp and
// AdminCreateUser take it from another user only with ForceAliasCreation,
// VerifyUserAttribute always (the verifier proved they read mail there).
// UpdateUserPool's UserAttributeUpdateSettings keeps a changed email or phone
// number pending, the old value in force, until the new one is verified.
//
// # MFA and remembered devices
//
// SetUserPoolMfaConfig turns on SMS, software token (TOTP: SHA-1, 6 digits,
// 30 s, the step before and after accepted, no code accepted twice) and
// email MFA. After the password, on every sign-in path, the pool asks for
// the user's preferred factor, their only one, a choice (SELECT_MFA_TYPE) or,
// when MFA is ON and the user has none, its setup (MFA_SETUP). Challenge
// sessions complete one step each, expire after the client's
// AuthSessionValidity and, like SECRET_BLOCKs, do not outlive a restart.
// With a DeviceConfiguration, sign-ins without DEVICE_KEY get
// NewDeviceMetadata; a confirmed, remembered device answers DEVICE_SRP_AUTH
// instead of MFA when ChallengeRequiredOnNewDevice is set.
//
// # Choice-based sign-in and passkeys
//
// InitiateAuth USER_AUTH (ESSENTIALS or PLUS pools, the default; clients
// with ALLOW_USER_AUTH) answers PREFERRED_CHALLENGE or SELECT_CHALLENGE,
// whose top-level AvailableChallenges lists the factors this user has among
// the pool's Policies.SignInPolicy.AllowedFirstAuthFactors: PASSWORD and
// PASSWORD_SRP (MFA follows as on the other paths), EMAIL_OTP and SMS_OTP
// (to a verified address only) and WEB_AUTHN (a registered passkey). An
// unknown user is offered what a password-only user is. Codes and passkeys
// are not offered where MFA is ON (a passkey is, with
// MULTI_FACTOR_WITH_USER_VERIFICATION), and are not followed by MFA.
// ConfirmSignUp returns a Session with which InitiateAuth USER_AUTH signs
// the new user in once. Passkeys (Start/CompleteWebAuthnRegistration,
// List/DeleteWebAuthnCredential) are verified with
// github.com/go-webauthn/webauthn for SetUserPoolMfaConfig's
// WebAuthnConfiguration.RelyingPartyId (the default pool's: localhost);
// the origin's host must be the RP ID or under it, over https or, for
// localhost, http.
//
// # Tokens
//
// Tokens are RS256 JWTs with the header {"kid","alg"}, as Cognito's: ID
// tokens are signed with one per-pool RSA key and access tokens with another
// (created with the pool, persisted, both published in the JWKS). Groups
// appear as cognito:groups, and their IAM roles as cognito:roles and
// cognito:preferred_role in ID tokens. The issuer is
// <IssuerBase>/<poolId>; IssuerBase defaults to the URL each request came to.
// Refresh tokens are opaque and revocable: GlobalSignOut, AdminUserGlobalSignOut
// and RevokeToken make later refreshes fail and make calls with access tokens
// of the signed-out sessions fail with "Access Token has been revoked".
//
// The default pool, created on a new data dir, is "<region>_LocalPool" with
// email as the username and a public client that allows every auth flow.
//
// # Hosted UI
//
// A pool with a domain (CreateUserPoolDomain) serves Cognito's managed login
// on the pool's base URL and on http://<domain>.localhost:<port>: the
// authorization code (with PKCE S256) and implicit flows, client
// credentials with resource servers' custom scopes, userInfo, revocation and
// /logout. The sign-in pages are HTML rendered on the server, with a CSRF
// token, and sign in through the same checks as InitiateAuth, lockout
// included. A session cookie (1 hour, HttpOnly, SameSite=Lax) lets a later
// authorize skip the form. Authorization codes are valid 5 minutes, once,
// and live in memory: a restart only makes the user sign in again.
//
// # Stand-in identity providers
//
// A development pool serves offline stand-ins for Google, Facebook, Login
// with Amazon, Sign in with Apple, an OIDC and a SAML provider under
// /_local/idp, so the hosted UI's "Continue with …" buttons work with no
// internet: zitadel/oidc's OpenID Provider for the OAuth kinds (with
// Facebook's Graph me?fields= and Amazon's /user/profile answered from its
// userinfo) and crewjam/saml's samlidp. Server.EnableStandIn turns them on
// (cognitowasm serve, as make run starts it, and cognitowasm localpool do);
// at the first start it registers the providers Google, Facebook,
// LoginWithAmazon, SignInWithApple, StandInOIDC and StandInSAML in the
// default pool and offers them on the default client. A pool opened without
// it, as a library or in tests, has no stand-in. Each stand-in page says it
// is a stand-in and lets the user pick a demo identity or type one.
package localpool
