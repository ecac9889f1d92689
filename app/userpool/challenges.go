package userpool

// Cognito's challenge names: the ChallengeName of InitiateAuth's and
// RespondToAuthChallenge's answers.
const (
	ChallengeSMSMFA                 = "SMS_MFA"
	ChallengeEmailOTP               = "EMAIL_OTP"
	ChallengeSoftwareTokenMFA       = "SOFTWARE_TOKEN_MFA"
	ChallengeSelectMFAType          = "SELECT_MFA_TYPE"
	ChallengeMFASetup               = "MFA_SETUP"
	ChallengePasswordVerifier       = "PASSWORD_VERIFIER"
	ChallengeCustomChallenge        = "CUSTOM_CHALLENGE"
	ChallengeSelectChallenge        = "SELECT_CHALLENGE"
	ChallengeDeviceSRPAuth          = "DEVICE_SRP_AUTH"
	ChallengeDevicePasswordVerifier = "DEVICE_PASSWORD_VERIFIER"
	ChallengeAdminNoSRPAuth         = "ADMIN_NO_SRP_AUTH"
	ChallengeNewPasswordRequired    = "NEW_PASSWORD_REQUIRED"
	ChallengeSMSOTP                 = "SMS_OTP"
	ChallengePassword               = "PASSWORD"
	ChallengeWebAuthn               = "WEB_AUTHN"
	ChallengePasswordSRP            = "PASSWORD_SRP"
)
