package cognito

import "github.com/cognitowasm/cognitowasm/app/userpool"

// smsOTP is SMS_OTP, a first factor: the code Cognito sent by text message
// (StepSMSCode). EMAIL_OTP as a first factor is emailOTP, as for MFA.
var smsOTP = codeChallenge(StepSMSCode, userpool.AnswerSMSOTPCode)
