package localpool

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// A local pool runs next to the developer's browser, and its admin
// operations need no credentials, so every page the browser opens could call
// them. Two checks keep other sites out:
//
//   - Host: only loopback names, *.localhost and the host of
//     Options.IssuerBase are answered, so a name an attacker rebinds to
//     127.0.0.1 (DNS rebinding) gets nothing.
//   - Origin: an operation that Cognito signs with IAM credentials is refused
//     when a browser sends it (every cross-origin request carries Origin),
//     unless Options.AllowOrigins lists that origin. The user operations a
//     browser app calls keep their CORS headers.

// unsignedOperations are the operations Cognito answers without IAM
// credentials (smithy.api#noAuth in the API model): all others are admin
// operations. An operation missing here is refused from a browser, so a new
// admin operation is safe by default.
var unsignedOperations = map[string]bool{
	"AssociateSoftwareToken": true, "ChangePassword": true, "CompleteWebAuthnRegistration": true, "ConfirmDevice": true,
	"ConfirmForgotPassword": true, "ConfirmSignUp": true, "DeleteUser": true, "DeleteUserAttributes": true,
	"DeleteWebAuthnCredential": true, "ForgetDevice": true, "ForgotPassword": true, "GetDevice": true,
	"GetTokensFromRefreshToken": true, "GetUser": true, "GetUserAttributeVerificationCode": true, "GetUserAuthFactors": true,
	"GlobalSignOut": true, "InitiateAuth": true, "ListDevices": true, "ListWebAuthnCredentials": true,
	"ResendConfirmationCode": true, "RespondToAuthChallenge": true, "RevokeToken": true, "SetUserMFAPreference": true,
	"SetUserSettings": true, "SignUp": true, "StartWebAuthnRegistration": true, "UpdateAuthEventFeedback": true,
	"UpdateDeviceStatus": true, "UpdateUserAttributes": true, "VerifySoftwareToken": true, "VerifyUserAttribute": true,
}

// normalizeOrigins checks the configured origins and returns them as a set
// of "scheme://host[:port]", the form browsers send in Origin.
func normalizeOrigins(origins []string) (map[string]bool, error) {
	set := map[string]bool{}
	for _, o := range origins {
		u, err := url.Parse(strings.TrimSuffix(o, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.User != nil {
			return nil, fmt.Errorf("localpool: allowed origin %q is not scheme://host[:port], e.g. http://localhost:3000", o)
		}
		set[strings.ToLower(u.Scheme+"://"+u.Host)] = true
	}
	return set, nil
}

// hostName is the host name of a base URL such as Options.IssuerBase, or "".
func hostName(base string) (string, error) {
	if base == "" {
		return "", nil
	}
	u, err := url.Parse(base)
	if err != nil || u.Hostname() == "" {
		return "", fmt.Errorf("localpool: issuer base %q is not an absolute URL", base)
	}
	return strings.ToLower(u.Hostname()), nil
}

// allowedHost reports whether the pool answers requests sent to host (a Host
// header, with or without a port).
func (s *Server) allowedHost(host string) bool {
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	name = strings.ToLower(strings.TrimSuffix(strings.Trim(name, "[]"), "."))
	if name != "" && name == s.issuerHost {
		return true
	}
	if ip := net.ParseIP(name); ip != nil {
		return ip.IsLoopback()
	}
	return name == "localhost" || strings.HasSuffix(name, ".localhost")
}

// refuseForeignHost answers a request whose Host the pool does not serve.
func (s *Server) refuseForeignHost(w http.ResponseWriter, r *http.Request) bool {
	if s.allowedHost(r.Host) {
		return false
	}
	s.log.Warn("request for a foreign host refused", "host", logValue(r.Host), "path", logValue(r.URL.Path))
	writeError(w, apiError(userpool.ForbiddenException,
		"The local pool answers only loopback hosts, *.localhost and the host of -issuer-base, not %q. Start it with -issuer-base set to a URL on that host to serve it.",
		truncate(r.Host, 100)))
	return true
}

// refuseCrossSite refuses an admin operation sent by a page on an origin
// that is not allowed. Requests without Origin (the SDK, the command line,
// curl) are not browser requests and pass.
//
// UNSURE: Cognito refuses an unsigned admin call for its missing signature;
// the pool does not check signatures, so it answers AccessDeniedException,
// AWS's name for a call the caller may not make.
func (s *Server) refuseCrossSite(w http.ResponseWriter, r *http.Request, operation string) bool {
	origin := r.Header.Get("Origin")
	if origin == "" || unsignedOperations[operation] || s.allowOrigins[strings.ToLower(origin)] {
		return false
	}
	s.log.Warn("admin operation from a web page refused", "op", operation, "origin", logValue(origin))
	writeError(w, apiError(userpool.AccessDeniedException,
		"%s is an admin operation, and the local pool refuses admin operations from web pages on other origins (%s). Start the pool with -allow-origin %s to allow that origin.",
		operation, truncate(origin, 100), truncate(origin, 100)))
	return true
}
