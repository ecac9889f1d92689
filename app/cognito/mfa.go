package cognito

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// MFAType is an MFA factor, named as Amplify v6 names it.
type MFAType string

const (
	MFASMS   MFAType = "SMS"
	MFATOTP  MFAType = "TOTP"
	MFAEmail MFAType = "EMAIL"
)

// challenge is the factor's Cognito challenge name.
func (t MFAType) challenge() string {
	switch t {
	case MFASMS:
		return userpool.ChallengeSMSMFA
	case MFATOTP:
		return userpool.ChallengeSoftwareTokenMFA
	}
	return userpool.ChallengeEmailOTP
}

// ParseMFAType reads an MFA type given by Amplify's name or Cognito's
// challenge name ("EMAIL_MFA" too, which Cognito's docs use).
func ParseMFAType(s string) (MFAType, bool) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "SMS", userpool.ChallengeSMSMFA:
		return MFASMS, true
	case "TOTP", userpool.ChallengeSoftwareTokenMFA:
		return MFATOTP, true
	case "EMAIL", userpool.ChallengeEmailOTP, "EMAIL_MFA":
		return MFAEmail, true
	}
	return "", false
}

// parseMFATypes reads MFAS_CAN_CHOOSE or MFAS_CAN_SETUP: a JSON array of
// challenge names inside a string. Names it does not know are skipped.
func parseMFATypes(raw string) ([]MFAType, error) {
	var names []string
	if err := json.Unmarshal([]byte(raw), &names); err != nil {
		return nil, fmt.Errorf("cognito: MFA types %q: %w", raw, err)
	}
	var out []MFAType
	for _, n := range names {
		if t, ok := ParseMFAType(n); ok {
			out = append(out, t)
		}
	}
	return out, nil
}

// codeChallenge is a challenge answered with a code the user types: kind is
// its step, field the ChallengeResponses key of the code.
func codeChallenge(kind StepKind, field string) challengeHandler {
	return challengeHandler{
		step: func(_ context.Context, si *signIn, a *authAnswer) (*NextStep, error) {
			step := si.newStep(kind, a)
			if medium := a.params[userpool.ParamDeliveryMedium]; medium != "" {
				step.CodeDelivery = &CodeDelivery{Medium: medium, Destination: a.params[userpool.ParamDeliveryDestination]}
			}
			return step, nil
		},
		respond: func(_ context.Context, _ *signIn, _ *authAnswer, answer Answer) (map[string]string, *NextStep, error) {
			if err := checkCode(answer.Response); err != nil {
				return nil, nil, err
			}
			return map[string]string{field: answer.Response}, nil, nil
		},
	}
}

// checkCode refuses an empty or over-long code before a round trip.
func checkCode(code string) error {
	if code == "" || len(code) > 16 {
		return &Error{Code: ErrInvalidParameter.Code, Message: "the code must be 1 to 16 characters"}
	}
	return nil
}

// TOTPSetup is a new authenticator's secret.
type TOTPSetup struct {
	Secret   string // base32, to type into an authenticator app
	Username string
}

// URI is the otpauth:// URI of the secret for a QR code, built as Amplify's
// getSetupUri builds it: otpauth://totp/<appName>:<account>?secret=<secret>&issuer=<appName>,
// with account the username when empty. Like Amplify, it does not escape
// appName or account.
func (t *TOTPSetup) URI(appName, account string) string {
	if account == "" {
		account = t.Username
	}
	return "otpauth://totp/" + appName + ":" + account + "?secret=" + t.Secret + "&issuer=" + appName
}

// SetUpTOTP starts adding an authenticator app: it returns the new secret,
// which VerifyTOTPSetup then confirms with a first code.
func (s *Session) SetUpTOTP(ctx context.Context) (*TOTPSetup, error) {
	at, err := s.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	out, err := s.c.api.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: at})
	if err != nil {
		return nil, apiError(err)
	}
	return &TOTPSetup{Secret: aws.ToString(out.SecretCode), Username: s.Username()}, nil
}

// VerifyTOTPSetup confirms the authenticator with one of its codes. It does
// not turn TOTP MFA on: SetMFAPreference does.
func (s *Session) VerifyTOTPSetup(ctx context.Context, code, friendlyName string) error {
	if err := checkCode(code); err != nil {
		return err
	}
	at, err := s.accessToken(ctx)
	if err != nil {
		return err
	}
	in := &cip.VerifySoftwareTokenInput{AccessToken: at, UserCode: aws.String(code)}
	if friendlyName != "" {
		in.FriendlyDeviceName = aws.String(friendlyName)
	}
	_, err = s.c.api.VerifySoftwareToken(ctx, in)
	return apiError(err)
}

// MFAPreference is how the user's MFA factors are set.
type MFAPreference struct {
	Enabled   []MFAType
	Preferred MFAType // "" when none is preferred
}

