package hostedui

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/storage"
	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// Config describes the hosted UI of a user pool and the app's place in it.
// The names follow Amplify's oauth configuration.
type Config struct {
	// Domain is the hosted UI's domain, "auth.example.com" or
	// "<prefix>.auth.<region>.amazoncognito.com" (https is implied), or a
	// base URL such as "http://127.0.0.1:9229" for the local pool.
	Domain string
	// ClientID is the app client; ClientSecret is set only for a
	// confidential client (never in a browser).
	ClientID, ClientSecret string
	// RedirectSignIn is the callback URL registered with the client;
	// RedirectSignOut the sign-out URL /logout returns to.
	RedirectSignIn, RedirectSignOut string
	// Scopes to ask for; nil means openid, email, profile and
	// aws.cognito.signin.user.admin. openid is needed for the ID token.
	Scopes []string
	// Store keeps the in-flight sign-in across the redirect; nil means a
	// memory store. In the browser use storage.NewSessionStorage, so each
	// tab has its own.
	Store storage.Store
	// HTTPClient calls the token endpoint; nil means &http.Client{}.
	HTTPClient *http.Client
	// Clock returns the time; nil means time.Now.
	Clock func() time.Time
}

// DefaultScopes are asked for when Config.Scopes is nil.
var DefaultScopes = []string{userpool.ScopeOpenID, userpool.ScopeEmail, userpool.ScopeProfile, userpool.ScopeUserAdmin}

// Client signs in through the hosted UI into a cognito.Client's session.
type Client struct {
	cfg   Config
	base  string
	users *cognito.Client
	oauth *oauth2.Config
}

// New returns a Client for cfg whose sessions belong to users.
func New(cfg Config, users *cognito.Client) (*Client, error) {
	if cfg.Domain == "" || cfg.ClientID == "" || cfg.RedirectSignIn == "" || users == nil {
		return nil, errors.New("hostedui: Config needs Domain, ClientID and RedirectSignIn, and a cognito.Client")
	}
	base, err := BaseURL(cfg.Domain)
	if err != nil {
		return nil, err
	}
	if _, err := url.ParseRequestURI(cfg.RedirectSignIn); err != nil {
		return nil, errors.New("hostedui: RedirectSignIn is not an absolute URL")
	}
	if cfg.Scopes == nil {
		cfg.Scopes = DefaultScopes
	}
	if cfg.Store == nil {
		cfg.Store = storage.NewMemory()
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	style := oauth2.AuthStyleInParams // a public client sends only client_id
	if cfg.ClientSecret != "" {
		style = oauth2.AuthStyleInHeader
	}
	return &Client{cfg: cfg, base: base, users: users, oauth: &oauth2.Config{
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		RedirectURL:  cfg.RedirectSignIn,
		Scopes:       cfg.Scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL:   base + userpool.AuthorizePath,
			TokenURL:  base + userpool.TokenPath,
			AuthStyle: style,
		},
	}}, nil
}

// BaseURL turns an Amplify-style domain into the hosted UI's base URL:
// https:// is added to a bare host, and a trailing slash is dropped.
func BaseURL(domain string) (string, error) {
	d := strings.TrimSuffix(strings.TrimSpace(domain), "/")
	if !strings.Contains(d, "://") {
		d = "https://" + d
	}
	u, err := url.Parse(d)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return "", errors.New("hostedui: the domain must be a host name or an http(s) base URL")
	}
	return u.Scheme + "://" + u.Host, nil
}

// BaseURL is the hosted UI's base URL.
func (c *Client) BaseURL() string { return c.base }
