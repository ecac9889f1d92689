package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// EnvConfig is the go-app environment variable (app.Handler.Env, read with
// app.Getenv) that carries the Config as JSON. When it is empty the app
// fetches ConfigFile from beside index.html instead.
const EnvConfig = "COGNITOWASM_CONFIG"

// ConfigFile is the name of the JSON file that configures a statically hosted app.
const ConfigFile = "config.json"

// maxConfigSize bounds config.json; a real one is a few hundred bytes.
const maxConfigSize = 64 << 10

// Config tells the app which user pool to talk to. The same JSON shape is
// passed through go-app's Env by `cognitowasm serve` and read from config.json
// on a static site.
type Config struct {
	Region     string `json:"region"`
	UserPoolID string `json:"userPoolId"`
	ClientID   string `json:"clientId"`
	// Endpoint overrides the Cognito endpoint, e.g. the local pool's URL.
	Endpoint string `json:"endpoint,omitempty"`
	// LocalPool marks Endpoint as a local pool, whose delivered codes can be
	// read from its inbox; the app then links to it.
	LocalPool bool `json:"localPool,omitempty"`
	// PasswordPolicy drives the hints and checks on password fields.
	// Zero means Cognito's default policy.
	PasswordPolicy *userpool.PasswordPolicy `json:"passwordPolicy,omitempty"`
	// RefreshBeforeSeconds is how long before the tokens expire the app
	// refreshes them. Zero means two minutes; it must be shorter than the
	// tokens' life (at least five minutes on Cognito).
	RefreshBeforeSeconds int `json:"refreshBeforeSeconds,omitempty"`
	// SignInFactors are the first factors besides the password the pool
	// allows (its SignInPolicy, which a browser cannot read): "EMAIL_OTP",
	// "SMS_OTP", "WEB_AUTHN". /signin offers a button for each; the client
	// must allow ALLOW_USER_AUTH.
	SignInFactors []string `json:"signInFactors,omitempty"`
	// OAuth enables sign-in through the pool's hosted UI, with Amplify's names.
	OAuth *OAuthConfig `json:"oauth,omitempty"`
}

// OAuthConfig is the hosted UI's part of the configuration, named as in
// Amplify's oauth block.
type OAuthConfig struct {
	// Domain is the hosted UI's domain ("auth.example.com"), or a base URL
	// such as the local pool's "http://127.0.0.1:9229".
	Domain string `json:"domain"`
	// Scopes to ask for; empty means openid, email, profile and
	// aws.cognito.signin.user.admin.
	Scopes []string `json:"scopes,omitempty"`
	// RedirectSignIn lists the app's callback URLs (…/callback); the app
	// uses the one on its own origin.
	RedirectSignIn []string `json:"redirectSignIn"`
	// RedirectSignOut lists where /logout may return (the app's start page).
	RedirectSignOut []string `json:"redirectSignOut,omitempty"`
	// ResponseType is "code", the only flow the app uses (it gives a refresh token).
	ResponseType string `json:"responseType,omitempty"`
	// Providers are the identity providers /signin offers a button for,
	// besides the pool's own users, with Amplify's names: "Google",
	// "Facebook", "Amazon", "Apple", or an OIDC or SAML provider's name
	// (the pool's names, such as "LoginWithAmazon", work too).
	// The app client must support each (SupportedIdentityProviders).
	Providers ProviderNames `json:"providers,omitempty"`
}

// validate checks the oauth block.
func (o *OAuthConfig) validate() error {
	switch {
	case o.Domain == "":
		return fmt.Errorf("%w: oauth.domain is empty", ErrConfig)
	case len(o.RedirectSignIn) == 0:
		return fmt.Errorf("%w: oauth.redirectSignIn is empty", ErrConfig)
	case o.ResponseType != "" && o.ResponseType != "code":
		return fmt.Errorf("%w: oauth.responseType %q: only \"code\" is supported (the implicit flow gives no refresh token)", ErrConfig, o.ResponseType)
	}
	for _, u := range append(slices.Clone(o.RedirectSignIn), o.RedirectSignOut...) {
		if p, err := url.Parse(u); err != nil || !p.IsAbs() || p.Host == "" {
			return fmt.Errorf("%w: oauth redirect %q is not an absolute URL", ErrConfig, u)
		}
	}
	return o.Providers.validate()
}

