package cognito

import "github.com/cognitowasm/cognitowasm/app/userpool"

// emailOTP is EMAIL_OTP as MFA: the code Cognito sent by email (StepEmailCode).
var emailOTP = codeChallenge(StepEmailCode, userpool.AnswerEmailOTPCode)
