package standin

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"html/template"
	"io"
	"log"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/crewjam/saml"
	"github.com/crewjam/saml/samlidp"
	dsig "github.com/russellhaering/goxmldsig"
	"golang.org/x/crypto/bcrypt"
)

// samlProvider is crewjam/saml's samlidp with the pool as its one service
// provider and the stand-in page as its login form.
type samlProvider struct {
	s        *Server
	idp      *samlidp.Server
	password string // what the stand-in's users "type" at samlidp
	hash     []byte
}

func newSAMLProvider(s *Server) (*samlProvider, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "cognitowasm local stand-in SAML IdP"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(1, 0, 0)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	p := &samlProvider{s: s, password: rand.Text()}
	// The lowest cost: the password is random and never leaves the process.
	if p.hash, err = bcrypt.GenerateFromPassword([]byte(p.password), bcrypt.MinCost); err != nil {
		return nil, err
	}
	store := &samlidp.MemoryStore{}
	if err := store.Put("/services/cognito", samlidp.Service{Name: "cognito", Metadata: p.poolMetadata()}); err != nil {
		return nil, err
	}
	u, _ := url.Parse(s.url("/saml"))
	p.idp, err = samlidp.New(samlidp.Options{URL: *u, Key: key, Certificate: cert, Store: store,
		Logger: log.New(io.Discard, "", 0), LoginFormTemplate: samlLoginTemplate})
	if err != nil {
		return nil, err
	}
	p.idp.IDP.SessionProvider = samlSessions{p.idp, p}
	p.idp.IDP.ServiceProviderProvider = samlServices{p.idp, p}
	prefix := Path + "/saml"
	h := http.StripPrefix(prefix, p.idp)
	for _, route := range []string{"GET /metadata", "/sso", "/slo", "GET /logout", "POST /logout"} {
		method, path, ok := cutRoute(route)
		if ok {
			s.mux.Handle(method+" "+prefix+path, h)
		} else {
			s.mux.Handle(prefix+path, h)
		}
	}
	return p, nil
}

func cutRoute(route string) (method, path string, ok bool) {
	for i := range len(route) {
		if route[i] == ' ' {
			return route[:i], route[i+1:], true
		}
	}
	return "", route, false
}

// poolMetadata is the pool as a SAML SP (reference §2.1): its ACS and
// single-logout service at the pool's base URL, and its signing certificate.
func (p *samlProvider) poolMetadata() saml.EntityDescriptor {
	acs, _ := url.Parse(p.s.base + "/saml2/idpresponse")
	slo, _ := url.Parse(p.s.base + "/saml2/logout")
	// The pool signs its LogoutRequests (RSA-SHA256) with the certificate.
	sp := saml.ServiceProvider{EntityID: "urn:amazon:cognito:sp:" + p.s.PoolID, AcsURL: *acs, SloURL: *slo, Certificate: p.s.SigningCertificate,
		LogoutSignatureMethod: dsig.RSASHA256SignatureMethod, LogoutBindings: []string{saml.HTTPRedirectBinding, saml.HTTPPostBinding}}
	md := sp.Metadata()
	// Assertions to the pool stay unencrypted.
	for i := range md.SPSSODescriptors {
		kd := md.SPSSODescriptors[i].KeyDescriptors
		md.SPSSODescriptors[i].KeyDescriptors = slices.DeleteFunc(kd, func(k saml.KeyDescriptor) bool { return k.Use == "encryption" })
	}
	return *md
}

// samlServices is samlidp's service-provider lookup with the pool's
// endpoints on every name the pool answers on (localhost, its hosted-UI
// domains under .localhost), which the browser may be using.
type samlServices struct {
	*samlidp.Server
	p *samlProvider
}

