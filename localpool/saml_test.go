package localpool_test

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/internal/testidp"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// samlIdP is crewjam/saml's samlidp (internal/testidp) on the loopback,
// with the pool registered as a service provider and one user, alice
// (password "alice-pw").
type samlIdP = testidp.SAMLIdP

// newSAMLIdP knows the pool with its single-logout service and the
// signing certificate GetSigningCertificate answers.
func newSAMLIdP(t *testing.T, p *fedPool) *samlIdP {
	t.Helper()
	out, err := p.Admin().GetSigningCertificate(ctx, &cip.GetSigningCertificateInput{UserPoolId: &p.UserPoolID})
	if err != nil {
		t.Fatal(err)
	}
	der, err := base64.StdEncoding.DecodeString(aws.ToString(out.Certificate))
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return testidp.NewSAMLIdPFor(t, testidp.SAMLServiceProvider{PoolID: p.UserPoolID, ACS: p.URL + "/saml2/idpresponse",
		SingleLogout: p.URL + "/saml2/logout", SigningCertificate: cert})
}

var inputPattern = regexp.MustCompile(`<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"`)

// formOf reads the page's form: its action and its hidden fields.
func formOf(t *testing.T, body string) (string, url.Values) {
	t.Helper()
	action := regexpFind(t, body, `<form[^>]*action="([^"]+)"`)
	fields := url.Values{}
	for _, m := range inputPattern.FindAllStringSubmatch(body, -1) {
		fields.Set(m[1], html.UnescapeString(m[2]))
	}
	return html.UnescapeString(action), fields
}

// samlAnswer walks the app's authorize URL to the IdP, logs alice in and
// returns the auto-posting form that carries the SAMLResponse to the pool.
func samlAnswer(t *testing.T, b *browser, p *fedPool, idp *samlIdP, provider string) (string, url.Values) {
	t.Helper()
	r := b.get(p.authorizeURL("identity_provider", provider))
	if r.location == nil || !strings.HasPrefix(r.location.String(), idp.URL+"/sso") {
		t.Fatalf("authorize did not send the browser to the IdP: %d %v %s", r.status, r.location, r.body)
	}
	if !strings.Contains(r.location.RawQuery, "SAMLRequest=") || !strings.Contains(r.location.RawQuery, "RelayState=") {
		t.Fatalf("no AuthnRequest or RelayState: %v", r.location)
	}
	page := b.get(r.location.String())
	action, fields := formOf(t, page.body)
	fields.Set("user", "alice")
	fields.Set("password", "alice-pw")
	if !strings.HasPrefix(action, "http") {
		action = idp.URL + action
	}
	posted := b.post(action, fields)
	action, fields = formOf(t, posted.body)
	if fields.Get("SAMLResponse") == "" || action != p.URL+"/saml2/idpresponse" {
		t.Fatalf("the IdP did not post a response to the ACS: %s %v\n%s", action, fields, posted.body)
	}
	return action, fields
}

func newSAMLPool(t *testing.T, clock func() time.Time, details map[string]string) (*fedPool, *samlIdP) {
	t.Helper()
	p := &fedPool{newHostedPoolWith(t, localpooltest.Options{Clock: clock})}
	idp := newSAMLIdP(t, p)
	if details == nil {
		details = map[string]string{}
	}
	details["MetadataURL"] = idp.URL + "/metadata"
	created := p.addProvider(t, cip.CreateIdentityProviderInput{ProviderName: aws.String("CorpSAML"), ProviderType: types.IdentityProviderTypeTypeSaml,
		ProviderDetails: details, AttributeMapping: map[string]string{"email": "urn:oid:0.9.2342.19200300.100.1.3", "given_name": "givenName"}})
	if created.ProviderDetails["SSORedirectBindingURI"] != idp.URL+"/sso" {
		t.Errorf("derived SSORedirectBindingURI = %q", created.ProviderDetails["SSORedirectBindingURI"])
	}
	if _, ok := created.ProviderDetails["_metadata"]; ok {
		t.Error("the stored metadata is answered")
	}
	return p, idp
}

