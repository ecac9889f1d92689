package localpool

import (
	"slices"
	"strings"
	"time"
)

// The records below are stored as JSON. Where a record is also an answer on the
// wire, its field names are Cognito's, so one type serves both.

type passwordPolicy struct {
	MinimumLength                 int  `json:"MinimumLength"`
	RequireUppercase              bool `json:"RequireUppercase"`
	RequireLowercase              bool `json:"RequireLowercase"`
	RequireNumbers                bool `json:"RequireNumbers"`
	RequireSymbols                bool `json:"RequireSymbols"`
	TemporaryPasswordValidityDays int  `json:"TemporaryPasswordValidityDays"`
}

type poolPolicies struct {
	PasswordPolicy passwordPolicy `json:"PasswordPolicy"`
	SignInPolicy   *signInPolicy  `json:"SignInPolicy,omitempty"`
}

// signInPolicy is SignInPolicyType: the first factors of choice-based sign-in.
type signInPolicy struct {
	AllowedFirstAuthFactors []string `json:"AllowedFirstAuthFactors"`
}

type usernameConfiguration struct {
	CaseSensitive bool `json:"CaseSensitive"`
}

// userPool is the UserPoolType of DescribeUserPool.
type userPool struct {
	Id                       string                `json:"Id"`
	Name                     string                `json:"Name"`
	Arn                      string                `json:"Arn"`
	CreationDate             epochTime             `json:"CreationDate"`
	LastModifiedDate         epochTime             `json:"LastModifiedDate"`
	Policies                 poolPolicies          `json:"Policies"`
	UsernameAttributes       []string              `json:"UsernameAttributes,omitempty"`
	AliasAttributes          []string              `json:"AliasAttributes,omitempty"`
	AutoVerifiedAttributes   []string              `json:"AutoVerifiedAttributes,omitempty"`
	MfaConfiguration         string                `json:"MfaConfiguration"`
	UsernameConfiguration    usernameConfiguration `json:"UsernameConfiguration"`
	EstimatedNumberOfUsers   int                   `json:"EstimatedNumberOfUsers"`
	DeviceConfiguration      *deviceConfiguration  `json:"DeviceConfiguration,omitempty"`
	SmsAuthenticationMessage string                `json:"SmsAuthenticationMessage,omitempty"`
	SmsConfiguration         *smsConfiguration     `json:"SmsConfiguration,omitempty"`
	Domain                   string                `json:"Domain,omitempty"`
	CustomDomain             string                `json:"CustomDomain,omitempty"`
	SchemaAttributes         []schemaAttribute     `json:"SchemaAttributes,omitempty"`
	UserPoolTier             string                `json:"UserPoolTier,omitempty"`

	UserAttributeUpdateSettings *userAttributeUpdateSettings `json:"UserAttributeUpdateSettings,omitempty"`
}

type userAttributeUpdateSettings struct {
	AttributesRequireVerificationBeforeUpdate []string `json:"AttributesRequireVerificationBeforeUpdate"`
}

// verifiesBeforeUpdate reports whether a change of attr takes effect only once the new value is verified.
func (p *userPool) verifiesBeforeUpdate(attr string) bool {
	return p.UserAttributeUpdateSettings != nil && slices.Contains(p.UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate, attr)
}

type poolRecord struct {
	userPool
	// SigningKey is the PKCS#8 DER of the pool's RSA ID-token key; KeyID its
	// kid. AccessSigningKey and AccessKeyID are the access-token key.
	SigningKey       []byte `json:"signingKey"`
	KeyID            string `json:"keyId"`
	AccessSigningKey []byte `json:"accessSigningKey,omitempty"`
	AccessKeyID      string `json:"accessKeyId,omitempty"`
	// SealKey is the AES-256 key that seals SECRET_BLOCKs and challenge sessions.
	SealKey []byte `json:"sealKey"`
	// MFA holds the factors SetUserPoolMfaConfig enabled.
	MFA poolMFA `json:"mfa,omitzero"`
	// WebAuthn is SetUserPoolMfaConfig's WebAuthnConfiguration.
	WebAuthn *webAuthnConfiguration `json:"webAuthn,omitempty"`
	// ManagedLoginVersion is the version of the pool's domain (1 classic, 2 managed login).
	ManagedLoginVersion int                `json:"managedLoginVersion,omitempty"`
	ResourceServers     []resourceServer   `json:"resourceServers,omitempty"`
	IdentityProviders   []identityProvider `json:"identityProviders,omitempty"`
}

