package cognito

import (
	"context"
	"fmt"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// selectMFAType is SELECT_MFA_TYPE: the user has several factors and no
// preferred one, and chooses (StepMFASelection, Answer.Response "SMS",
// "TOTP" or "EMAIL", or Cognito's challenge name).
var selectMFAType = challengeHandler{step: selectMFAStep, respond: answerSelectMFA}

func selectMFAStep(_ context.Context, si *signIn, a *authAnswer) (*NextStep, error) {
	types, err := parseMFATypes(a.params[userpool.ParamMFAsCanChoose])
	if err != nil {
		return nil, err
	}
	step := si.newStep(StepMFASelection, a)
	step.MFATypes = types
	return step, nil
}

func answerSelectMFA(_ context.Context, _ *signIn, a *authAnswer, answer Answer) (map[string]string, *NextStep, error) {
	t, ok := ParseMFAType(answer.Response)
	if !ok {
		return nil, nil, &Error{Code: ErrInvalidParameter.Code, Message: fmt.Sprintf("choose SMS, TOTP or EMAIL, not %q", answer.Response)}
	}
	return map[string]string{userpool.AnswerChoice: t.challenge()}, nil, nil
}
