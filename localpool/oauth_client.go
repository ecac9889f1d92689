package localpool

import (
	"github.com/cognitowasm/cognitowasm/app/userpool"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// OAuth scopes every pool knows; custom scopes come from resource servers.
var systemScopes = []string{userpool.ScopeOpenID, userpool.ScopeEmail, userpool.ScopePhone, userpool.ScopeProfile, userpool.ScopeUserAdmin}

var oauthScopePattern = regexp.MustCompile(`^[\x21\x23-\x5B\x5D-\x7E]+$`)

// validateOAuth checks the shape of an app client's OAuth settings.
func (in *clientSettings) validateOAuth() error {
	for _, f := range in.AllowedOAuthFlows {
		if !slices.Contains([]string{"code", "implicit", "client_credentials"}, f) {
			return errInvalidParameter("AllowedOAuthFlows may only hold code, implicit and client_credentials.")
		}
	}
	if slices.Contains(in.AllowedOAuthFlows, "client_credentials") && len(in.AllowedOAuthFlows) > 1 {
		return errInvalidParameter("client_credentials flow can not be selected along with code flow or implicit flow.")
	}
	for _, s := range in.AllowedOAuthScopes {
		if !oauthScopePattern.MatchString(s) {
			return errInvalidParameter("1 validation error detected: Value at 'allowedOAuthScopes' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\x21\\x23-\\x5B\\x5D-\\x7E]+")
		}
	}
	for _, list := range []struct {
		name string
		urls []string
	}{{"CallbackURLs", in.CallbackURLs}, {"LogoutURLs", in.LogoutURLs}} {
		for _, u := range list.urls {
			if err := checkRedirectURL(list.name, u); err != nil {
				return err
			}
		}
	}
	if in.DefaultRedirectURI != "" && !slices.Contains(in.CallbackURLs, in.DefaultRedirectURI) {
		return errInvalidParameter("DefaultRedirectURI must be one of the CallbackURLs.")
	}
	if in.AllowedOAuthFlowsUserPoolClient && (len(in.AllowedOAuthFlows) == 0 || len(in.AllowedOAuthScopes) == 0) {
		return errInvalidParameter("AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.")
	}
	return nil
}

// checkRedirectURL enforces Cognito's rule for callback and sign-out URLs:
// absolute, no fragment, and HTTPS unless the host is the loopback.
func checkRedirectURL(field, raw string) error {
	bad := errInvalidParameter("%s must be absolute URLs without a fragment, using HTTPS unless they point at localhost: %s", field, truncate(raw, 100))
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Fragment != "" || strings.Contains(raw, "#") {
		return bad
	}
	switch u.Scheme {
	case "https":
		if u.Host == "" {
			return bad
		}
	case "http":
		if !isLoopbackHost(u.Hostname()) {
			return bad
		}
	}
	return nil
}

func isLoopbackHost(h string) bool { return h == "localhost" || h == "127.0.0.1" || h == "::1" }

// checkClientScopes refuses scopes the pool does not define.
func checkClientScopes(pool *poolRecord, scopes []string) error {
	custom := pool.customScopes()
	for _, s := range scopes {
		if !slices.Contains(systemScopes, s) && !slices.Contains(custom, s) {
			return errInvalidParameter("Invalid scope requested: %s", truncate(s, 256))
		}
	}
	return nil
}

// oauthEnabled reports whether the client may use the flow at the OAuth endpoints.
func (c *userPoolClient) oauthEnabled(flow string) bool {
	return c.AllowedOAuthFlowsUserPoolClient && slices.Contains(c.AllowedOAuthFlows, flow)
}

// supportsProvider reports whether managed login may sign users in with the provider.
func (c *userPoolClient) supportsProvider(name string) bool {
	return slices.Contains(c.SupportedIdentityProviders, name)
}

// callbackAllowed reports whether uri is one of the registered callback URLs.
// A loopback URL registered without a port matches any port, as RFC 8252
// §7.3 asks, so a command line can listen on a free port.
// UNSURE: Cognito itself may want the exact URL; a client for it then
// registers the port it listens on.
func callbackAllowed(registered []string, uri string) bool {
	if slices.Contains(registered, uri) {
		return true
	}
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "http" || !isLoopbackHost(u.Hostname()) || u.Port() == "" {
		return false
	}
	portless := *u
	portless.Host = u.Hostname()
	if strings.Contains(portless.Host, ":") {
		portless.Host = "[" + portless.Host + "]"
	}
	return slices.Contains(registered, portless.String())
}
