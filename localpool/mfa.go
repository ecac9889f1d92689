package localpool

import (
	"slices"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// MFA factors, named as Cognito's challenges name them.
const (
	mfaSMS   = userpool.ChallengeSMSMFA
	mfaTOTP  = userpool.ChallengeSoftwareTokenMFA
	mfaEmail = userpool.ChallengeEmailOTP
)

// MfaConfiguration values.
const (
	mfaOff      = "OFF"
	mfaOn       = "ON"
	mfaOptional = "OPTIONAL"
)

type smsConfiguration struct {
	SnsCallerArn string `json:"SnsCallerArn,omitempty"`
	ExternalId   string `json:"ExternalId,omitempty"`
	SnsRegion    string `json:"SnsRegion,omitempty"`
}

type smsMfaConfiguration struct {
	SmsAuthenticationMessage string            `json:"SmsAuthenticationMessage,omitempty"`
	SmsConfiguration         *smsConfiguration `json:"SmsConfiguration,omitempty"`
}

type softwareTokenMfaConfiguration struct {
	Enabled bool `json:"Enabled"`
}

type emailMfaConfiguration struct {
	Message string `json:"Message,omitempty"`
	Subject string `json:"Subject,omitempty"`
}

type deviceConfiguration struct {
	ChallengeRequiredOnNewDevice     bool `json:"ChallengeRequiredOnNewDevice"`
	DeviceOnlyRememberedOnUserPrompt bool `json:"DeviceOnlyRememberedOnUserPrompt"`
}

// poolMFA is which factors a pool offers. Codes are delivered to the local
// inbox, so SMS and email need no SNS or SES settings.
type poolMFA struct {
	SMS   *smsMfaConfiguration   `json:"sms,omitempty"`
	TOTP  bool                   `json:"totp,omitempty"`
	Email *emailMfaConfiguration `json:"email,omitempty"`
}

// poolFactors lists the factors the pool offers, in Cognito's order.
func (p *poolRecord) poolFactors() []string {
	var out []string
	if p.MFA.SMS != nil {
		out = append(out, mfaSMS)
	}
	if p.MFA.TOTP {
		out = append(out, mfaTOTP)
	}
	if p.MFA.Email != nil {
		out = append(out, mfaEmail)
	}
	return out
}

// userMFA is a user's MFA state.
type userMFA struct {
	SMS   bool `json:"sms,omitempty"`
	TOTP  bool `json:"totp,omitempty"`
	Email bool `json:"email,omitempty"`
	// SMSChosen records that the user turned SMS on or off themselves, which
	// overrides the implicit SMS factor of a pool with MFA ON.
	SMSChosen bool   `json:"smsChosen,omitempty"`
	Preferred string `json:"preferred,omitempty"`
	// TOTPSecret is the verified software token secret (base32), TOTPPending
	// one associated but not yet verified. TOTPLastStep is the time step of
	// the last code accepted: a code is never accepted twice.
	TOTPSecret   string `json:"totpSecret,omitempty"`
	TOTPPending  string `json:"totpPending,omitempty"`
	TOTPName     string `json:"totpName,omitempty"`
	TOTPLastStep int64  `json:"totpLastStep,omitempty"`
}

// enabledFactors lists the factors the user turned on (UserMFASettingList).
func (u *userRecord) enabledFactors() []string {
	var out []string
	if u.MFA.SMS {
		out = append(out, mfaSMS)
	}
	if u.MFA.TOTP {
		out = append(out, mfaTOTP)
	}
	if u.MFA.Email {
		out = append(out, mfaEmail)
	}
	return out
}

// mfaFactors lists the factors a sign-in of u may be challenged with. A
// verified software token keeps working after the pool turns TOTP off, as in
// Cognito. In a pool with MFA ON, a user with a phone number has SMS unless
// they turned it off (Cognito's legacy SMS MFA).
func (u *userRecord) mfaFactors(pool *poolRecord) []string {
	var out []string
	smsOn := u.MFA.SMS || (pool.MfaConfiguration == mfaOn && !u.MFA.SMSChosen)
	if smsOn && pool.MFA.SMS != nil && u.attr("phone_number") != "" {
		out = append(out, mfaSMS)
	}
	if u.MFA.TOTP && u.MFA.TOTPSecret != "" {
		out = append(out, mfaTOTP)
	}
	if u.MFA.Email && pool.MFA.Email != nil && u.attr("email") != "" {
		out = append(out, mfaEmail)
	}
	return out
}

// mfaFields are the MFA members of GetUser and AdminGetUser.
func (u *userRecord) mfaFields(out map[string]any) {
	if list := u.enabledFactors(); len(list) > 0 {
		out["UserMFASettingList"] = list
	}
	if u.MFA.Preferred != "" {
		out["PreferredMfaSetting"] = u.MFA.Preferred
	}
	if u.MFA.SMS {
		out["MFAOptions"] = []map[string]string{{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}}
	}
}

type setUserPoolMfaConfigInput struct {
	UserPoolId                    string
	MfaConfiguration              string
	SmsMfaConfiguration           *smsMfaConfiguration
	SoftwareTokenMfaConfiguration *softwareTokenMfaConfiguration
	EmailMfaConfiguration         *emailMfaConfiguration
	WebAuthnConfiguration         *webAuthnConfiguration
}

// validate checks what the model cannot say (the model check has run;
// seedMFA goes through it too): the passkey settings, and the email
// subject's length, which the model leaves open and Cognito bounds.
func (in *setUserPoolMfaConfigInput) validate() error {
	if w := in.WebAuthnConfiguration; w != nil {
		if err := w.validate(); err != nil {
			return err
		}
	}
	if e := in.EmailMfaConfiguration; e != nil {
		if err := optional("EmailMfaConfiguration.Subject", e.Subject, 140); err != nil {
			return err
		}
	}
	return nil
}

// mfaConfigOutput is the answer of SetUserPoolMfaConfig and GetUserPoolMfaConfig.
func (p *poolRecord) mfaConfigOutput() map[string]any {
	out := map[string]any{
		"MfaConfiguration":              p.MfaConfiguration,
		"SoftwareTokenMfaConfiguration": softwareTokenMfaConfiguration{Enabled: p.MFA.TOTP},
	}
	if p.MFA.SMS != nil {
		out["SmsMfaConfiguration"] = p.MFA.SMS
	}
	if p.MFA.Email != nil {
		out["EmailMfaConfiguration"] = p.MFA.Email
	}
	out["WebAuthnConfiguration"] = p.webAuthnOutput()
	return out
}

// SetUserPoolMfaConfig changes the members it is given and keeps the others.
func setUserPoolMfaConfig(c *call, in *setUserPoolMfaConfigInput) (any, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	var pool *poolRecord
	err := c.updatePool(in.UserPoolId, func(p *poolTx) error {
		var err error
		if pool, err = p.pool(); err != nil {
			return err
		}
		if in.SmsMfaConfiguration != nil {
			pool.MFA.SMS = in.SmsMfaConfiguration
		}
		if in.SoftwareTokenMfaConfiguration != nil {
			pool.MFA.TOTP = in.SoftwareTokenMfaConfiguration.Enabled
		}
		if in.EmailMfaConfiguration != nil {
			pool.MFA.Email = in.EmailMfaConfiguration
		}
		if in.MfaConfiguration != "" {
			pool.MfaConfiguration = in.MfaConfiguration
		}
		if in.WebAuthnConfiguration != nil {
			pool.WebAuthn = in.WebAuthnConfiguration
		}
		if pool.MfaConfiguration != mfaOff && len(pool.poolFactors()) == 0 {
			return errInvalidParameter("Invalid MFA configuration given: enable SMS, software token or email MFA to turn MFA %s.", pool.MfaConfiguration)
		}
		pool.LastModifiedDate = epochTime(c.now)
		return p.putPool(pool)
	})
	if err != nil {
		return nil, err
	}
	return pool.mfaConfigOutput(), nil
}

func getUserPoolMfaConfig(c *call, in *userPoolIDInput) (any, error) {
	pool, err := c.loadPool(in.UserPoolId)
	if err != nil {
		return nil, err
	}
	return pool.mfaConfigOutput(), nil
}

// poolMFASettings are the MFA and device members CreateUserPool and
// UpdateUserPool share. MFA ON or OPTIONAL there turns on SMS MFA, the only
// factor those operations configure, as in Cognito.
type poolMFASettings struct {
	MfaConfiguration         string
	SmsAuthenticationMessage string
	SmsConfiguration         *smsConfiguration
	DeviceConfiguration      *deviceConfiguration
}

func (in *poolMFASettings) apply(rec *poolRecord) {
	rec.MfaConfiguration = in.MfaConfiguration
	if rec.MfaConfiguration == "" {
		rec.MfaConfiguration = mfaOff
	}
	rec.SmsAuthenticationMessage, rec.SmsConfiguration = in.SmsAuthenticationMessage, in.SmsConfiguration
	rec.DeviceConfiguration = in.DeviceConfiguration
	if rec.MfaConfiguration != mfaOff && len(rec.poolFactors()) == 0 || in.SmsConfiguration != nil {
		rec.MFA.SMS = &smsMfaConfiguration{SmsAuthenticationMessage: in.SmsAuthenticationMessage, SmsConfiguration: in.SmsConfiguration}
	}
}

// mfaSettings is SMSMfaSettings, SoftwareTokenMfaSettings or EmailMfaSettings.
// PreferredMfa left out keeps the preference; false drops it (Amplify's
// NOT_PREFERRED sends false, ENABLED leaves it out). UNSURE: Cognito's docs
// do not say what a left-out PreferredMfa does; Amplify telling the two
// apart on the wire is why it is read as "unchanged".
type mfaSettings struct {
	Enabled      bool
	PreferredMfa *bool
}

func (s *mfaSettings) preferred() bool { return s.PreferredMfa != nil && *s.PreferredMfa }

type mfaPreferenceInput struct {
	UserPoolId               string // AdminSetUserMFAPreference only
	Username                 string // AdminSetUserMFAPreference only
	AccessToken              string // SetUserMFAPreference only
	SMSMfaSettings           *mfaSettings
	SoftwareTokenMfaSettings *mfaSettings
	EmailMfaSettings         *mfaSettings
}

// apply applies SetUserMFAPreference's settings to u. A factor can be
// turned on only once it can deliver: a phone number, an email address, a
// verified software token. At most one factor is preferred.
func (in *mfaPreferenceInput) apply(pool *poolRecord, u *userRecord) error {
	type factor struct {
		name     string
		settings *mfaSettings
		enabled  *bool
		ready    bool
	}
	factors := []factor{
		{mfaSMS, in.SMSMfaSettings, &u.MFA.SMS, u.attr("phone_number") != ""},
		{mfaTOTP, in.SoftwareTokenMfaSettings, &u.MFA.TOTP, u.MFA.TOTPSecret != ""},
		{mfaEmail, in.EmailMfaSettings, &u.MFA.Email, u.attr("email") != ""},
	}
	preferred := 0
	for _, f := range factors {
		if f.settings != nil && f.settings.preferred() {
			preferred++
		}
	}
	if preferred > 1 {
		return errInvalidParameter("Only one MFA method can be preferred.")
	}
	for _, f := range factors {
		s := f.settings
		if s == nil {
			continue
		}
		if s.Enabled && !f.ready {
			return errInvalidParameter("User does not have delivery config set to turn on %s", f.name)
		}
		if f.name == mfaEmail && s.Enabled && pool.MFA.Email == nil {
			return errInvalidParameter("Email MFA is not enabled for this user pool.")
		}
		if s.preferred() && !s.Enabled {
			return errInvalidParameter("A preferred MFA method must be enabled.")
		}
		*f.enabled = s.Enabled
		if f.name == mfaSMS {
			u.MFA.SMSChosen = true
		}
		switch {
		case s.preferred():
			u.MFA.Preferred = f.name
		case u.MFA.Preferred == f.name && (!s.Enabled || s.PreferredMfa != nil):
			u.MFA.Preferred = ""
		}
	}
	if u.MFA.Preferred != "" && !slices.Contains(u.enabledFactors(), u.MFA.Preferred) {
		u.MFA.Preferred = ""
	}
	return nil
}

func setUserMFAPreference(c *call, in *mfaPreferenceInput) (any, error) {
	return nil, c.withAccessUser(in.AccessToken, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		return in.apply(pool, u)
	})
}

func adminSetUserMFAPreference(c *call, in *mfaPreferenceInput) (any, error) {
	return nil, c.withAdminUser(&adminUserInput{UserPoolId: in.UserPoolId, Username: in.Username}, true,
		func(p *poolTx, pool *poolRecord, u *userRecord) error { return in.apply(pool, u) })
}
