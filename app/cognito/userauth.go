package cognito

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// Factor is a first factor of choice-based sign-in (Cognito's USER_AUTH).
type Factor string

const (
	FactorPassword    Factor = userpool.FactorPassword    // the password, sent over TLS
	FactorPasswordSRP Factor = userpool.FactorPasswordSRP // the password, proved with SRP
	FactorEmailOTP    Factor = userpool.FactorEmailOTP    // a code sent by email
	FactorSMSOTP      Factor = userpool.FactorSMSOTP      // a code sent by text message
	FactorWebAuthn    Factor = userpool.FactorWebAuthn    // a passkey (Config.Passkeys)
)

// SignInWithChoice starts choice-based sign-in: with preferred "" the pool
// answers with the user's factors (StepFirstFactorSelection, NextStep.Factors);
// with FactorEmailOTP or FactorSMSOTP the code is sent (StepEmailCode,
// StepSMSCode); with FactorWebAuthn the passkey is asked for through
// Config.Passkeys and the sign-in goes on by itself. A preferred factor the
// user lacks gets the choice instead. The password factors are chosen in the
// StepFirstFactorSelection step, or signed in with SignIn. The client must
// allow ALLOW_USER_AUTH.
func (c *Client) SignInWithChoice(ctx context.Context, username string, preferred Factor, opts *SignInOptions) (*SignInResult, error) {
	switch preferred {
	case "", FactorEmailOTP, FactorSMSOTP, FactorWebAuthn:
	default:
		return nil, &Error{Code: ErrInvalidParameter.Code, Message: fmt.Sprintf("prefer EMAIL_OTP, SMS_OTP or WEB_AUTHN, not %q; choose a password in the first-factor step", preferred)}
	}
	if err := checkUsername(username); err != nil {
		return nil, err
	}
	params := map[string]string{"USERNAME": username}
	if preferred != "" {
		params[userpool.ParamPreferredChallenge] = string(preferred)
	}
	return c.startUserAuth(ctx, username, params, "", opts)
}

// SignInAfterSignUp signs in the user ConfirmSignUp just confirmed on this
// Client, without their password: Cognito counts the confirmation code as
// the proof (the Session ConfirmSignUp returned, which this Client keeps in
// memory for one use). Without one (a client without ALLOW_USER_AUTH, or
// another Client confirmed the user) it gives ErrNoSignUpSession.
func (c *Client) SignInAfterSignUp(ctx context.Context, username string, opts *SignInOptions) (*SignInResult, error) {
	session, ok := c.signUps.take(username)
	if !ok {
		return nil, ErrNoSignUpSession
	}
	return c.startUserAuth(ctx, username, map[string]string{"USERNAME": username}, session, opts)
}

func (c *Client) startUserAuth(ctx context.Context, username string, params map[string]string, session string, opts *SignInOptions) (*SignInResult, error) {
	var o SignInOptions
	if opts != nil {
		o = *opts
	}
	si := &signIn{c: c, opts: o, respond: c.respondPublic, typed: username, username: username}
	si.loadDevice()
	si.report(StageWaitingNetwork)
	in := &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserAuth, ClientId: &c.cfg.ClientID,
		AuthParameters: si.withDeviceKey(c.withSecretHash(params, username)), Session: optional(session)}
	answer, err := c.initiateWith(ctx, in)
	return si.advance(ctx, answer, err)
}

func checkUsername(username string) error {
	if username == "" || len(username) > maxUsernameLen {
		return &Error{Code: ErrInvalidParameter.Code, Message: fmt.Sprintf("username must be 1 to %d bytes", maxUsernameLen)}
	}
	return nil
}

// signUpSessions keeps the Sessions of ConfirmSignUp by username, in memory
// only: each signs in once, and none outlives the page.
type signUpSessions struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *signUpSessions) put(username, session string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil || len(s.m) > 16 {
		s.m = map[string]string{}
	}
	s.m[username] = session
}

func (s *signUpSessions) take(username string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	session, ok := s.m[username]
	delete(s.m, username)
	return session, ok && session != ""
}

// factorsOf reads AvailableChallenges.
func factorsOf(list []types.ChallengeNameType) []Factor {
	var out []Factor
	for _, f := range list {
		out = append(out, Factor(f))
	}
	return out
}

// hasFactor reports whether f was offered.
func hasFactor(offered []Factor, f Factor) bool { return slices.Contains(offered, f) }

// initiateWith sends InitiateAuth as given.
func (c *Client) initiateWith(ctx context.Context, in *cip.InitiateAuthInput) (*authAnswer, error) {
	out, err := c.api.InitiateAuth(ctx, in)
	if err != nil {
		return nil, apiError(err)
	}
	return &authAnswer{result: out.AuthenticationResult, challenge: out.ChallengeName, params: out.ChallengeParameters,
		session: aws.ToString(out.Session), factors: factorsOf(out.AvailableChallenges)}, nil
}
