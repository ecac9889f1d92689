package userpool

// MFA challenge parameters and answers, and the device parameters, as
// Cognito names them.
const (
	// ParamMFAsCanChoose (SELECT_MFA_TYPE) and ParamMFAsCanSetup (MFA_SETUP)
	// hold a JSON array of challenge names inside a string.
	ParamMFAsCanChoose = "MFAS_CAN_CHOOSE"
	ParamMFAsCanSetup  = "MFAS_CAN_SETUP"
	// ParamDeliveryMedium ("SMS" or "EMAIL") and ParamDeliveryDestination (masked)
	// say where the code of SMS_MFA and EMAIL_OTP went.
	ParamDeliveryMedium      = "CODE_DELIVERY_DELIVERY_MEDIUM"
	ParamDeliveryDestination = "CODE_DELIVERY_DESTINATION"
	ParamUserIDForSRP        = "USER_ID_FOR_SRP"

	AnswerSMSMFACode           = "SMS_MFA_CODE"
	AnswerEmailOTPCode         = "EMAIL_OTP_CODE"
	AnswerSoftwareTokenMFACode = "SOFTWARE_TOKEN_MFA_CODE"
	AnswerChoice               = "ANSWER" // SELECT_MFA_TYPE
	AnswerEmail                = "EMAIL"  // MFA_SETUP for email MFA
	ParamDeviceKey             = "DEVICE_KEY"
)

// The remembered status of a device (UpdateDeviceStatus).
const (
	DeviceRemembered    = "remembered"
	DeviceNotRemembered = "not_remembered"
)
