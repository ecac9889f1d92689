package cognito

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// challengeHandler is how a sign-in meets one Cognito challenge. A
// challenge the user answers has step; one the sign-in answers by itself
// (PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER) has only
// respond, which then gets a zero Answer.
type challengeHandler struct {
	// step turns the challenge into the NextStep the user answers
	// (si.newStep gives one ready to fill). It may call Cognito and update
	// a.session, as MFA setup does.
	step func(ctx context.Context, si *signIn, a *authAnswer) (*NextStep, error)
	// respond turns the answer into ChallengeResponses; USERNAME (when
	// absent) and SECRET_HASH are added for it. It may return a further step
	// instead, for an answer that leads on without a round trip (choosing
	// which MFA type to set up). It may update a.session and si.
	respond func(ctx context.Context, si *signIn, a *authAnswer, answer Answer) (responses map[string]string, next *NextStep, err error)
}

// challenges is every Cognito challenge this package answers, one file each
// (challenge_<name>.go). A challenge missing here fails the sign-in with
// ErrUnsupportedChallenge.
var challenges = map[types.ChallengeNameType]challengeHandler{
	types.ChallengeNameTypePasswordVerifier:       passwordVerifier,
	types.ChallengeNameTypeNewPasswordRequired:    newPasswordRequired,
	types.ChallengeNameTypeSmsMfa:                 smsMFA,
	types.ChallengeNameTypeEmailOtp:               emailOTP,
	types.ChallengeNameTypeSoftwareTokenMfa:       softwareTokenMFA,
	types.ChallengeNameTypeSelectMfaType:          selectMFAType,
	types.ChallengeNameTypeMfaSetup:               mfaSetup,
	types.ChallengeNameTypeDeviceSrpAuth:          deviceSRPAuth,
	types.ChallengeNameTypeDevicePasswordVerifier: devicePasswordVerifier,
	types.ChallengeNameTypeSelectChallenge:        selectChallenge,
	types.ChallengeNameTypeSmsOtp:                 smsOTP,
	types.ChallengeNameTypeWebAuthn:               webAuthn,
}

// maxChallenges bounds how many challenges one sign-in answers by itself,
// so a misbehaving server cannot keep it looping.
const maxChallenges = 6

// advance follows what Cognito answered: the final tokens become a Session,
// a challenge for the user a NextStep, and the challenges that need no user
// are answered here.
func (si *signIn) advance(ctx context.Context, a *authAnswer, err error) (*SignInResult, error) {
	for range maxChallenges {
		if err != nil {
			if errors.Is(err, ErrUserNotConfirmed) {
				return &SignInResult{Next: &NextStep{Kind: StepConfirmSignUp, Username: si.typed}}, nil
			}
			return nil, err
		}
		if a.result != nil {
			s, err := si.c.startSession(ctx, a.result, si.report)
			if err != nil {
				return nil, err
			}
			return si.trackNewDevice(ctx, s, a.result.NewDeviceMetadata), nil
		}
		if u := a.params["USERNAME"]; u != "" {
			si.username = u // from here on, Cognito's own name for the user
			si.loadDevice()
		}
		h, ok := challenges[a.challenge]
		if !ok {
			return nil, fmt.Errorf("%w: %s", ErrUnsupportedChallenge, a.challenge)
		}
		if h.step != nil {
			step, err := h.step(ctx, si, a)
			if err != nil {
				return nil, err
			}
			return &SignInResult{Next: step}, nil
		}
		var res *SignInResult
		if res, a, err = si.respondTo(ctx, h, a, Answer{}); res != nil {
			return res, nil
		}
	}
	return nil, fmt.Errorf("%w: more than %d challenges in one sign-in", ErrUnsupportedChallenge, maxChallenges)
}

// answer answers challenge a with the user's answer and follows on.
func (si *signIn) answer(ctx context.Context, h challengeHandler, a *authAnswer, answer Answer) (*SignInResult, error) {
	res, reply, err := si.respondTo(ctx, h, a, answer)
	if res != nil {
		return res, nil
	}
	return si.advance(ctx, reply, err)
}

// respondTo sends h's responses to challenge a and returns Cognito's reply,
// or the result when h leads to a further step without one.
func (si *signIn) respondTo(ctx context.Context, h challengeHandler, a *authAnswer, answer Answer) (*SignInResult, *authAnswer, error) {
	responses, next, err := h.respond(ctx, si, a, answer)
	switch {
	case err != nil:
		return nil, nil, err
	case next != nil:
		return &SignInResult{Next: next}, nil, nil
	}
	if responses["USERNAME"] == "" {
		responses["USERNAME"] = si.username
	}
	si.withDeviceKey(responses)
	si.c.withSecretHash(responses, responses["USERNAME"])
	si.report(StageWaitingNetwork)
	reply, err := si.respond(ctx, a.challenge, a.session, responses)
	return nil, reply, err
}

// newStep is a NextStep of kind that answers challenge a later. It keeps
// the sign-in without its password, which a step never holds.
func (si *signIn) newStep(kind StepKind, a *authAnswer) *NextStep {
	kept, pending := *si, *a
	kept.password, kept.srp, kept.deviceSRP = "", nil, nil
	return &NextStep{Kind: kind, Username: si.username, si: &kept, challenge: &pending}
}
