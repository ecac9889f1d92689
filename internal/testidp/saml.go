package testidp

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/xml"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crewjam/saml"
	"github.com/crewjam/saml/logger"
	"github.com/crewjam/saml/samlidp"
	dsig "github.com/russellhaering/goxmldsig"
)

// SAMLUser and SAMLPassword sign in at the SAML IdP: alice, email
// alice@corp.example, given name Alice, surname Liddell, group staff.
const (
	SAMLUser     = "alice"
	SAMLPassword = "alice-pw"
)

// SAMLIdP is crewjam/saml's samlidp on the loopback.
type SAMLIdP struct {
	// URL is the IdP's base; its metadata is at URL+"/metadata".
	URL string
}

// NewSAMLIdP starts a SAML IdP that knows the user pool poolID as a
// service provider (entity ID urn:amazon:cognito:sp:<poolID>) with the ACS
// acs, and the user alice. It stops when the test ends.
func NewSAMLIdP(t testing.TB, poolID, acs string) *SAMLIdP {
	t.Helper()
	return NewSAMLIdPFor(t, SAMLServiceProvider{PoolID: poolID, ACS: acs})
}

// SAMLServiceProvider is the user pool as the IdP knows it.
type SAMLServiceProvider struct {
	PoolID string // entity ID urn:amazon:cognito:sp:<PoolID>
	ACS    string // e.g. <pool>/saml2/idpresponse
	// SingleLogout (<pool>/saml2/logout) and SigningCertificate (the
	// pool's GetSigningCertificate) let the pool sign users out at the IdP.
	SingleLogout       string
	SigningCertificate *x509.Certificate
}

// NewSAMLIdPFor is NewSAMLIdP for a pool that may sign users out at the IdP.
func NewSAMLIdPFor(t testing.TB, pool SAMLServiceProvider) *SAMLIdP {
	t.Helper()
	poolID, acs := pool.PoolID, pool.ACS
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test idp"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	idp, err := samlidp.New(samlidp.Options{URL: *u, Key: key, Certificate: cert, Store: &samlidp.MemoryStore{},
		Logger: logger.DefaultLogger})
	if err != nil {
		t.Fatal(err)
	}
	handler = idp
	acsURL, _ := url.Parse(acs)
	sloURL, _ := url.Parse(pool.SingleLogout)
	sp := saml.ServiceProvider{EntityID: "urn:amazon:cognito:sp:" + poolID, AcsURL: *acsURL}
	if pool.SingleLogout != "" {
		sp.SloURL, sp.LogoutBindings = *sloURL, []string{saml.HTTPRedirectBinding, saml.HTTPPostBinding}
	}
	if pool.SigningCertificate != nil {
		// The pool signs its LogoutRequests (RSA-SHA256) with it.
		sp.Certificate, sp.LogoutSignatureMethod = pool.SigningCertificate, dsig.RSASHA256SignatureMethod
	}
	md0 := sp.Metadata()
	// Assertions to the pool stay unencrypted.
	md0.SPSSODescriptors[0].KeyDescriptors = slices.DeleteFunc(md0.SPSSODescriptors[0].KeyDescriptors,
		func(k saml.KeyDescriptor) bool { return k.Use == "encryption" })
	md, err := xml.Marshal(md0)
	if err != nil {
		t.Fatal(err)
	}
	put := func(path, body string) {
		req, _ := http.NewRequest(http.MethodPut, srv.URL+path, strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			t.Fatalf("PUT %s: %d", path, resp.StatusCode)
		}
	}
	put("/services/cognito", string(md))
	put("/users/"+SAMLUser, `{"password":"`+SAMLPassword+`","email":"alice@corp.example","given_name":"Alice","surname":"Liddell","groups":["staff"]}`)
	return &SAMLIdP{URL: srv.URL}
}

// Sessions is how many sign-in sessions the IdP holds.
func (idp *SAMLIdP) Sessions(t testing.TB) int {
	t.Helper()
	resp, err := http.Get(idp.URL + "/sessions/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct{ Sessions []string }
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	return len(list.Sessions)
}