// domain is the pool's hosted-UI domain: the custom one if set, else the prefix.
func (p *poolRecord) domain() string {
	if p.CustomDomain != "" {
		return p.CustomDomain
	}
	return p.Domain
}

// emailSignIn reports whether users sign in with their email (as username or alias).
func (p *userPool) emailSignIn() bool {
	return slices.Contains(p.UsernameAttributes, "email") || slices.Contains(p.AliasAttributes, "email")
}

// emailIsUsername reports whether the email replaces the username, in which
// case the internal username is the user's sub.
func (p *userPool) emailIsUsername() bool { return slices.Contains(p.UsernameAttributes, "email") }

type tokenValidityUnits struct {
	AccessToken  string `json:"AccessToken,omitempty"`
	IdToken      string `json:"IdToken,omitempty"`
	RefreshToken string `json:"RefreshToken,omitempty"`
}

type refreshTokenRotation struct {
	Feature                 string `json:"Feature"`
	RetryGracePeriodSeconds int    `json:"RetryGracePeriodSeconds"`
}

// userPoolClient is the UserPoolClientType of DescribeUserPoolClient.
type userPoolClient struct {
	UserPoolId                      string                `json:"UserPoolId"`
	ClientName                      string                `json:"ClientName"`
	ClientId                        string                `json:"ClientId"`
	ClientSecret                    string                `json:"ClientSecret,omitempty"`
	CreationDate                    epochTime             `json:"CreationDate"`
	LastModifiedDate                epochTime             `json:"LastModifiedDate"`
	RefreshTokenValidity            int                   `json:"RefreshTokenValidity"`
	AccessTokenValidity             int                   `json:"AccessTokenValidity,omitempty"`
	IdTokenValidity                 int                   `json:"IdTokenValidity,omitempty"`
	TokenValidityUnits              *tokenValidityUnits   `json:"TokenValidityUnits,omitempty"`
	ReadAttributes                  []string              `json:"ReadAttributes,omitempty"`
	WriteAttributes                 []string              `json:"WriteAttributes,omitempty"`
	ExplicitAuthFlows               []string              `json:"ExplicitAuthFlows,omitempty"`
	SupportedIdentityProviders      []string              `json:"SupportedIdentityProviders,omitempty"`
	CallbackURLs                    []string              `json:"CallbackURLs,omitempty"`
	LogoutURLs                      []string              `json:"LogoutURLs,omitempty"`
	DefaultRedirectURI              string                `json:"DefaultRedirectURI,omitempty"`
	AllowedOAuthFlows               []string              `json:"AllowedOAuthFlows,omitempty"`
	AllowedOAuthScopes              []string              `json:"AllowedOAuthScopes,omitempty"`
	AllowedOAuthFlowsUserPoolClient bool                  `json:"AllowedOAuthFlowsUserPoolClient"`
	PreventUserExistenceErrors      string                `json:"PreventUserExistenceErrors,omitempty"`
	EnableTokenRevocation           bool                  `json:"EnableTokenRevocation"`
	AuthSessionValidity             int                   `json:"AuthSessionValidity,omitempty"`
	RefreshTokenRotation            *refreshTokenRotation `json:"RefreshTokenRotation,omitempty"`
}

