package cognito

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

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
)

// SignInOptions adjusts SignIn. The zero value (or nil) means SRP, no progress reports.
type SignInOptions struct {
	Flow     Flow
	Progress func(Stage)

	// AWSProfile names the shared-config profile whose credentials sign
	// FlowAdmin requests; "" means the default credential chain.
	AWSProfile string
}

// StepKind names what the user must do before sign-in completes. The values
// are Amplify v6's signInStep names.
type StepKind string

const (
	StepDone                StepKind = "DONE"
	StepNewPasswordRequired StepKind = "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED"
	StepConfirmSignUp       StepKind = "CONFIRM_SIGN_UP"
)

// NextStep is a sign-in waiting for the user.
type NextStep struct {
	Kind StepKind
	// Username names the user: as typed for StepConfirmSignUp (ready for
	// ConfirmSignUp), else Cognito's own username from the challenge.
	Username string
	// RequiredAttributes must be given to ContinueNewPassword, e.g. "name".
	RequiredAttributes []string
	// UserAttributes are the user's current attributes (NEW_PASSWORD_REQUIRED).
	UserAttributes map[string]string

	challenge types.ChallengeNameType
	session   string
	opts      SignInOptions
	respond   responder
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
}

func (s *signIn) report(st Stage) {
	if s.opts.Progress != nil {
		s.opts.Progress(st)
	}
}

// SignInResult holds exactly one of Session (signed in) and Next (a step to answer).
type SignInResult struct {
	Session *Session
	Next    *NextStep
}

// Step is StepDone when signed in, else the kind of the next step.
func (r *SignInResult) Step() StepKind {
	if r.Next != nil {
		return r.Next.Kind
	}
	return StepDone
}

// authAnswer is what InitiateAuth or RespondToAuthChallenge (plain or admin) returned.
type authAnswer struct {
	result    *types.AuthenticationResultType
	challenge types.ChallengeNameType
	params    map[string]string
	session   string
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
	var (
		answer *authAnswer
		err    error
	)
	switch o.Flow {
	case FlowSRP:
		answer, err = si.initiateSRP(ctx)
	case FlowPassword:
		si.report(StageWaitingNetwork)
		answer, err = c.initiate(ctx, types.AuthFlowTypeUserPasswordAuth,
			c.withSecretHash(map[string]string{"USERNAME": username, "PASSWORD": password}, username))
	case flowAdmin:
		if adminSignIn == nil {
			return nil, fmt.Errorf("cognito: %s needs AWS credentials and is not available in the browser", o.Flow)
		}
		return adminSignIn(ctx, si)
	default:
		return nil, fmt.Errorf("cognito: unknown flow %q", o.Flow)
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
// prepared makes its own. It is safe to call at any time, from any goroutine.
func (c *Client) PrepareSignIn() error {
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
		si.c.withSecretHash(map[string]string{"USERNAME": si.username, "SRP_A": sc.A()}, si.username))
}

func (c *Client) initiate(ctx context.Context, flow types.AuthFlowType, params map[string]string) (*authAnswer, error) {
	out, err := c.api.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       flow,
		ClientId:       &c.cfg.ClientID,
		AuthParameters: params,
	})
	if err != nil {
		return nil, apiError(err)
	}
	return &authAnswer{out.AuthenticationResult, out.ChallengeName, out.ChallengeParameters, aws.ToString(out.Session)}, nil
}

func (c *Client) respondPublic(ctx context.Context, challenge types.ChallengeNameType, session string, responses map[string]string) (*authAnswer, error) {
	out, err := c.api.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName:      challenge,
		ClientId:           &c.cfg.ClientID,
		ChallengeResponses: responses,
		Session:            aws.String(session),
	})
	if err != nil {
		return nil, apiError(err)
	}
	return &authAnswer{out.AuthenticationResult, out.ChallengeName, out.ChallengeParameters, aws.ToString(out.Session)}, nil
}

// maxChallenges bounds how many challenges one sign-in answers internally,
// so a misbehaving server cannot keep it looping.
const maxChallenges = 4

