package localpool

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/crewjam/saml"
)

// SAML sign-out (IDPSignout): /logout of a user who signed in through a
// SAML provider with IDPSignout=true sends the browser to the provider's
// single-logout service with a LogoutRequest signed by the pool's SAML
// signing certificate (GetSigningCertificate); the provider answers at
// /saml2/logout, and the pool then finishes the app's sign-out.
// Not served: LogoutRequests the provider starts (IdP-initiated logout).

const (
	samlLogoutPath      = "/saml2/logout"
	samlLogoutPurpose   = "saml-logout"
	samlLogoutValidity  = 10 * time.Minute
	samlCertificateLife = 10 * 365 * 24 * time.Hour
)

func init() {
	hostedRoutes[samlLogoutPath] = hostedHandler{get: serveSAMLLogout, post: serveSAMLLogout, page: true}
	operations["GetSigningCertificate"] = op(getSigningCertificate)
}

// samlSigning is the pool's SAML signing key, its ID-token key, in a
// self-signed certificate valid ten years from the pool's creation. The
// certificate is the same at every start: RSA PKCS #1 v1.5 signatures are
// deterministic and the template is fixed by the pool.
func (s *Server) samlSigning(pool *poolRecord) (*rsa.PrivateKey, *x509.Certificate, error) {
	keys, err := s.poolKeys(pool)
	if err != nil {
		return nil, nil, err
	}
	created := time.Time(pool.CreationDate).UTC().Truncate(time.Second)
	serial := sha256.Sum256([]byte("saml\x00" + pool.Id))
	tmpl := &x509.Certificate{SerialNumber: new(big.Int).SetBytes(serial[:16]), Subject: pkix.Name{CommonName: pool.Id},
		NotBefore: created, NotAfter: created.Add(samlCertificateLife), KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &keys.id.private.PublicKey, keys.id.private)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return keys.id.private, cert, err
}

type poolIDInput struct{ UserPoolId string }

// getSigningCertificate is GetSigningCertificate: the base64 DER of the
// certificate the pool signs SAML requests with.
func getSigningCertificate(c *call, in *poolIDInput) (any, error) {
	pool, err := c.loadPool(in.UserPoolId)
	if err != nil {
		return nil, err
	}
	_, cert, err := c.s.samlSigning(pool)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Certificate": base64.StdEncoding.EncodeToString(cert.Raw)}, nil
}

// samlLogoutState travels as the LogoutRequest's RelayState.
type samlLogoutState struct {
	ID       string    `json:"id"`
	Provider string    `json:"p"`
	Request  string    `json:"r"` // the LogoutRequest's ID the answer must name
	Next     string    `json:"n"` // where the app's sign-out goes on
	Expires  time.Time `json:"exp"`
}

// startSAMLSignOut sends the browser to the SAML provider the session
// signed in with, when it has IDPSignout=true, and reports whether it did;
// the pool's session ends either way only once the caller ends it.
func (h *hostedCall) startSAMLSignOut(pool *poolRecord, next string) bool {
	sess, ok := h.session(pool)
	if !ok || sess.Provider == "" || sess.NameID == "" {
		return false
	}
	i := pool.identityProvider(sess.Provider)
	if i < 0 {
		return false
	}
	ip := pool.IdentityProviders[i]
	if ip.ProviderType != typeSAML || ip.ProviderDetails["IDPSignout"] != "true" || ip.ProviderDetails["SLORedirectBindingURI"] == "" {
		return false
	}
	sp, err := h.serviceProvider(pool, ip)
	if err != nil {
		return false
	}
	req, err := sp.MakeLogoutRequest(sp.GetSLOBindingLocation(saml.HTTPRedirectBinding), sess.NameID)
	if err != nil {
		return false
	}
	keys, err := h.s.poolKeys(pool)
	if err != nil {
		return false
	}
	sealed, err := keys.seal(samlLogoutPurpose, samlLogoutState{ID: rand.Text(), Provider: ip.ProviderName, Request: req.ID, Next: next,
		Expires: h.now.Add(samlLogoutValidity)})
	if err != nil {
		return false
	}
	target, err := sp.RedirectLogoutRequestURL(req, pool.Id+"."+sealed)
	if err != nil {
		return false
	}
	h.endSession(pool)
	http.Redirect(h.w, h.r, target.String(), http.StatusFound)
	return true
}

// serveSAMLLogout is /saml2/logout, where the provider answers the pool's
// LogoutRequest (HTTP-Redirect or HTTP-POST): a valid LogoutResponse to it
// finishes the app's sign-out.
func serveSAMLLogout(h *hostedCall) {
	bad := &pageError{http.StatusBadRequest, "The identity provider's sign-out answer could not be checked. You are signed out here; go back to the app."}
	if err := h.r.ParseForm(); err != nil {
		h.errorPage(bad)
		return
	}
	if h.r.Form.Get("SAMLResponse") == "" {
		h.errorPage(&pageError{http.StatusBadRequest, "Sign-out requests from an identity provider are not supported here. Sign out in the app."})
		return
	}
	poolID, sealed, ok := strings.Cut(h.r.Form.Get("RelayState"), ".")
	if !ok || len(sealed) > maxToken || !validPoolID(poolID) {
		h.errorPage(bad)
		return
	}
	pool, err := h.loadPool(poolID)
	if err != nil {
		h.errorPage(bad)
		return
	}
	keys, err := h.s.poolKeys(pool)
	if err != nil {
		h.fail(nil, err)
		return
	}
	var st samlLogoutState
	if !keys.open(samlLogoutPurpose, sealed, &st) || !h.now.Before(st.Expires) || !h.s.spendBlock([]byte("saml-logout\x00"+st.ID), st.Expires, h.now) {
		h.errorPage(bad)
		return
	}
	i := pool.identityProvider(st.Provider)
	if i < 0 {
		h.errorPage(bad)
		return
	}
	sp, err := h.serviceProvider(pool, pool.IdentityProviders[i])
	if err != nil {
		h.errorPage(bad)
		return
	}
	resp, err := sp.ParseLogoutResponse(h.r, []string{st.Request})
	if err != nil || resp.Status.StatusCode.Value != saml.StatusSuccess {
		h.errorPage(bad)
		return
	}
	http.Redirect(h.w, h.r, st.Next, http.StatusFound)
}