// allowsFlow reports whether the client enables the ALLOW_<flow> explicit auth flow.
// Cognito's default, when none are set, is SRP, custom and refresh.
func (c *userPoolClient) allowsFlow(flow string) bool {
	flows := c.ExplicitAuthFlows
	if len(flows) == 0 {
		flows = []string{"ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
	}
	for _, f := range flows {
		if f == "ALLOW_"+flow || legacyAuthFlows[f] == flow {
			return true
		}
	}
	return false
}

// legacyAuthFlows maps the old ExplicitAuthFlows names to the flow they enable.
var legacyAuthFlows = map[string]string{
	"ADMIN_NO_SRP_AUTH":  "ADMIN_USER_PASSWORD_AUTH",
	"USER_PASSWORD_AUTH": "USER_PASSWORD_AUTH",
}

func (c *userPoolClient) rotatesRefreshTokens() bool {
	return c.RefreshTokenRotation != nil && c.RefreshTokenRotation.Feature == "ENABLED"
}

// refreshesOutsideInitiateAuth reports whether GetTokensFromRefreshToken and
// the token endpoint's refresh_token grant may refresh: a rotating client
// always may (Cognito has it turn ALLOW_REFRESH_TOKEN_AUTH off, as those are
// its only refreshes), any other needs the refresh flow.
func (c *userPoolClient) refreshesOutsideInitiateAuth() bool {
	return c.rotatesRefreshTokens() || c.allowsFlow("REFRESH_TOKEN_AUTH")
}

// validity converts a client's token validity setting to a duration.
func validity(n int, unit string, def time.Duration) time.Duration {
	if n <= 0 {
		return def
	}
	switch unit {
	case "seconds":
		return time.Duration(n) * time.Second
	case "minutes":
		return time.Duration(n) * time.Minute
	case "hours":
		return time.Duration(n) * time.Hour
	case "days":
		return time.Duration(n) * 24 * time.Hour
	}
	return time.Duration(n) * def
}

func (c *userPoolClient) accessValidity() time.Duration {
	return validity(c.AccessTokenValidity, c.units().AccessToken, time.Hour)
}

func (c *userPoolClient) idValidity() time.Duration {
	return validity(c.IdTokenValidity, c.units().IdToken, time.Hour)
}

func (c *userPoolClient) refreshValidity() time.Duration {
	return validity(c.RefreshTokenValidity, c.units().RefreshToken, 24*time.Hour)
}

// units returns the client's token validity units with Cognito's defaults filled in.
func (c *userPoolClient) units() tokenValidityUnits {
	u := tokenValidityUnits{AccessToken: "hours", IdToken: "hours", RefreshToken: "days"}
	if c.TokenValidityUnits != nil {
		if c.TokenValidityUnits.AccessToken != "" {
			u.AccessToken = c.TokenValidityUnits.AccessToken
		}
		if c.TokenValidityUnits.IdToken != "" {
			u.IdToken = c.TokenValidityUnits.IdToken
		}
		if c.TokenValidityUnits.RefreshToken != "" {
			u.RefreshToken = c.TokenValidityUnits.RefreshToken
		}
	}
	return u
}

type attribute struct {
	Name  string `json:"Name"`
	Value string `json:"Value"`
}

// User statuses, as Cognito names them.
const (
	statusUnconfirmed   = "UNCONFIRMED"
	statusConfirmed     = "CONFIRMED"
	statusForceChange   = "FORCE_CHANGE_PASSWORD"
	statusResetRequired = "RESET_REQUIRED"
)

// Code purposes.
const (
	purposeSignUp   = "confirm_sign_up"
	purposeReset    = "forgot_password"
	purposeVerify   = "verify_attribute"
	maxCodeAttempts = 5
	maxCodeSends    = 5 // per user, purpose and hour
)

type codeRecord struct {
	Purpose     string    `json:"purpose"`
	Code        string    `json:"code"`
	Attribute   string    `json:"attribute,omitempty"`
	Destination string    `json:"destination,omitempty"`
	SentAt      time.Time `json:"sentAt"`
	ExpiresAt   time.Time `json:"expiresAt"`
	Attempts    int       `json:"attempts"`
}

type userRecord struct {
	Username   string      `json:"username"`
	Attributes []attribute `json:"attributes"`
	Enabled    bool        `json:"enabled"`
	Status     string      `json:"status"`
	Created    time.Time   `json:"created"`
	Modified   time.Time   `json:"modified"`
	// Salt and Verifier are the SRP verifier; the password itself is never stored.
	Salt     []byte   `json:"salt"`
	Verifier []byte   `json:"verifier"`
	Groups   []string `json:"groups,omitempty"`
	// TemporaryUntil is when a temporary password (FORCE_CHANGE_PASSWORD) expires.
	TemporaryUntil time.Time    `json:"temporaryUntil,omitzero"`
	FailedSignIns  int          `json:"failedSignIns,omitempty"`
	LockedUntil    time.Time    `json:"lockedUntil,omitzero"`
	Codes          []codeRecord `json:"codes,omitempty"`
	CodeSends      []codeSend   `json:"codeSendLog,omitempty"`
	MFA            userMFA      `json:"mfa,omitzero"`
	// Pending holds new email or phone values that take effect once verified
	// (UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate).
	Pending []attribute `json:"pending,omitempty"`
	// Passkeys are the user's WebAuthn credentials; PasskeyRegistration the
	// ceremony StartWebAuthnRegistration began.
	Passkeys            []passkeyRecord      `json:"passkeys,omitempty"`
	PasskeyRegistration *passkeyRegistration `json:"passkeyRegistration,omitempty"`
}

// codeSend records one code sent, for the per-purpose send budget.
type codeSend struct {
	Purpose string    `json:"purpose"`
	At      time.Time `json:"at"`
}

func (u *userRecord) attr(name string) string {
	for _, a := range u.Attributes {
		if a.Name == name {
			return a.Value
		}
	}
	return ""
}

func (u *userRecord) hasAttr(name string) bool {
	return slices.ContainsFunc(u.Attributes, func(a attribute) bool { return a.Name == name })
}

func (u *userRecord) setAttr(name, value string) {
	for i, a := range u.Attributes {
		if a.Name == name {
			u.Attributes[i].Value = value
			return
		}
	}
	u.Attributes = append(u.Attributes, attribute{Name: name, Value: value})
}

func (u *userRecord) deleteAttr(name string) {
	u.Attributes = slices.DeleteFunc(u.Attributes, func(a attribute) bool { return a.Name == name })
}

func (u *userRecord) sub() string { return u.attr("sub") }

// nameKeys lists the alias index keys that point at this user.
func (u *userRecord) nameKeys() []string {
	keys := []string{"sub:" + u.sub()}
	if e := u.attr("email"); e != "" {
		keys = append(keys, emailKey(e))
	}
	for _, id := range u.identities() {
		if id.Primary != "true" {
			keys = append(keys, linkKey(id.ProviderName, id.UserID))
		}
	}
	return keys
}

func emailKey(email string) string { return "email:" + strings.ToLower(email) }

type groupRecord struct {
	GroupName        string    `json:"GroupName"`
	UserPoolId       string    `json:"UserPoolId"`
	Description      string    `json:"Description,omitempty"`
	RoleArn          string    `json:"RoleArn,omitempty"`
	Precedence       *int      `json:"Precedence,omitempty"`
	CreationDate     epochTime `json:"CreationDate"`
	LastModifiedDate epochTime `json:"LastModifiedDate"`
}

// sessionRecord is one sign-in: its refresh token and every access token
// issued from it share origin_jti = ID.
type sessionRecord struct {
	ID       string    `json:"id"`
	Username string    `json:"username"`
	ClientID string    `json:"clientId"`
	AuthTime time.Time `json:"authTime"`
	Expires  time.Time `json:"expires"`
	// RefreshHash is SHA-256 of the current refresh token secret. With
	// rotation, each replaced token stays valid for the client's retry grace
	// period (Previous).
	RefreshHash []byte      `json:"refreshHash"`
	Previous    []graceHash `json:"previous,omitempty"`
	// Siblings are current refresh tokens too: those issued for a token
	// within its grace period (a retry, or a second tab refreshing at once).
	Siblings [][]byte `json:"siblings,omitempty"`
	Revoked  bool     `json:"revoked,omitempty"`
	// DeviceKey is the device the session signed in on; access tokens carry it as device_key.
	DeviceKey string `json:"deviceKey,omitempty"`
	// Scopes are the OAuth scopes granted through the hosted UI; none for an
	// API sign-in, whose access tokens carry aws.cognito.signin.user.admin.
	Scopes []string `json:"scopes,omitempty"`
}

// graceHash is a rotated-out refresh token hash, valid until Until.
type graceHash struct {
	Hash  []byte    `json:"hash"`
	Until time.Time `json:"until"`
}