// advance answers the challenges that need no user (PASSWORD_VERIFIER) and
// turns the rest into a NextStep, or the final tokens into a Session.
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
			return &SignInResult{Session: s}, nil
		}
		if u := a.params["USERNAME"]; u != "" {
			si.username = u // from here on, Cognito's own name for the user
		}
		// Each challenge Cognito can send gets a case here. SMS_MFA,
		// SOFTWARE_TOKEN_MFA, EMAIL_OTP, SELECT_MFA_TYPE and MFA_SETUP become
		// steps for the user; DEVICE_SRP_AUTH is answered internally like
		// PASSWORD_VERIFIER; WEB_AUTHN becomes a passkey step.
		switch a.challenge {
		case types.ChallengeNameTypePasswordVerifier:
			responses, perr := si.passwordVerifier(a.params)
			if perr != nil {
				return nil, perr
			}
			si.report(StageWaitingNetwork)
			a, err = si.respond(ctx, a.challenge, a.session, responses)
		case types.ChallengeNameTypeNewPasswordRequired:
			step := si.step(StepNewPasswordRequired, a)
			if err := parseNewPasswordRequired(a.params, step); err != nil {
				return nil, err
			}
			return &SignInResult{Next: step}, nil
		default:
			return nil, fmt.Errorf("%w: %s", ErrUnsupportedChallenge, a.challenge)
		}
	}
	return nil, fmt.Errorf("%w: more than %d challenges in one sign-in", ErrUnsupportedChallenge, maxChallenges)
}

// step is a NextStep that answers challenge a through the same API.
func (si *signIn) step(kind StepKind, a *authAnswer) *NextStep {
	return &NextStep{Kind: kind, Username: si.username, challenge: a.challenge, session: a.session, opts: si.opts, respond: si.respond}
}

// passwordVerifier computes the PASSWORD_VERIFIER answer: the SRP proof that
// we know the password.
func (si *signIn) passwordVerifier(params map[string]string) (map[string]string, error) {
	if si.srp == nil {
		return nil, fmt.Errorf("%w: PASSWORD_VERIFIER outside an SRP sign-in", ErrUnsupportedChallenge)
	}
	si.report(StageComputingSRP)
	username := params["USERNAME"]
	claim, err := si.srp.Claim(
		srp.UserIdentity(si.c.cfg.UserPoolID, params["USER_ID_FOR_SRP"]),
		si.password,
		srp.Challenge{Salt: params["SALT"], B: params["SRP_B"], SecretBlock: params["SECRET_BLOCK"]},
		si.c.serverNow(), // Cognito's time as far as we know it
	)
	if err != nil {
		return nil, err
	}
	return si.c.withSecretHash(map[string]string{
		"USERNAME":                    username,
		"PASSWORD_CLAIM_SECRET_BLOCK": claim.SecretBlock,
		"PASSWORD_CLAIM_SIGNATURE":    claim.Signature,
		"TIMESTAMP":                   claim.Timestamp,
	}, username), nil
}

// attributePrefix is how NEW_PASSWORD_REQUIRED names attributes, e.g. "userAttributes.name".
const attributePrefix = "userAttributes."

func parseNewPasswordRequired(params map[string]string, step *NextStep) error {
	if raw := params["userAttributes"]; raw != "" {
		if err := json.Unmarshal([]byte(raw), &step.UserAttributes); err != nil {
			return fmt.Errorf("cognito: NEW_PASSWORD_REQUIRED userAttributes: %w", err)
		}
	}
	if raw := params["requiredAttributes"]; raw != "" {
		var required []string
		if err := json.Unmarshal([]byte(raw), &required); err != nil {
			return fmt.Errorf("cognito: NEW_PASSWORD_REQUIRED requiredAttributes: %w", err)
		}
		for _, r := range required {
			step.RequiredAttributes = append(step.RequiredAttributes, strings.TrimPrefix(r, attributePrefix))
		}
	}
	return nil
}

// ContinueNewPassword answers a StepNewPasswordRequired step with the new
// password and the required attributes (plain names, e.g. "name").
func (c *Client) ContinueNewPassword(ctx context.Context, step *NextStep, newPassword string, attrs map[string]string) (*SignInResult, error) {
	if step == nil || step.Kind != StepNewPasswordRequired {
		return nil, ErrWrongStep
	}
	if err := checkCredentials(step.Username, newPassword); err != nil {
		return nil, err
	}
	responses := c.withSecretHash(map[string]string{"USERNAME": step.Username, "NEW_PASSWORD": newPassword}, step.Username)
	for name, value := range attrs {
		responses[attributePrefix+name] = value
	}
	si := &signIn{c: c, opts: step.opts, respond: step.respond, typed: step.Username, username: step.Username, password: newPassword}
	si.report(StageWaitingNetwork)
	a, err := step.respond(ctx, step.challenge, step.session, responses)
	return si.advance(ctx, a, err)
}