// MFAPreference fetches the user's MFA factors (GetUser).
func (s *Session) MFAPreference(ctx context.Context) (*MFAPreference, error) {
	u, err := s.User(ctx)
	if err != nil {
		return nil, err
	}
	var p MFAPreference
	for _, m := range u.MFAMethods {
		if t, ok := ParseMFAType(m); ok {
			p.Enabled = append(p.Enabled, t)
		}
	}
	if t, ok := ParseMFAType(u.PreferredMFA); ok {
		p.Preferred = t
	}
	return &p, nil
}

// MFAChoice is how SetMFAPreference changes one factor, with Amplify's names.
type MFAChoice string

const (
	MFAUnchanged    MFAChoice = ""
	MFADisabled     MFAChoice = "DISABLED"
	MFAEnabled      MFAChoice = "ENABLED"
	MFAPreferred    MFAChoice = "PREFERRED"
	MFANotPreferred MFAChoice = "NOT_PREFERRED"
)

// SetMFAPreference turns factors on and off and picks the preferred one, as
// Amplify's updateMFAPreference: SMS needs a phone number, TOTP a verified
// authenticator (VerifyTOTPSetup), EMAIL an email address.
//
// ENABLED leaves PreferredMfa out, which keeps a factor's preference;
// NOT_PREFERRED sends PreferredMfa false, which drops it (Amplify sends the
// same). UNSURE: Cognito's docs do not say what a left-out PreferredMfa
// does; that Amplify tells ENABLED and NOT_PREFERRED apart on the wire is
// why the local pool reads it as "unchanged".
func (s *Session) SetMFAPreference(ctx context.Context, choices map[MFAType]MFAChoice) error {
	in := &cip.SetUserMFAPreferenceInput{}
	var notPreferred []string
	for t, c := range choices {
		if c == MFAUnchanged {
			continue
		}
		enabled, preferred, err := c.settings()
		if err != nil {
			return err
		}
		var member string
		switch t {
		case MFASMS:
			in.SMSMfaSettings, member = &types.SMSMfaSettingsType{Enabled: enabled, PreferredMfa: preferred}, "SMSMfaSettings"
		case MFATOTP:
			in.SoftwareTokenMfaSettings, member = &types.SoftwareTokenMfaSettingsType{Enabled: enabled, PreferredMfa: preferred}, "SoftwareTokenMfaSettings"
		case MFAEmail:
			in.EmailMfaSettings, member = &types.EmailMfaSettingsType{Enabled: enabled, PreferredMfa: preferred}, "EmailMfaSettings"
		default:
			return &Error{Code: ErrInvalidParameter.Code, Message: fmt.Sprintf("unknown MFA type %q", t)}
		}
		if c == MFANotPreferred {
			notPreferred = append(notPreferred, member)
		}
	}
	at, err := s.accessToken(ctx)
	if err != nil {
		return err
	}
	in.AccessToken = at
	_, err = s.c.api.SetUserMFAPreference(ctx, in, sendNotPreferred(notPreferred))
	return apiError(err)
}

// sendNotPreferred writes PreferredMfa false into the named settings of the
// serialized request. The SDK's PreferredMfa is a plain bool, and it leaves
// false out of the JSON.
func sendNotPreferred(members []string) func(*cip.Options) {
	return func(o *cip.Options) {
		if len(members) == 0 {
			return
		}
		o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
			return stack.Serialize.Add(middleware.SerializeMiddlewareFunc("NotPreferredMfa",
				func(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (middleware.SerializeOutput, middleware.Metadata, error) {
					req, ok := in.Request.(*smithyhttp.Request)
					if !ok {
						return next.HandleSerialize(ctx, in)
					}
					var body map[string]any
					if err := json.NewDecoder(req.GetStream()).Decode(&body); err != nil {
						return middleware.SerializeOutput{}, middleware.Metadata{}, fmt.Errorf("cognito: re-reading SetUserMFAPreference: %w", err)
					}
					for _, m := range members {
						if settings, ok := body[m].(map[string]any); ok {
							settings["PreferredMfa"] = false
						}
					}
					raw, err := json.Marshal(body)
					if err != nil {
						return middleware.SerializeOutput{}, middleware.Metadata{}, err
					}
					if req, err = req.SetStream(bytes.NewReader(raw)); err != nil {
						return middleware.SerializeOutput{}, middleware.Metadata{}, err
					}
					in.Request = req
					return next.HandleSerialize(ctx, in)
				}), middleware.After)
		})
	}
}

func (c MFAChoice) settings() (enabled, preferred bool, err error) {
	switch c {
	case MFADisabled:
		return false, false, nil
	case MFAEnabled, MFANotPreferred:
		return true, false, nil
	case MFAPreferred:
		return true, true, nil
	}
	return false, false, &Error{Code: ErrInvalidParameter.Code, Message: fmt.Sprintf("unknown MFA choice %q", c)}
}
