package cognito

import (
	"context"
	"fmt"

	"github.com/cognitowasm/cognitowasm/srp"
)

// passwordVerifier answers PASSWORD_VERIFIER, the second half of an SRP
// sign-in, by itself: the proof that we know the password, which never
// leaves the device.
var passwordVerifier = challengeHandler{respond: answerPasswordVerifier}

func answerPasswordVerifier(_ context.Context, si *signIn, a *authAnswer, _ Answer) (map[string]string, *NextStep, error) {
	if si.srp == nil {
		return nil, nil, fmt.Errorf("%w: PASSWORD_VERIFIER outside an SRP sign-in", ErrUnsupportedChallenge)
	}
	si.report(StageComputingSRP)
	claim, err := si.srp.Claim(
		srp.UserIdentity(si.c.cfg.UserPoolID, a.params["USER_ID_FOR_SRP"]),
		si.password,
		srp.Challenge{Salt: a.params["SALT"], B: a.params["SRP_B"], SecretBlock: a.params["SECRET_BLOCK"]},
		si.c.serverNow(), // Cognito's time as far as we know it
	)
	if err != nil {
		return nil, nil, err
	}
	return claimResponses(claim), nil, nil
}

// claimResponses are the ChallengeResponses of an SRP claim, for
// PASSWORD_VERIFIER and DEVICE_PASSWORD_VERIFIER alike.
func claimResponses(claim srp.Claim) map[string]string {
	return map[string]string{
		"PASSWORD_CLAIM_SECRET_BLOCK": claim.SecretBlock,
		"PASSWORD_CLAIM_SIGNATURE":    claim.Signature,
		"TIMESTAMP":                   claim.Timestamp,
	}
}
