package cognito

import (
	"context"
	"fmt"

	"github.com/cognitowasm/cognitowasm/srp"
)

// deviceSRPAuth answers DEVICE_SRP_AUTH by itself: a remembered device
// starts proving its secret, which stands in for MFA where the pool allows it.
var deviceSRPAuth = challengeHandler{respond: answerDeviceSRPAuth}

func answerDeviceSRPAuth(_ context.Context, si *signIn, _ *authAnswer, _ Answer) (map[string]string, *NextStep, error) {
	if si.device == nil {
		return nil, nil, fmt.Errorf("%w: DEVICE_SRP_AUTH without a remembered device", ErrUnsupportedChallenge)
	}
	si.report(StageComputingSRP)
	sc, err := srp.NewClient(nil)
	if err != nil {
		return nil, nil, err
	}
	si.deviceSRP = sc
	return map[string]string{"SRP_A": sc.A()}, nil, nil
}
