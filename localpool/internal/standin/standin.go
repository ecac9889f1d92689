// Package standin is the local pool's offline stand-in for identity
// providers, served under /_local/idp so that every "Continue with …"
// button of the hosted UI works with no internet: one OpenID Provider from
// zitadel/oidc's op package (with the library's in-memory storage) answers
// as Google, Facebook, Login with Amazon, Sign in with Apple and a generic
// OIDC provider, each with its own client; crewjam/saml's samlidp answers as
// a SAML IdP. Facebook and Login with Amazon are OAuth 2.0 plus a profile
// endpoint, so the stand-in also answers Graph's me?fields= and Amazon's
// /user/profile shapes, read from the OP's userinfo.
//
// Every page says plainly that it is a local stand-in and lets the user
// pick a demo identity or type one (an email address and a name). The
// stand-in runs on plain http and only on the loopback.
package standin

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Path is where the stand-in is served on the pool.
const Path = "/_local/idp"

// Kind is one provider the stand-in plays.
type Kind struct {
	ProviderType string // Cognito's ProviderType
	ProviderName string // the name it is registered under
	Label        string // how it calls itself on its page
	clientID     string // its client at the OP ("" for SAML)
}

// Kinds are the providers the stand-in plays, one per Cognito provider type.
var Kinds = []Kind{
	{"Google", "Google", "Google", "standin-google"},
	{"Facebook", "Facebook", "Facebook", "standin-facebook"},
	{"LoginWithAmazon", "LoginWithAmazon", "Login with Amazon", "standin-amazon"},
	{"SignInWithApple", "SignInWithApple", "Sign in with Apple", "standin-apple"},
	{"OIDC", "StandInOIDC", "an OpenID Connect provider", "standin-oidc"},
	{"SAML", "StandInSAML", "a SAML identity provider", ""},
}

// Identity is a demo identity offered on every stand-in page.
type Identity struct {
	Email, Name string
}

// DemoIdentities are the identities a stand-in page offers to pick.
var DemoIdentities = []Identity{
	{"ada@example.com", "Ada Lovelace"},
	{"grace@example.com", "Grace Hopper"},
}

// Provider is a stand-in provider as the pool registers it.
type Provider struct {
	Kind
	Details map[string]string // ProviderDetails
	Mapping map[string]string // AttributeMapping
}

// Server is a running stand-in.
type Server struct {
	Config
	base string // Config.Base without a trailing slash
	oidc *openIDProvider
	saml *samlProvider
	mux  *http.ServeMux
}

// Config says which pool a stand-in serves.
type Config struct {
	Base   string // the pool's plain-http loopback base URL, e.g. http://127.0.0.1:9229
	PoolID string // the pool whose providers it plays
	// Now is the pool's clock (nil: time.Now); Apple's client secrets the
	// pool signs are checked on it.
	Now func() time.Time
	// Domains names the pool's hosted-UI domains (may be nil): the pool
	// also answers on http://<domain>.localhost:<port>.
	Domains func() []string
	// SigningCertificate is the pool's SAML signing certificate, which its
	// LogoutRequests are checked with.
	SigningCertificate *x509.Certificate
}

// New starts a stand-in for a pool.
func New(cfg Config) (*Server, error) {
	u, err := url.Parse(cfg.Base)
	if err != nil || u.Scheme != "http" || u.Host == "" || (u.Path != "" && u.Path != "/") || !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("standin: %q is not a plain-http loopback base URL", cfg.Base)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Domains == nil {
		cfg.Domains = func() []string { return nil }
	}
	s := &Server{Config: cfg, base: strings.TrimSuffix(cfg.Base, "/"), mux: http.NewServeMux()}
	if s.oidc, err = newOpenIDProvider(s); err != nil {
		return nil, err
	}
	if s.saml, err = newSAMLProvider(s); err != nil {
		return nil, err
	}
	return s, nil
}

// Base is the base URL the stand-in was started for.
func (s *Server) Base() string { return s.base }

// ServeHTTP answers requests under Path.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.mux.ServeHTTP(w, r)
}

// poolBases are the URLs the pool answers on: base, localhost and its
// domains under .localhost, all on base's port.
func (s *Server) poolBases() []string {
	u, err := url.Parse(s.base)
	if err != nil {
		return []string{s.base}
	}
	bases := []string{s.base}
	names := append([]string{"localhost"}, s.Domains()...)
	for _, n := range names {
		if n != "localhost" {
			n += ".localhost"
		}
		if b := "http://" + net.JoinHostPort(n, u.Port()); b != s.base {
			bases = append(bases, b)
		}
	}
	return bases
}

// url is an absolute URL of the stand-in.
func (s *Server) url(path string) string { return s.base + Path + path }

// Providers are the stand-in's providers as the pool registers them.
func (s *Server) Providers() []Provider {
	out := make([]Provider, 0, len(Kinds))
	for _, k := range Kinds {
		p, err := s.provider(k)
		if err == nil {
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) provider(k Kind) (Provider, error) {
	if k.ProviderType == "SAML" {
		return s.saml.provider(k)
	}
	return s.oidc.provider(k), nil
}

// kindByClient is the kind whose OP client is clientID.
func kindByClient(clientID string) (Kind, bool) {
	for _, k := range Kinds {
		if k.clientID != "" && k.clientID == clientID {
			return k, true
		}
	}
	return Kind{}, false
}

func kindByType(t string) Kind {
	for _, k := range Kinds {
		if k.ProviderType == t {
			return k
		}
	}
	return Kind{}
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// chosenIdentity reads the identity a stand-in page's form chose: a demo
// identity by its index, or a typed email address and name.
func chosenIdentity(form url.Values) (Identity, error) {
	if v := form.Get("identity"); v != "" {
		for i, id := range DemoIdentities {
			if v == fmt.Sprint(i) {
				return id, nil
			}
		}
		return Identity{}, errors.New("Pick one of the demo identities.")
	}
	email := strings.TrimSpace(form.Get("email"))
	name := strings.TrimSpace(form.Get("name"))
	at := strings.LastIndexByte(email, '@')
	if len(email) > 254 || at < 1 || at == len(email)-1 || strings.ContainsAny(email, " \t\r\n<>\"") {
		return Identity{}, errors.New("Type an email address such as sam@example.com, or pick a demo identity.")
	}
	if len(name) > 100 {
		return Identity{}, errors.New("Type a name of at most 100 characters.")
	}
	if name == "" {
		name = email[:at]
	}
	return Identity{Email: strings.ToLower(email), Name: name}, nil
}

// splitName is a name's given and family parts.
func splitName(name string) (given, family string) {
	given, family, _ = strings.Cut(strings.TrimSpace(name), " ")
	return given, strings.TrimSpace(family)
}