// ForOrigin picks the entry of urls on origin ("http://127.0.0.1:8000"),
// as Amplify does, or "" when there is none.
func ForOrigin(urls []string, origin string) string {
	for _, raw := range urls {
		if u, err := url.Parse(raw); err == nil && u.Scheme+"://"+u.Host == origin {
			return raw
		}
	}
	return ""
}

// defaultRefreshBefore leaves tokens of Cognito's shortest life (five
// minutes) in use for three minutes before they are refreshed.
const defaultRefreshBefore = 2 * time.Minute

// maxRefreshBefore is Cognito's longest ID and access token life.
const maxRefreshBefore = 24 * time.Hour

// refreshBefore is how long before expiry the app refreshes the tokens.
func (c Config) refreshBefore() time.Duration {
	if c.RefreshBeforeSeconds == 0 {
		return defaultRefreshBefore
	}
	return time.Duration(c.RefreshBeforeSeconds) * time.Second
}

// ErrConfig reports a missing or malformed configuration.
var ErrConfig = errors.New("ui: invalid configuration")

// ParseConfig decodes and checks a Config from JSON.
func ParseConfig(data []byte) (Config, error) {
	var c Config
	if len(data) > maxConfigSize {
		return c, fmt.Errorf("%w: larger than %d bytes", ErrConfig, maxConfigSize)
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	return c, c.Validate()
}

// Validate reports the first missing or inconsistent field.
func (c Config) Validate() error {
	switch {
	case c.Region == "":
		return fmt.Errorf("%w: region is empty", ErrConfig)
	case c.UserPoolID == "":
		return fmt.Errorf("%w: userPoolId is empty", ErrConfig)
	case c.ClientID == "":
		return fmt.Errorf("%w: clientId is empty", ErrConfig)
	case !strings.HasPrefix(c.UserPoolID, c.Region+"_"):
		return fmt.Errorf("%w: userPoolId %q is not in region %q", ErrConfig, c.UserPoolID, c.Region)
	case c.LocalPool && c.Endpoint == "":
		return fmt.Errorf("%w: localPool needs an endpoint", ErrConfig)
	case c.RefreshBeforeSeconds < 0 || c.refreshBefore() > maxRefreshBefore:
		return fmt.Errorf("%w: refreshBeforeSeconds %d is not within 0 to %d", ErrConfig, c.RefreshBeforeSeconds, int(maxRefreshBefore.Seconds()))
	}
	for _, f := range c.SignInFactors {
		if !slices.Contains(signInFactors, f) {
			return fmt.Errorf("%w: signInFactors: %q is not one of %v", ErrConfig, f, signInFactors)
		}
	}
	if c.OAuth != nil {
		return c.OAuth.validate()
	}
	return nil
}

// signInFactors are the factors Config.SignInFactors may name.
var signInFactors = []string{userpool.FactorEmailOTP, userpool.FactorSMSOTP, userpool.FactorWebAuthn}

// offers reports whether /signin offers factor.
func (c Config) offers(factor cognito.Factor) bool {
	return slices.Contains(c.SignInFactors, string(factor))
}

// Policy returns the password policy in force.
func (c Config) Policy() userpool.PasswordPolicy {
	if c.PasswordPolicy == nil {
		return userpool.DefaultPasswordPolicy
	}
	return *c.PasswordPolicy
}

// JSON encodes c for app.Handler.Env or config.json.
func (c Config) JSON() string {
	b, err := json.Marshal(c)
	if err != nil {
		panic(err) // a struct of strings, ints and bools always encodes
	}
	return string(b)
}

// InboxURL is where the local pool shows the codes it "sent" to username,
// or "" when the app talks to a real pool.
func (c Config) InboxURL(username string) string {
	if !c.LocalPool {
		return ""
	}
	return strings.TrimSuffix(c.Endpoint, "/") + "/_local/inbox?username=" + url.QueryEscape(username)
}
