package cognito

import "github.com/cognitowasm/cognitowasm/app/userpool"

// smsMFA is SMS_MFA: the code Cognito sent by text message (StepSMSCode).
var smsMFA = codeChallenge(StepSMSCode, userpool.AnswerSMSMFACode)
