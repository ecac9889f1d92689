package cognito

import (
	"context"
)

// StepKind names what the user must do before sign-in completes. The values
// are Amplify v6's signInStep names, so a JavaScript API can mirror
// Amplify's confirmSignIn.
type StepKind string

const (
	StepDone StepKind = "DONE"
	// StepConfirmSignUp: the account is not confirmed; answer with
	// Client.ConfirmSignUp, then sign in again.
	StepConfirmSignUp StepKind = "CONFIRM_SIGN_UP"

	// The steps below are answered with Client.ConfirmSignIn; each names the
	// Answer.Response it takes.

	// StepNewPasswordRequired (NEW_PASSWORD_REQUIRED): the new password, plus
	// Answer.UserAttributes for NextStep.RequiredAttributes.
	StepNewPasswordRequired StepKind = "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED"
	// StepSMSCode (SMS_MFA, SMS_OTP): the code sent by text message.
	StepSMSCode StepKind = "CONFIRM_SIGN_IN_WITH_SMS_CODE"
	// StepTOTPCode (SOFTWARE_TOKEN_MFA): the authenticator app's code.
	StepTOTPCode StepKind = "CONFIRM_SIGN_IN_WITH_TOTP_CODE"
	// StepEmailCode (EMAIL_OTP): the code sent by email.
	StepEmailCode StepKind = "CONFIRM_SIGN_IN_WITH_EMAIL_CODE"
	// StepMFASelection (SELECT_MFA_TYPE): the MFA type chosen.
	StepMFASelection StepKind = "CONTINUE_SIGN_IN_WITH_MFA_SELECTION"
	// StepMFASetupSelection (MFA_SETUP with a choice): the MFA type to set up.
	StepMFASetupSelection StepKind = "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION"
	// StepTOTPSetup (MFA_SETUP): the first code of the newly added authenticator.
	StepTOTPSetup StepKind = "CONTINUE_SIGN_IN_WITH_TOTP_SETUP"
	// StepEmailSetup (MFA_SETUP): the email address that is to receive codes.
	StepEmailSetup StepKind = "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP"
	// StepFirstFactorSelection (SELECT_CHALLENGE): the first factor chosen.
	StepFirstFactorSelection StepKind = "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION"
	// StepPassword (PASSWORD or PASSWORD_SRP chosen): the password.
	StepPassword StepKind = "CONFIRM_SIGN_IN_WITH_PASSWORD"
)

// NextStep is a sign-in waiting for the user.
type NextStep struct {
	Kind StepKind
	// Username names the user: as typed for StepConfirmSignUp (ready for
	// ConfirmSignUp), else Cognito's own username from the challenge.
	Username string
	// RequiredAttributes must be given in Answer.UserAttributes, e.g. "name"
	// (StepNewPasswordRequired).
	RequiredAttributes []string
	// UserAttributes are the user's current attributes (StepNewPasswordRequired).
	UserAttributes map[string]string
	// CodeDelivery says where the code went (StepSMSCode, StepEmailCode).
	CodeDelivery *CodeDelivery
	// MFATypes are the choices of StepMFASelection and StepMFASetupSelection.
	MFATypes []MFAType
	// TOTPSetup is the new authenticator's secret (StepTOTPSetup).
	TOTPSetup *TOTPSetup
	// Factors are the choices of StepFirstFactorSelection, in Cognito's order.
	Factors []Factor

	si        *signIn     // the sign-in it continues, without the password
	challenge *authAnswer // the challenge it answers, with its session
}

// Answer is the user's answer to a NextStep, as Amplify's confirmSignIn
// takes it.
type Answer struct {
	// Response is the answer itself; each StepKind says what it is.
	Response string
	// UserAttributes are attributes the step asks for, by plain name.
	UserAttributes map[string]string
}

// SignInResult holds exactly one of Session (signed in) and Next (a step to answer).
type SignInResult struct {
	Session *Session
	Next    *NextStep
	// RememberDeviceOffered says the pool tracks this device but remembers
	// it only if the user asks (Session.RememberDevice).
	RememberDeviceOffered bool
}

// Step is StepDone when signed in, else the kind of the next step.
func (r *SignInResult) Step() StepKind {
	if r.Next != nil {
		return r.Next.Kind
	}
	return StepDone
}

// ConfirmSignIn answers step, a challenge of a sign-in this Client started,
// and goes on to the session or the next step. A refused answer (a weak
// password, a wrong code) leaves step to be answered again, as Cognito does.
// A step that ConfirmSignIn does not answer (StepConfirmSignUp) gives
// ErrWrongStep.
func (c *Client) ConfirmSignIn(ctx context.Context, step *NextStep, answer Answer) (*SignInResult, error) {
	if step == nil || step.si == nil || step.si.c != c {
		return nil, ErrWrongStep
	}
	h, ok := challenges[step.challenge.challenge]
	if !ok || h.step == nil {
		return nil, ErrWrongStep
	}
	// Copies, so a refused answer leaves step as it was.
	si, a := *step.si, *step.challenge
	return si.answer(ctx, h, &a, answer)
}
