package userpool

// Choice-based sign-in (the USER_AUTH flow), passkeys and refresh-token
// rotation, as Cognito names them on the wire.
const (
	// AuthFlowUserAuth is the InitiateAuth flow of choice-based sign-in;
	// the client must allow ExplicitAuthFlowUserAuth.
	AuthFlowUserAuth         = "USER_AUTH"
	ExplicitAuthFlowUserAuth = "ALLOW_USER_AUTH"

	// ParamPreferredChallenge is the optional AuthParameter naming the
	// first factor the user wants; without it Cognito answers SELECT_CHALLENGE.
	ParamPreferredChallenge = "PREFERRED_CHALLENGE"
	// ParamCredentialRequestOptions (WEB_AUTHN) is a JSON string of
	// PublicKeyCredentialRequestOptionsJSON.
	ParamCredentialRequestOptions = "CREDENTIAL_REQUEST_OPTIONS"

	AnswerSMSOTPCode = "SMS_OTP_CODE" // SMS_OTP
	AnswerPassword   = "PASSWORD"     // PASSWORD, and SELECT_CHALLENGE answered PASSWORD
	AnswerSRPA       = "SRP_A"        // PASSWORD_SRP
	// AnswerCredential (WEB_AUTHN) is a JSON string of AuthenticationResponseJSON.
	AnswerCredential = "CREDENTIAL"
)

// First factors (SignInPolicy.AllowedFirstAuthFactors, AvailableChallenges,
// GetUserAuthFactors' ConfiguredUserAuthFactors). PASSWORD_SRP is offered
// wherever PASSWORD is allowed.
const (
	FactorPassword    = "PASSWORD"
	FactorPasswordSRP = "PASSWORD_SRP"
	FactorEmailOTP    = "EMAIL_OTP"
	FactorSMSOTP      = "SMS_OTP"
	FactorWebAuthn    = "WEB_AUTHN"
)

// User pool feature plans (UserPoolTier). Choice-based sign-in and passkeys
// need ESSENTIALS or PLUS.
const (
	TierLite       = "LITE"
	TierEssentials = "ESSENTIALS"
	TierPlus       = "PLUS"
)

// WebAuthnConfiguration.FactorConfiguration: whether a passkey with user
// verification also counts as MFA.
const (
	PasskeySingleFactor = "SINGLE_FACTOR"
	PasskeyMultiFactor  = "MULTI_FACTOR_WITH_USER_VERIFICATION"
)

// Exceptions of choice-based sign-in and passkeys.
const (
	FeatureUnavailableInTierException       = "FeatureUnavailableInTierException"
	WebAuthnNotEnabledException             = "WebAuthnNotEnabledException"
	WebAuthnConfigurationMissingException   = "WebAuthnConfigurationMissingException"
	WebAuthnChallengeNotFoundException      = "WebAuthnChallengeNotFoundException"
	WebAuthnRelyingPartyMismatchException   = "WebAuthnRelyingPartyMismatchException"
	WebAuthnClientMismatchException         = "WebAuthnClientMismatchException"
	WebAuthnOriginNotAllowedException       = "WebAuthnOriginNotAllowedException"
	WebAuthnCredentialNotSupportedException = "WebAuthnCredentialNotSupportedException"
)
