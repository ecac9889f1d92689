package cognito

import (
	"context"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// webAuthn is WEB_AUTHN: the sign-in answers it by itself, with the
// assertion Config.Passkeys makes for CREDENTIAL_REQUEST_OPTIONS (the
// browser's own prompt is the user's part).
var webAuthn = challengeHandler{respond: answerWebAuthn}

func answerWebAuthn(ctx context.Context, si *signIn, a *authAnswer, _ Answer) (map[string]string, *NextStep, error) {
	if si.c.cfg.Passkeys == nil {
		return nil, nil, ErrNoPasskeys
	}
	si.report(StageWaitingPasskey)
	cred, err := si.c.cfg.Passkeys.Get(ctx, []byte(a.params[userpool.ParamCredentialRequestOptions]), si.opts.Mediation)
	if err != nil {
		return nil, nil, err
	}
	return map[string]string{userpool.AnswerCredential: string(cred)}, nil, nil
}
