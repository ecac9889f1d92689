package localpool

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/crewjam/saml"
	"github.com/crewjam/saml/samlsp"
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// SAML 2.0 federation with crewjam/saml as the service provider: the pool
// is the SP urn:amazon:cognito:sp:<poolId> with its ACS at
// /saml2/idpresponse; responses must be signed (crewjam refuses unsigned
// ones), each assertion is accepted once, and IdP-initiated responses only
// with IDPInit=true.

const samlACSPath = "/saml2/idpresponse"

// samlMetadataKey keeps the provider's parsed metadata XML with the
// provider (fetched once from MetadataURL); it is never answered.
const samlMetadataKey = "_metadata"

func init() {
	hostedRoutes[samlACSPath] = hostedHandler{post: serveSAMLResponse, page: true}
}

// samlEntityID is the pool's SP entity ID and audience (reference §2.1).
func samlEntityID(poolID string) string { return "urn:amazon:cognito:sp:" + poolID }

// deriveSAMLDetails reads the provider's metadata (from MetadataURL or
// MetadataFile) and adds the derived keys Describe shows.
func (s *Server) deriveSAMLDetails(parent context.Context, details map[string]string) (map[string]string, error) {
	raw := []byte(details["MetadataFile"])
	if u := details["MetadataURL"]; u != "" {
		ctx, cancel := s.idpContext(parent)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, errInvalidParameter("MetadataURL is not a URL.")
		}
		resp, err := s.idp.Do(req)
		if err != nil {
			return nil, errInvalidParameter("Unable to fetch the SAML metadata from %s.", truncate(u, 200))
		}
		defer resp.Body.Close()
		raw, err = io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if err != nil || resp.StatusCode != http.StatusOK {
			return nil, errInvalidParameter("Unable to fetch the SAML metadata from %s.", truncate(u, 200))
		}
	}
	md, err := samlsp.ParseMetadata(raw)
	if err != nil || len(md.IDPSSODescriptors) == 0 {
		return nil, errInvalidParameter("The SAML metadata is not valid IdP metadata.")
	}
	details[samlMetadataKey] = string(raw)
	details["entity_id"] = md.EntityID
	for _, sso := range md.IDPSSODescriptors[0].SingleSignOnServices {
		if sso.Binding == saml.HTTPRedirectBinding {
			details["SSORedirectBindingURI"] = sso.Location
		}
	}
	for _, slo := range md.IDPSSODescriptors[0].SingleLogoutServices {
		if slo.Binding == saml.HTTPRedirectBinding {
			details["SLORedirectBindingURI"] = slo.Location
		}
	}
	if details["SSORedirectBindingURI"] == "" {
		return nil, errInvalidParameter("The SAML metadata names no HTTP-Redirect single sign-on service.")
	}
	if err := checkProviderURL("SSORedirectBindingURI", details["SSORedirectBindingURI"]); err != nil {
		return nil, err
	}
	return details, nil
}

// serviceProvider is the pool as a SAML SP for one provider, on the pool's clock.
func (h *hostedCall) serviceProvider(pool *poolRecord, ip identityProvider) (*saml.ServiceProvider, error) {
	md, err := samlsp.ParseMetadata([]byte(ip.ProviderDetails[samlMetadataKey]))
	if err != nil {
		return nil, err
	}
	acs, err := url.Parse(h.redirectURI(samlACSPath))
	if err != nil {
		return nil, err
	}
	slo, err := url.Parse(h.redirectURI(samlLogoutPath))
	if err != nil {
		return nil, err
	}
	key, cert, err := h.s.samlSigning(pool)
	if err != nil {
		return nil, err
	}
	return &saml.ServiceProvider{
		EntityID:    samlEntityID(pool.Id),
		AcsURL:      *acs,
		SloURL:      *slo,
		MetadataURL: *acs,
		// Only sign-out requests are signed (IDPSignout needs them signed).
		Key: key, Certificate: cert, LogoutSignatureMethod: dsig.RSASHA256SignatureMethod,
		LogoutBindings:    []string{saml.HTTPRedirectBinding, saml.HTTPPostBinding},
		IDPMetadata:       md,
		AllowIDPInitiated: ip.ProviderDetails["IDPInit"] == "true",
		AuthnNameIDFormat: saml.UnspecifiedNameIDFormat,
		Clock:             dsig.NewFakeClockAt(h.now),
		ReplayCache:       samlReplayCache{h.s, h.now},
	}, nil
}

// samlReplayCache spends assertion IDs in the server's ledger.
type samlReplayCache struct {
	s   *Server
	now time.Time
}

func (c samlReplayCache) Consume(id string, expires time.Time) error {
	if !c.s.spendBlock([]byte("saml\x00"+id), expires, c.now) {
		return saml.ErrAssertionReplayed
	}
	return nil
}

