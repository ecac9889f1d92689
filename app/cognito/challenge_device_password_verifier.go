package cognito

import (
	"context"
	"fmt"

	"github.com/cognitowasm/cognitowasm/srp"
)

// devicePasswordVerifier answers DEVICE_PASSWORD_VERIFIER by itself: the
// device's proof of its secret, with the DeviceGroupKey as the realm.
var devicePasswordVerifier = challengeHandler{respond: answerDevicePasswordVerifier}

func answerDevicePasswordVerifier(_ context.Context, si *signIn, a *authAnswer, _ Answer) (map[string]string, *NextStep, error) {
	if si.device == nil || si.deviceSRP == nil {
		return nil, nil, fmt.Errorf("%w: DEVICE_PASSWORD_VERIFIER outside a device sign-in", ErrUnsupportedChallenge)
	}
	si.report(StageComputingSRP)
	claim, err := si.deviceSRP.Claim(
		srp.DeviceIdentity(si.device.GroupKey, si.device.Key),
		si.device.Password,
		srp.Challenge{Salt: a.params["SALT"], B: a.params["SRP_B"], SecretBlock: a.params["SECRET_BLOCK"]},
		si.c.serverNow(),
	)
	if err != nil {
		return nil, nil, err
	}
	return claimResponses(claim), nil, nil
}
