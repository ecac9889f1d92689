package localpool

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/cognitowasm/cognitowasm/app/userpool"
	"github.com/cognitowasm/cognitowasm/localpool/internal/standin"
)

// The offline stand-in identity providers (issue: "Offline demo"): a
// development pool serves stand-ins for Google, Facebook, Login with
// Amazon, Sign in with Apple, an OIDC and a SAML provider under /_local/idp
// and registers one provider of each type in its default pool, so every
// "Continue with …" button of the hosted UI works with no internet.
//
// The stand-in is off unless EnableStandIn is called: `cognitowasm serve`
// (make run) and `cognitowasm localpool` call it, a pool embedded with
// Open does not. It answers only on loopback hosts and plain http.

// StandInPath is where the stand-in identity providers are served.
const StandInPath = standin.Path

// keyStandInProviders in the meta bucket records that the stand-in providers were
// registered once, so providers the developer deleted stay deleted.
var keyStandInProviders = []byte("standin")

// EnableStandIn serves the stand-in identity providers at base, the pool's
// own plain-http loopback URL ("http://127.0.0.1:9229"). The first time it
// registers the providers Google, Facebook, LoginWithAmazon,
// SignInWithApple, StandInOIDC and StandInSAML in the default pool and adds
// them to the default client's SupportedIdentityProviders; later calls
// point the stand-in providers that still exist at this run's stand-in
// (its URL, keys and secrets are new each run). A provider of the same name
// the developer registered is left alone.
func (s *Server) EnableStandIn(base string) error {
	c := &call{s: s, now: s.now()}
	pool, err := c.loadPool(s.defaultPoolID)
	if err != nil {
		return err
	}
	_, cert, err := s.samlSigning(pool)
	if err != nil {
		return err
	}
	st, err := standin.New(standin.Config{Base: base, PoolID: s.defaultPoolID, Now: s.now, Domains: s.defaultPoolDomains, SigningCertificate: cert})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, st.Base()+"/", nil)
	if err != nil {
		return err
	}
	c.r = req
	var registered bool
	if err := s.db.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			registered = meta.Get(keyStandInProviders) != nil
		}
		return nil
	}); err != nil {
		return err
	}
	var added []string
	for _, p := range st.Providers() {
		i := pool.identityProvider(p.ProviderName)
		switch {
		case i < 0 && !registered:
			_, err = c.invoke("CreateIdentityProvider", &identityProviderInput{UserPoolId: s.defaultPoolID, ProviderName: p.ProviderName,
				ProviderType: p.ProviderType, ProviderDetails: p.Details, AttributeMapping: p.Mapping})
			added = append(added, p.ProviderName)
		case i >= 0 && isStandIn(pool.IdentityProviders[i]):
			_, err = c.invoke("UpdateIdentityProvider", &updateIdentityProviderInput{UserPoolId: s.defaultPoolID,
				ProviderName: p.ProviderName, ProviderDetails: p.Details})
		}
		if err != nil {
			return fmt.Errorf("localpool: stand-in provider %s: %w", p.ProviderName, err)
		}
	}
	if !registered {
		if err := s.offerStandIn(c, added); err != nil {
			return err
		}
	}
	s.standin.Store(st)
	return nil
}

// defaultPoolDomains is the default pool's prefix domain, if it has one.
func (s *Server) defaultPoolDomains() []string {
	c := &call{s: s, now: s.now()}
	pool, err := c.loadPool(s.defaultPoolID)
	if err != nil || pool.Domain == "" {
		return nil
	}
	return []string{pool.Domain}
}

// isStandIn tells whether a provider was registered for the stand-in.
func isStandIn(ip identityProvider) bool {
	for _, k := range []string{"authorize_url", "SSORedirectBindingURI"} {
		if strings.Contains(ip.ProviderDetails[k], StandInPath+"/") {
			return true
		}
	}
	return false
}

// offerStandIn adds the stand-in providers to the default client and
// records that they were registered.
func (s *Server) offerStandIn(c *call, names []string) error {
	err := c.updatePool(s.defaultPoolID, func(p *poolTx) error {
		client, err := p.client(s.defaultClientID)
		if err != nil {
			return err
		}
		if len(client.SupportedIdentityProviders) == 0 {
			client.SupportedIdentityProviders = []string{userpool.ProviderCognito}
		}
		for _, n := range names {
			if !slices.Contains(client.SupportedIdentityProviders, n) {
				client.SupportedIdentityProviders = append(client.SupportedIdentityProviders, n)
			}
		}
		if err := p.putClient(client); err != nil {
			return err
		}
		meta, err := p.tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		return meta.Put(keyStandInProviders, []byte("1"))
	})
	if err != nil {
		return fmt.Errorf("localpool: offering the stand-in providers: %w", err)
	}
	return nil
}

// serveStandIn answers /_local/idp/… when the stand-in is on, and only on
// loopback hosts.
func (s *Server) serveStandIn(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Path != StandInPath && !strings.HasPrefix(r.URL.Path, StandInPath+"/") {
		return false
	}
	st := s.standin.Load()
	host := r.Host
	if h, _, ok := strings.Cut(host, ":"); ok && !strings.HasPrefix(host, "[") {
		host = h
	}
	if st == nil || !(isLoopbackHost(host) || strings.HasSuffix(host, ".localhost")) {
		http.NotFound(w, r)
		return true
	}
	st.ServeHTTP(w, r)
	return true
}
