package cognito

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/cognitowasm/cognitowasm/app/storage"
	"github.com/cognitowasm/cognitowasm/app/token"
	"github.com/cognitowasm/cognitowasm/app/userpool"
	"github.com/cognitowasm/cognitowasm/srp"
)

// Config says which user pool and app client to talk to.
type Config struct {
	Region, UserPoolID, ClientID string

	// ClientSecret is the app client's secret, if it has one. SECRET_HASH is
	// sent whenever it is set. A browser app should use a client without one.
	ClientSecret string

	// Endpoint replaces the AWS endpoint, e.g. with the local pool's URL.
	Endpoint string

	// HTTPClient sends the requests; nil means a plain &http.Client{}, which
	// also works in the browser.
	HTTPClient *http.Client

	// Clock returns the local time; nil means time.Now.
	Clock func() time.Time

	// After waits on Clock's time, as time.After does; nil means time.After.
	// Session.KeepFresh sleeps with it, so a fake clock can drive it.
	After func(time.Duration) <-chan time.Time

	// Store keeps the session between runs; nil means storage.NewMemory().
	Store storage.Store

	// RefreshBefore is how long before expiry Session.Tokens refreshes;
	// zero means 5 minutes.
	RefreshBefore time.Duration

	// Passkeys makes and uses passkeys: in the browser, by default,
	// navigator.credentials; natively nil, so passkey sign-in and
	// registration give ErrNoPasskeys unless one is set.
	Passkeys Passkeys
}

// Limits Cognito itself puts on sign-in input. Checking them before any SRP
// work keeps a huge password from costing time locally.
const (
	maxUsernameLen = 128
	maxPasswordLen = 256
)

// Client talks to one user pool through one app client. It is safe for
// concurrent use.
type Client struct {
	cfg      Config
	api      *cip.Client
	verifier *token.Verifier
	// serverOffset is how far the local clock runs ahead of Cognito's, learned
	// from the iat of the latest tokens; token times are checked in server time.
	serverOffset atomic.Int64
	// preparedSRP is an SRP client made ahead by PrepareSignIn, taken by
	// exactly one sign-in.
	preparedSRP atomic.Pointer[srp.Client]
	// signUps are ConfirmSignUp's Sessions, for SignInAfterSignUp.
	signUps signUpSessions
	// noGetTokens is set once the server has answered that it does not know
	// GetTokensFromRefreshToken: refreshes use REFRESH_TOKEN_AUTH from then on.
	noGetTokens atomic.Bool
}

// New returns a Client for cfg.
func New(cfg Config) (*Client, error) {
	if cfg.Region == "" || cfg.UserPoolID == "" || cfg.ClientID == "" {
		return nil, errors.New("cognito: Config needs Region, UserPoolID and ClientID")
	}
	if _, _, ok := strings.Cut(cfg.UserPoolID, "_"); !ok {
		return nil, errors.New("cognito: UserPoolID must look like <region>_<name>")
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	if cfg.Passkeys == nil {
		cfg.Passkeys = platformPasskeys()
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.After == nil {
		cfg.After = time.After
	}
	if cfg.Store == nil {
		cfg.Store = storage.NewMemory()
	}
	if cfg.RefreshBefore == 0 {
		cfg.RefreshBefore = 5 * time.Minute
	}
	c := &Client{cfg: cfg}
	c.api = cip.New(sdkOptions(cfg, aws.AnonymousCredentials{}))
	c.verifier = token.NewVerifier(token.Config{
		Issuer:     c.Issuer(),
		ClientID:   cfg.ClientID,
		HTTPClient: cfg.HTTPClient,
		Clock:      c.serverNow,
	})
	return c, nil
}

// sdkOptions configures an SDK client for cfg with the given credentials.
func sdkOptions(cfg Config, creds aws.CredentialsProvider) cip.Options {
	o := cip.Options{
		Region:      cfg.Region,
		Credentials: creds,
		HTTPClient:  cfg.HTTPClient,
		Retryer:     newRetryer(),
		APIOptions:  platformAPIOptions,
	}
	if cfg.Endpoint != "" {
		o.BaseEndpoint = aws.String(cfg.Endpoint)
		o.EndpointResolverV2 = fixedEndpoint{}
	}
	return o
}

// fixedEndpoint resolves to Config.Endpoint as the SDK's rules do for a
// custom endpoint, without evaluating the rules for AWS's own endpoints.
type fixedEndpoint struct{}

func (fixedEndpoint) ResolveEndpoint(_ context.Context, p cip.EndpointParameters) (smithyendpoints.Endpoint, error) {
	if aws.ToBool(p.UseFIPS) || aws.ToBool(p.UseDualStack) {
		return smithyendpoints.Endpoint{}, errors.New("cognito: FIPS and dual-stack endpoints do not apply to a custom endpoint")
	}
	u, err := url.Parse(aws.ToString(p.Endpoint))
	if err != nil {
		return smithyendpoints.Endpoint{}, fmt.Errorf("cognito: endpoint: %w", err)
	}
	return smithyendpoints.Endpoint{URI: *u, Headers: http.Header{}}, nil
}

// newRetryer is the SDK's standard retryer, minus retries of 4xx answers: the
// SDK retries LimitExceeded and TooManyRequests, but a user waiting for a
// sign-in is better told at once. Without those, only 5xx and network
// failures are retried, which the SDK's client-side token bucket would
// merely ration; one sign-in never makes enough calls for it to matter.
func newRetryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.Retryables = append([]retry.IsErrorRetryable{retry.IsErrorRetryableFunc(noRetryClientError)}, o.Retryables...)
		o.RateLimiter = ratelimit.None
	})
}

func noRetryClientError(err error) aws.Ternary {
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &status) && status.HTTPStatusCode() >= 400 && status.HTTPStatusCode() < 500 {
		return aws.FalseTernary
	}
	return aws.UnknownTernary
}

// Issuer is the iss claim of this pool's tokens.
func (c *Client) Issuer() string {
	return userpool.Issuer(cmp.Or(c.cfg.Endpoint, userpool.Endpoint(c.cfg.Region)), c.cfg.UserPoolID)
}

// Verifier checks tokens from this pool and app client. Its clock is the
// local clock corrected by the drift measured on the latest sign-in.
func (c *Client) Verifier() *token.Verifier { return c.verifier }

func (c *Client) now() time.Time { return c.cfg.Clock() }

func (c *Client) serverNow() time.Time {
	return c.now().Add(-time.Duration(c.serverOffset.Load()))
}

// secretHash is the SECRET_HASH for username, or "" for a client without a secret.
func (c *Client) secretHash(username string) string {
	if c.cfg.ClientSecret == "" {
		return ""
	}
	return srp.SecretHash(username, c.cfg.ClientID, c.cfg.ClientSecret)
}

// secretHashPtr is secretHash for the SDK's optional SecretHash fields.
func (c *Client) secretHashPtr(username string) *string {
	if h := c.secretHash(username); h != "" {
		return &h
	}
	return nil
}

// optional is nil for "": Cognito refuses an empty Session (its minimum
// length is 20), and PASSWORD_VERIFIER has none to send back.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// withSecretHash adds SECRET_HASH to auth parameters when the client has a secret.
func (c *Client) withSecretHash(params map[string]string, username string) map[string]string {
	if h := c.secretHash(username); h != "" {
		params["SECRET_HASH"] = h
	}
	return params
}