func TestFederationSAML(t *testing.T) {
	var offset atomic.Int64
	clock := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	p, idp := newSAMLPool(t, clock, nil)

	b := newBrowser(t)
	action, fields := samlAnswer(t, b, p, idp, "CorpSAML")
	q := callbackQuery(t, b.post(action, fields))
	if q.Get("code") == "" || q.Get("state") != "st-1" {
		t.Fatalf("SAML sign-in: %v", q)
	}
	tok, err := p.oauth.Exchange(ctx, q.Get("code"))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tok.Extra("id_token").(string)
	c := claims(t, &raw)
	if c["cognito:username"] != "CorpSAML_alice@corp.example" || c["email"] != "alice@corp.example" || c["given_name"] != "Alice" {
		t.Errorf("claims = %v", c)
	}
	ids, _ := c["identities"].([]any)
	if len(ids) != 1 || ids[0].(map[string]any)["providerType"] != "SAML" || ids[0].(map[string]any)["issuer"] != idp.URL+"/metadata" {
		t.Errorf("identities = %v", c["identities"])
	}

	// The same response again is refused (a replay).
	if r := newBrowser(t).post(action, fields); r.status != http.StatusBadRequest && (r.location == nil || r.location.Query().Get("code") != "") {
		t.Errorf("a replayed response got %d %v", r.status, r.location)
	}

	refuse := func(name string, change func(xml string) string, ahead time.Duration) {
		t.Helper()
		b := newBrowser(t)
		action, fields := samlAnswer(t, b, p, idp, "CorpSAML")
		raw, err := base64.StdEncoding.DecodeString(fields.Get("SAMLResponse"))
		if err != nil {
			t.Fatal(err)
		}
		fields.Set("SAMLResponse", base64.StdEncoding.EncodeToString([]byte(change(string(raw)))))
		offset.Store(int64(ahead))
		defer offset.Store(0)
		q := callbackQuery(t, b.post(action, fields))
		t.Logf("%s: %s", name, q.Get("error_description"))
		if q.Get("error") != "invalid_request" || q.Get("code") != "" || !strings.HasPrefix(q.Get("error_description"), "CorpSAML Error - ") {
			t.Errorf("%s response: %v", name, q)
		}
	}
	refuse("tampered", func(x string) string {
		if !strings.Contains(x, "alice@corp.example") {
			t.Fatal("the response does not carry the email")
		}
		return strings.ReplaceAll(x, "alice@corp.example", "mallory@corp.example")
	}, 0)
	signature := regexp.MustCompile(`(?s)<ds:Signature.*?</ds:Signature>`)
	refuse("unsigned", func(x string) string {
		if !signature.MatchString(x) {
			t.Fatal("the IdP's response is not signed")
		}
		return signature.ReplaceAllString(x, "")
	}, 0)
	// Expired: the pool's clock runs 9 minutes ahead of the IdP's, past the
	// assertion's NotOnOrAfter and the allowed skew (the sign-in itself is still fresh).
	refuse("expired", func(x string) string { return x }, 9*time.Minute)

	users, err := p.Admin().ListUsers(ctx, &cip.ListUsersInput{UserPoolId: &p.UserPoolID})
	if err != nil {
		t.Fatal(err)
	}
	if len(users.Users) != 1 {
		t.Errorf("users after refusals = %d, want 1", len(users.Users))
	}
}

func TestFederationSAMLMetadataFileAndIDPInit(t *testing.T) {
	p := &fedPool{newHostedPoolWith(t, localpooltest.Options{Clock: time.Now})}
	idp := newSAMLIdP(t, p)
	resp, err := http.Get(idp.URL + "/metadata")
	if err != nil {
		t.Fatal(err)
	}
	md, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	p.addProvider(t, cip.CreateIdentityProviderInput{ProviderName: aws.String("FileSAML"), ProviderType: types.IdentityProviderTypeTypeSaml,
		ProviderDetails: map[string]string{"MetadataFile": string(md), "IDPInit": "false"}})
	b := newBrowser(t)
	action, fields := samlAnswer(t, b, p, idp, "FileSAML")
	if q := callbackQuery(t, b.post(action, fields)); q.Get("code") == "" {
		t.Fatalf("SAML sign-in with MetadataFile: %v", q)
	}

	// An IdP-initiated response (no request to answer) is refused unless IDPInit is true.
	relay := url.Values{"client_id": {p.clientID}, "redirect_uri": {callbackURL}, "response_type": {"code"},
		"identity_provider": {"FileSAML"}, "state": {"idp-init"}}.Encode()
	unsolicited := func() url.Values {
		req, _ := http.NewRequest(http.MethodPut, idp.URL+"/shortcuts/app", bytes.NewReader([]byte(
			`{"service_provider":"urn:amazon:cognito:sp:`+p.UserPoolID+`","relay_state":"`+relay+`"}`)))
		r, err := http.DefaultClient.Do(req)
		if err != nil || r.StatusCode/100 != 2 {
			t.Fatalf("PUT shortcut: %v %v", r, err)
		}
		r.Body.Close()
		page := b.get(idp.URL + "/login/app")
		action, fields := formOf(t, page.body)
		if fields.Get("SAMLResponse") == "" {
			t.Fatalf("no IdP-initiated response:\n%s", page.body)
		}
		return callbackQuery(t, b.post(action, fields))
	}
	if q := unsolicited(); q.Get("error") != "invalid_request" || q.Get("state") != "idp-init" {
		t.Errorf("IdP-initiated with IDPInit false: %v", q)
	}
	if _, err := p.Admin().UpdateIdentityProvider(ctx, &cip.UpdateIdentityProviderInput{UserPoolId: &p.UserPoolID,
		ProviderName: aws.String("FileSAML"), ProviderDetails: map[string]string{"IDPInit": "true"}}); err != nil {
		t.Fatal(err)
	}
	if q := unsolicited(); q.Get("code") == "" || q.Get("state") != "idp-init" {
		t.Errorf("IdP-initiated with IDPInit true: %v", q)
	}
}

