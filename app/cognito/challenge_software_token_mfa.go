package cognito

import "github.com/cognitowasm/cognitowasm/app/userpool"

// softwareTokenMFA is SOFTWARE_TOKEN_MFA: the authenticator app's code (StepTOTPCode).
var softwareTokenMFA = codeChallenge(StepTOTPCode, userpool.AnswerSoftwareTokenMFACode)
