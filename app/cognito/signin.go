package cognito

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/app/storage"
	"github.com/cognitowasm/cognitowasm/srp"
)

// Flow is the authentication flow SignIn starts.
type Flow string

const (
	// FlowSRP proves the password with SRP-6a; the password never leaves the device.
	FlowSRP Flow = "USER_SRP_AUTH"
	// FlowPassword sends the password to Cognito over TLS.
	FlowPassword Flow = "USER_PASSWORD_AUTH"

	// flowAdmin is FlowAdmin, which only native builds export.
	flowAdmin Flow = "ADMIN_USER_PASSWORD_AUTH"
)

// Stage is what a sign-in is busy with, for a progress indicator.
type Stage string

const (
	StageComputingSRP    Stage = "computing-srp"    // SRP math on this device
	StageWaitingNetwork  Stage = "waiting-network"  // a request to Cognito is in flight
	StageVerifyingTokens Stage = "verifying-tokens" // checking the new tokens' signatures
	StageWaitingPasskey  Stage = "waiting-passkey"  // the browser asks the user for a passkey
)

// SignInOptions adjusts SignIn. The zero value (or nil) means SRP, no progress reports.
type SignInOptions struct {
	Flow     Flow
	Progress func(Stage)

	// RememberDevice remembers this device after the sign-in where the pool
	// leaves it to the user (DeviceOnlyRememberedOnUserPrompt).
	RememberDevice bool

	// Mediation is how a passkey sign-in asks the browser: "" for a prompt,
	// "conditional" to offer the passkey in the username field's autofill
	// (autocomplete="username webauthn").
	Mediation string

	// AWSProfile names the shared-config profile whose credentials sign
	// FlowAdmin requests; "" means the default credential chain.
	AWSProfile string
}

// signIn is one sign-in attempt in progress. The password lives only here,
// never in a NextStep.
type signIn struct {
	c                  *Client
	opts               SignInOptions
	respond            responder
	srp                *srp.Client // set for FlowSRP
	typed              string      // the username as the user typed it
	username, password string      // username becomes Cognito's own once a challenge names it
	// device is the remembered device the sign-in runs on (DEVICE_KEY), and
	// deviceSRP its SRP exchange (DEVICE_SRP_AUTH); noDevice says a device
	// the pool had forgotten was dropped, so none is looked up again.
	device    *storage.Device
	deviceSRP *srp.Client
	noDevice  bool
	// setup is the MFA type an MFA_SETUP step sets up: "TOTP" or "EMAIL".
	setup MFAType
	// passwordFactor is the password factor chosen in SELECT_CHALLENGE,
	// whose StepPassword is being answered.
	passwordFactor Factor
}

func (s *signIn) report(st Stage) {
	if s.opts.Progress != nil {
		s.opts.Progress(st)
	}
}

// authAnswer is what InitiateAuth or RespondToAuthChallenge (plain or admin) returned.
type authAnswer struct {
	result    *types.AuthenticationResultType
	challenge types.ChallengeNameType
	params    map[string]string
	session   string
	factors   []Factor // SELECT_CHALLENGE: AvailableChallenges
}

// responder answers a challenge through the API the sign-in started with.
type responder func(ctx context.Context, challenge types.ChallengeNameType, session string, responses map[string]string) (*authAnswer, error)

// SignIn starts a sign-in. An unconfirmed user gets a StepConfirmSignUp
// step, not an error.
func (c *Client) SignIn(ctx context.Context, username, password string, opts *SignInOptions) (*SignInResult, error) {
	var o SignInOptions
	if opts != nil {
		o = *opts
	}
	if o.Flow == "" {
		o.Flow = FlowSRP
	}
	if err := checkCredentials(username, password); err != nil {
		return nil, err
	}
	si := &signIn{c: c, opts: o, respond: c.respondPublic, typed: username, username: username, password: password}
	res, err := si.start(ctx)
	if si.device != nil && isDeviceGone(err) {
		// The pool forgot the device: forget it too and sign in without it, as Amplify does.
		if err := c.forgetLocalDevice(si.typed, si.username); err != nil {
			return nil, err
		}
		si = &signIn{c: c, opts: o, respond: c.respondPublic, typed: username, username: username, password: password, noDevice: true}
		res, err = si.start(ctx)
	}
	return res, err
}