// TestFederationSAMLSignOut: with IDPSignout=true, /logout sends the
// browser to samlidp's single-logout service with a LogoutRequest signed by
// the pool's certificate; samlidp ends its session and answers at
// /saml2/logout, and the app's sign-out goes on to logout_uri. Without
// IDPSignout, /logout stays on the pool.
func TestFederationSAMLSignOut(t *testing.T) {
	p, idp := newSAMLPool(t, time.Now, map[string]string{"IDPSignout": "true"})
	desc, err := p.Admin().DescribeIdentityProvider(ctx, &cip.DescribeIdentityProviderInput{UserPoolId: &p.UserPoolID, ProviderName: aws.String("CorpSAML")})
	if err != nil {
		t.Fatal(err)
	}
	if got := desc.IdentityProvider.ProviderDetails["SLORedirectBindingURI"]; got != idp.URL+"/slo" {
		t.Fatalf("SLORedirectBindingURI = %q", got)
	}
	signIn := func(b *browser) {
		t.Helper()
		action, fields := samlAnswer(t, b, p, idp, "CorpSAML")
		if q := callbackQuery(t, b.post(action, fields)); q.Get("code") == "" {
			t.Fatalf("SAML sign-in: %v", q)
		}
	}
	logoutURL := p.URL + "/logout?" + url.Values{"client_id": {p.clientID}, "logout_uri": {signOutURL}}.Encode()

	b := newBrowser(t)
	signIn(b)
	if n := idp.Sessions(t); n != 1 {
		t.Fatalf("the IdP holds %d sessions after the sign-in", n)
	}
	r := b.get(logoutURL)
	if r.location == nil || !strings.HasPrefix(r.location.String(), idp.URL+"/slo?") {
		t.Fatalf("/logout did not go to the IdP's single-logout service: %d %v", r.status, r.location)
	}
	if q := r.location.Query(); q.Get("SAMLRequest") == "" || q.Get("Signature") == "" || q.Get("SigAlg") != "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" {
		t.Errorf("the LogoutRequest is not signed with RSA-SHA256: %v", q)
	}
	// samlidp answers with a LogoutResponse, by redirect or an auto-posting form.
	r = b.get(r.location.String())
	var answer *response
	switch {
	case r.location != nil:
		if !strings.HasPrefix(r.location.String(), p.URL+"/saml2/logout?") {
			t.Fatalf("the IdP answered at %v", r.location)
		}
		answer = b.get(r.location.String())
		// The answer is spent: the same again is refused.
		if again := newBrowser(t).get(r.location.String()); again.status != http.StatusBadRequest {
			t.Errorf("a replayed LogoutResponse got %d", again.status)
		}
	case r.status == http.StatusOK:
		action, fields := formOf(t, r.body)
		if action != p.URL+"/saml2/logout" || fields.Get("SAMLResponse") == "" {
			t.Fatalf("the IdP's answer: %s %v\n%s", action, fields, r.body)
		}
		answer = b.post(action, fields)
		if again := newBrowser(t).post(action, fields); again.status != http.StatusBadRequest {
			t.Errorf("a replayed LogoutResponse got %d", again.status)
		}
	default:
		t.Fatalf("the IdP's single-logout service answered %d:\n%s", r.status, r.body)
	}
	if answer.location == nil || answer.location.String() != signOutURL {
		t.Fatalf("after the IdP's answer: %d %v\n%s", answer.status, answer.location, answer.body)
	}
	if n := idp.Sessions(t); n != 0 {
		t.Errorf("the IdP still holds %d sessions after the sign-out", n)
	}
	// The pool's session ended too: authorize shows the login page again.
	if page := b.follow(p.URL, b.get(p.oauth.AuthCodeURL("st-2"))); page.status != http.StatusOK || !strings.Contains(page.body, `name="password"`) {
		t.Errorf("after the sign-out authorize answered %d %v", page.status, page.location)
	}

	// A forged answer (no LogoutRequest of ours) is refused.
	if r := newBrowser(t).get(p.URL + "/saml2/logout?SAMLResponse=bm90&RelayState=" + url.QueryEscape(p.UserPoolID+".forged")); r.status != http.StatusBadRequest {
		t.Errorf("a forged LogoutResponse got %d", r.status)
	}

	// Without IDPSignout the app's sign-out stays on the pool.
	if _, err := p.Admin().UpdateIdentityProvider(ctx, &cip.UpdateIdentityProviderInput{UserPoolId: &p.UserPoolID,
		ProviderName: aws.String("CorpSAML"), ProviderDetails: map[string]string{"IDPSignout": "false"}}); err != nil {
		t.Fatal(err)
	}
	b = newBrowser(t)
	signIn(b)
	if r := b.get(logoutURL); r.location == nil || r.location.String() != signOutURL {
		t.Errorf("/logout without IDPSignout: %d %v", r.status, r.location)
	}
}
