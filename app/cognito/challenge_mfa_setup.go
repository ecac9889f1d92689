package cognito

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// mfaSetup is MFA_SETUP: the pool requires MFA and the user has none. A
// software token is set up inside the sign-in (StepTOTPSetup: the secret to
// add, then its first code), an email address is given for codes
// (StepEmailSetup); with both on offer the user first chooses
// (StepMFASetupSelection). SMS is left out, as Amplify does: it needs a
// phone number and a new sign-in.
var mfaSetup = challengeHandler{step: mfaSetupStep, respond: answerMFASetup}

// setupTypes are the MFA types MFA_SETUP offers that can be set up here.
func setupTypes(a *authAnswer) ([]MFAType, error) {
	offered, err := parseMFATypes(a.params[userpool.ParamMFAsCanSetup])
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(offered, func(t MFAType) bool { return t == MFASMS }), nil
}

func mfaSetupStep(ctx context.Context, si *signIn, a *authAnswer) (*NextStep, error) {
	types, err := setupTypes(a)
	if err != nil {
		return nil, err
	}
	switch len(types) {
	case 0:
		return nil, fmt.Errorf("%w: MFA_SETUP offers only SMS, which needs a phone number on the account first", ErrUnsupportedChallenge)
	case 1:
		return si.setUp(ctx, a, types[0])
	}
	step := si.newStep(StepMFASetupSelection, a)
	step.MFATypes = types
	return step, nil
}

// setUp starts setting up t: for TOTP it asks Cognito for the new secret.
func (si *signIn) setUp(ctx context.Context, a *authAnswer, t MFAType) (*NextStep, error) {
	si.setup = t
	if t == MFAEmail {
		return si.newStep(StepEmailSetup, a), nil
	}
	si.report(StageWaitingNetwork)
	out, err := si.c.api.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{Session: aws.String(a.session)})
	if err != nil {
		return nil, apiError(err)
	}
	a.session = aws.ToString(out.Session)
	step := si.newStep(StepTOTPSetup, a)
	step.TOTPSetup = &TOTPSetup{Secret: aws.ToString(out.SecretCode), Username: si.username}
	return step, nil
}

func answerMFASetup(ctx context.Context, si *signIn, a *authAnswer, answer Answer) (map[string]string, *NextStep, error) {
	switch si.setup {
	case MFATOTP:
		if err := checkCode(answer.Response); err != nil {
			return nil, nil, err
		}
		si.report(StageWaitingNetwork)
		out, err := si.c.api.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{Session: aws.String(a.session),
			UserCode: aws.String(answer.Response), FriendlyDeviceName: aws.String(DeviceName)})
		if err != nil {
			return nil, nil, apiError(err)
		}
		a.session = aws.ToString(out.Session)
		return map[string]string{}, nil, nil
	case MFAEmail:
		if answer.Response == "" {
			return nil, nil, &Error{Code: ErrInvalidParameter.Code, Message: "give the email address that is to receive codes"}
		}
		return map[string]string{userpool.AnswerEmail: answer.Response}, nil, nil
	}
	types, err := setupTypes(a)
	if err != nil {
		return nil, nil, err
	}
	t, ok := ParseMFAType(answer.Response)
	if !ok || !slices.Contains(types, t) {
		return nil, nil, &Error{Code: ErrInvalidParameter.Code, Message: fmt.Sprintf("choose one of %v, not %q", types, answer.Response)}
	}
	next, err := si.setUp(ctx, a, t)
	return nil, next, err
}
