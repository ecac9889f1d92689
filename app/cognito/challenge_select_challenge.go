package cognito

import (
	"context"
	"fmt"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// selectChallenge is SELECT_CHALLENGE: the user picks a first factor among
// NextStep.Factors (StepFirstFactorSelection, Answer.Response the Factor). A
// password factor leads to StepPassword, answered with the password; a code
// is sent; a passkey is asked for through Config.Passkeys.
var selectChallenge = challengeHandler{step: selectChallengeStep, respond: answerSelectChallenge}

func selectChallengeStep(_ context.Context, si *signIn, a *authAnswer) (*NextStep, error) {
	step := si.newStep(StepFirstFactorSelection, a)
	step.Factors = a.factors
	return step, nil
}

func answerSelectChallenge(_ context.Context, si *signIn, a *authAnswer, answer Answer) (map[string]string, *NextStep, error) {
	if f := si.passwordFactor; f != "" { // StepPassword
		if err := checkCredentials(si.username, answer.Response); err != nil {
			return nil, nil, err
		}
		si.password = answer.Response
		if f == FactorPassword {
			return map[string]string{userpool.AnswerChoice: string(f), userpool.AnswerPassword: answer.Response}, nil, nil
		}
		si.report(StageComputingSRP)
		sc, err := si.c.takeSRP()
		if err != nil {
			return nil, nil, err
		}
		si.srp = sc
		return map[string]string{userpool.AnswerChoice: string(f), userpool.AnswerSRPA: sc.A()}, nil, nil
	}
	f := Factor(answer.Response)
	if !hasFactor(a.factors, f) {
		return nil, nil, &Error{Code: ErrInvalidParameter.Code, Message: fmt.Sprintf("choose one of %v, not %q", a.factors, answer.Response)}
	}
	switch f {
	case FactorPassword, FactorPasswordSRP:
		step := si.newStep(StepPassword, a)
		step.si.passwordFactor = f
		return nil, step, nil
	case FactorWebAuthn:
		if si.c.cfg.Passkeys == nil {
			return nil, nil, ErrNoPasskeys
		}
	}
	return map[string]string{userpool.AnswerChoice: string(f)}, nil, nil
}