// startSAML sends the browser to the provider's SSO service with an
// AuthnRequest; the sealed state travels as RelayState.
func (h *hostedCall) startSAML(ar *authorizeRequest, ip identityProvider, st idpState) {
	sp, err := h.serviceProvider(ar.pool, ip)
	if err != nil {
		h.fail(ar, idpError(ip, "the SAML metadata cannot be read"))
		return
	}
	req, err := sp.MakeAuthenticationRequest(sp.GetSSOBindingLocation(saml.HTTPRedirectBinding), saml.HTTPRedirectBinding, saml.HTTPPostBinding)
	if err != nil {
		h.fail(ar, idpError(ip, "the SAML request cannot be made"))
		return
	}
	st.Nonce = req.ID // the response must answer this request
	state, err := h.sealIdpState(ar.pool, st)
	if err != nil {
		h.fail(ar, err)
		return
	}
	target, err := req.Redirect(state, sp)
	if err != nil {
		h.fail(ar, idpError(ip, "the SAML request cannot be made"))
		return
	}
	http.Redirect(h.w, h.r, target.String(), http.StatusFound)
}

// serveSAMLResponse is the ACS: POST SAMLResponse (+ RelayState).
func serveSAMLResponse(h *hostedCall) {
	if err := h.r.ParseForm(); err != nil || h.r.PostForm.Get("SAMLResponse") == "" {
		h.errorPage(&pageError{http.StatusBadRequest, "The answer from the identity provider could not be read."})
		return
	}
	relay := h.r.PostForm.Get("RelayState")
	var ar *authorizeRequest
	var ip identityProvider
	var requestIDs []string
	if st, err := h.openIdpState(relay); err == nil {
		var ok bool
		if ar, ip, ok = h.resumeAuthorize(st); !ok {
			return
		}
		requestIDs = []string{st.Nonce}
	} else {
		// IdP-initiated: RelayState carries the app's authorize parameters.
		// UNSURE: Cognito's exact IdP-initiated contract; the pool takes
		// client_id, redirect_uri, response_type, scope and state from it
		// and needs identity_provider naming a provider with IDPInit=true.
		var ok bool
		if ar, ip, ok = h.idpInitiated(relay); !ok {
			return
		}
	}
	sp, err := h.serviceProvider(ar.pool, ip)
	if err != nil {
		h.fail(ar, idpError(ip, "the SAML metadata cannot be read"))
		return
	}
	assertion, err := sp.ParseResponse(h.r, requestIDs)
	if err != nil {
		reason := "the SAML response is not valid"
		var ire *saml.InvalidResponseError
		if errors.As(err, &ire) && ire.PrivateErr != nil {
			reason += ": " + truncate(ire.PrivateErr.Error(), 200)
		}
		h.fail(ar, idpError(ip, "%s", reason))
		return
	}
	profile := samlProfile(assertion)
	if profile.userID == "" {
		h.fail(ar, idpError(ip, "the SAML assertion has no NameID"))
		return
	}
	h.finishFederation(ar, ip, profile)
}

// idpInitiated checks an unsolicited response's RelayState; it answers
// the browser itself when it reports false.
func (h *hostedCall) idpInitiated(relay string) (*authorizeRequest, identityProvider, bool) {
	q, err := url.ParseQuery(relay)
	if err != nil || relay == "" {
		h.errorPage(&pageError{http.StatusBadRequest, "This sign-in did not start at the app, and names no app to return to."})
		return nil, identityProvider{}, false
	}
	ar, err := h.parseAuthorize(q)
	if err != nil {
		h.fail(ar, err)
		return nil, identityProvider{}, false
	}
	i := ar.pool.identityProvider(ar.provider)
	if i < 0 || ar.pool.IdentityProviders[i].ProviderType != typeSAML || ar.pool.IdentityProviders[i].ProviderDetails["IDPInit"] != "true" {
		h.fail(ar, &oauthRedirectError{userpool.OAuthInvalidRequest, "IdP-initiated sign-in is not enabled for " + ar.provider})
		return nil, identityProvider{}, false
	}
	return ar, ar.pool.IdentityProviders[i], true
}

// samlProfile is the assertion's NameID and its attributes, by Name (and
// FriendlyName), multiple values joined by commas.
func samlProfile(a *saml.Assertion) *providerProfile {
	p := &providerProfile{claims: map[string]any{}}
	if a.Subject != nil && a.Subject.NameID != nil {
		p.userID = a.Subject.NameID.Value
	}
	for _, st := range a.AttributeStatements {
		for _, attr := range st.Attributes {
			var vals []string
			for _, v := range attr.Values {
				vals = append(vals, v.Value)
			}
			joined := strings.Join(vals, ",")
			p.claims[attr.Name] = joined
			if attr.FriendlyName != "" {
				if _, ok := p.claims[attr.FriendlyName]; !ok {
					p.claims[attr.FriendlyName] = joined
				}
			}
		}
	}
	p.claims["sub"] = p.userID
	return p
}