// start sends the first request of the sign-in and follows on.
func (si *signIn) start(ctx context.Context) (*SignInResult, error) {
	c, username := si.c, si.username
	si.loadDevice()
	var (
		answer *authAnswer
		err    error
	)
	switch si.opts.Flow {
	case FlowSRP:
		answer, err = si.initiateSRP(ctx)
	case FlowPassword:
		si.report(StageWaitingNetwork)
		answer, err = c.initiate(ctx, types.AuthFlowTypeUserPasswordAuth,
			si.withDeviceKey(c.withSecretHash(map[string]string{"USERNAME": username, "PASSWORD": si.password}, username)))
	case flowAdmin:
		if adminSignIn == nil {
			return nil, fmt.Errorf("cognito: %s needs AWS credentials and is not available in the browser", si.opts.Flow)
		}
		return adminSignIn(ctx, si)
	default:
		return nil, fmt.Errorf("cognito: unknown flow %q", si.opts.Flow)
	}
	return si.advance(ctx, answer, err)
}

// adminSignIn runs FlowAdmin; only native builds set it.
var adminSignIn func(ctx context.Context, si *signIn) (*SignInResult, error)

func checkCredentials(username, password string) error {
	switch {
	case username == "" || len(username) > maxUsernameLen:
		return &Error{Code: ErrInvalidParameter.Code, Message: fmt.Sprintf("username must be 1 to %d bytes", maxUsernameLen)}
	case password == "" || len(password) > maxPasswordLen:
		return &Error{Code: ErrInvalidParameter.Code, Message: fmt.Sprintf("password must be 1 to %d bytes", maxPasswordLen)}
	}
	return nil
}

// PrepareSignIn does the SRP work of the next sign-in that can be done before
// the user is known: it picks the random secret a and computes A = g^a mod N,
// one of the two 3072-bit exponentiations of an SRP sign-in. The next
// FlowSRP SignIn then starts at once. A sign-in page calls it as it appears.
// Each prepared secret serves one sign-in only; a sign-in that finds none
// prepared makes its own. In the browser the first call also runs a sign-in's
// code a few times off the network (see warmUp). It is safe to call at any
// time, from any goroutine.
func (c *Client) PrepareSignIn() error {
	if warmOnPrepare {
		defer warmedUp.Do(func() { // after A, which matters more
			for range warmUpRuns {
				if warmUp(context.Background()) != nil {
					return
				}
			}
		})
	}
	if c.preparedSRP.Load() != nil {
		return nil
	}
	sc, err := srp.NewClient(nil)
	if err != nil {
		return err
	}
	c.preparedSRP.CompareAndSwap(nil, sc) // a concurrent call may have won; either will do
	return nil
}

// takeSRP returns the prepared SRP client, which no other caller can get
// again, or a new one.
func (c *Client) takeSRP() (*srp.Client, error) {
	if sc := c.preparedSRP.Swap(nil); sc != nil {
		return sc, nil
	}
	return srp.NewClient(nil)
}

func (si *signIn) initiateSRP(ctx context.Context) (*authAnswer, error) {
	si.report(StageComputingSRP)
	sc, err := si.c.takeSRP()
	if err != nil {
		return nil, err
	}
	si.srp = sc
	si.report(StageWaitingNetwork)
	return si.c.initiate(ctx, types.AuthFlowTypeUserSrpAuth,
		si.withDeviceKey(si.c.withSecretHash(map[string]string{"USERNAME": si.username, "SRP_A": sc.A()}, si.username)))
}

func (c *Client) initiate(ctx context.Context, flow types.AuthFlowType, params map[string]string) (*authAnswer, error) {
	return c.initiateWith(ctx, &cip.InitiateAuthInput{AuthFlow: flow, ClientId: &c.cfg.ClientID, AuthParameters: params})
}

func (c *Client) respondPublic(ctx context.Context, challenge types.ChallengeNameType, session string, responses map[string]string) (*authAnswer, error) {
	out, err := c.api.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName:      challenge,
		ClientId:           &c.cfg.ClientID,
		ChallengeResponses: responses,
		Session:            optional(session),
	})
	if err != nil {
		return nil, apiError(err)
	}
	return &authAnswer{result: out.AuthenticationResult, challenge: out.ChallengeName, params: out.ChallengeParameters,
		session: aws.ToString(out.Session)}, nil
}