func (ss samlServices) GetServiceProvider(r *http.Request, id string) (*saml.EntityDescriptor, error) {
	md, err := ss.Server.GetServiceProvider(r, id)
	if err != nil || len(md.SPSSODescriptors) == 0 {
		return md, err
	}
	copied := *md
	desc := copied.SPSSODescriptors[0]
	desc.AssertionConsumerServices = slices.Clone(desc.AssertionConsumerServices)
	desc.SingleLogoutServices = slices.Clone(desc.SingleLogoutServices)
	for _, base := range ss.p.s.poolBases()[1:] {
		desc.AssertionConsumerServices = append(desc.AssertionConsumerServices, saml.IndexedEndpoint{
			Binding: saml.HTTPPostBinding, Location: base + "/saml2/idpresponse", Index: len(desc.AssertionConsumerServices) + 1})
		desc.SingleLogoutServices = append(desc.SingleLogoutServices, saml.Endpoint{
			Binding: saml.HTTPRedirectBinding, Location: base + "/saml2/logout"})
	}
	copied.SPSSODescriptors = append([]saml.SPSSODescriptor{desc}, copied.SPSSODescriptors[1:]...)
	return &copied, nil
}

// provider is the SAML provider's registration: metadata by file, sign-out at the IdP.
func (p *samlProvider) provider(k Kind) (Provider, error) {
	raw, err := xml.Marshal(p.idp.IDP.Metadata())
	if err != nil {
		return Provider{}, err
	}
	return Provider{Kind: k, Details: map[string]string{"MetadataFile": string(raw), "IDPSignout": "true"},
		Mapping: map[string]string{"email": "urn:oid:0.9.2342.19200300.100.1.3", "name": "urn:oid:2.5.4.3",
			"given_name": "urn:oid:2.5.4.42", "family_name": "urn:oid:2.5.4.4"}}, nil
}

// samlSessions is samlidp's session provider that signs in the identity
// the stand-in page chose, as a samlidp user it adds for it.
type samlSessions struct {
	*samlidp.Server
	p *samlProvider
}

func (ss samlSessions) GetSession(w http.ResponseWriter, r *http.Request, req *saml.IdpAuthnRequest) *saml.Session {
	if r.Method == http.MethodPost {
		// Only the stand-in signs users in at samlidp.
		r.PostForm.Del("user")
		r.PostForm.Del("password")
		if r.PostForm.Get("identity") != "" || r.PostForm.Has("email") {
			id, err := chosenIdentity(r.PostForm)
			if err != nil {
				p := samlPage(err.Error(), req.IDP.SSOURL.String(), "", req.RelayState)
				p.Hidden["SAMLRequest"] = samlRequestField(req)
				p.Email, p.Name = r.PostForm.Get("email"), r.PostForm.Get("name")
				renderPage(w, http.StatusBadRequest, p)
				return nil
			}
			sum := sha256.Sum256([]byte(id.Email))
			name := hex.EncodeToString(sum[:12])
			given, family := splitName(id.Name)
			if err := ss.Store.Put("/users/"+name, samlidp.User{Name: name, HashedPassword: ss.p.hash, Email: id.Email,
				CommonName: id.Name, GivenName: given, Surname: family}); err != nil {
				http.Error(w, "The stand-in could not sign you in.", http.StatusServiceUnavailable)
				return nil
			}
			r.PostForm.Set("user", name)
			r.PostForm.Set("password", ss.p.password)
		}
	}
	return ss.Server.GetSession(w, r, req)
}

func samlRequestField(req *saml.IdpAuthnRequest) string {
	return base64.StdEncoding.EncodeToString(req.RequestBuffer)
}

// samlPage is the stand-in page for samlidp's login form data.
func samlPage(toast, action, samlRequest, relayState string) page {
	if u, err := url.Parse(action); err == nil {
		action = u.Path // the browser may use another loopback name
	}
	return page{Label: kindByType("SAML").Label, Action: action, Error: toast, Identities: DemoIdentities,
		Hidden: map[string]string{"SAMLRequest": samlRequest, "RelayState": relayState}}
}

// samlLoginTemplate is samlidp's LoginFormTemplate: the stand-in page.
var samlLoginTemplate = template.Must(template.Must(pageTemplate.Clone()).New("saml").Parse(
	`{{template "standin" (samlPage "" .URL .SAMLRequest .RelayState)}}`))
