package localpool

import (
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// Identity providers (reference §3.3, §3.4): the pool keeps them on its
// record, as it keeps resource servers, so the hosted UI reads them with the
// pool.

// identityProvider is IdentityProviderType. ProviderDetails holds the keys
// the caller gave plus the derived ones Describe shows; private_key is kept
// for signing Apple's client secret but never answered.
type identityProvider struct {
	UserPoolId       string            `json:"UserPoolId"`
	ProviderName     string            `json:"ProviderName"`
	ProviderType     string            `json:"ProviderType"`
	ProviderDetails  map[string]string `json:"ProviderDetails"`
	AttributeMapping map[string]string `json:"AttributeMapping"`
	IdpIdentifiers   []string          `json:"IdpIdentifiers"`
	LastModifiedDate epochTime         `json:"LastModifiedDate"`
	CreationDate     epochTime         `json:"CreationDate"`
}

// wire is the provider as the operations answer it, without private_key.
func (p identityProvider) wire() identityProvider {
	p.ProviderDetails = maps.Clone(p.ProviderDetails)
	for _, k := range []string{"private_key", samlMetadataKey, "entity_id"} {
		delete(p.ProviderDetails, k)
	}
	if p.AttributeMapping == nil {
		p.AttributeMapping = map[string]string{}
	}
	if p.IdpIdentifiers == nil {
		p.IdpIdentifiers = []string{}
	}
	return p
}

// The provider types and the names social providers must be registered under.
const (
	typeGoogle   = "Google"
	typeFacebook = "Facebook"
	typeAmazon   = "LoginWithAmazon"
	typeApple    = "SignInWithApple"
	typeOIDC     = "OIDC"
	typeSAML     = "SAML"
)

// providerKeys are, per type, the ProviderDetails keys a caller must give
// and those it may give; the URL keys may point at other (local) servers.
var providerKeys = map[string]struct{ required, optional []string }{
	typeGoogle:   {[]string{"client_id", "client_secret", "authorize_scopes"}, socialURLKeys},
	typeFacebook: {[]string{"client_id", "client_secret", "authorize_scopes"}, append([]string{"api_version"}, socialURLKeys...)},
	typeAmazon:   {[]string{"client_id", "client_secret", "authorize_scopes"}, socialURLKeys},
	typeApple:    {[]string{"client_id", "team_id", "key_id", "private_key", "authorize_scopes"}, socialURLKeys},
	typeOIDC: {[]string{"client_id", "attributes_request_method", "oidc_issuer", "authorize_scopes"},
		[]string{"client_secret", "authorize_url", "token_url", "attributes_url", "jwks_uri", "attributes_url_add_attributes", "token_request_method"}},
	typeSAML: {nil, []string{"MetadataURL", "MetadataFile", "IDPSignout", "IDPInit", "EncryptedResponses", "RequestSigningAlgorithm",
		"SSORedirectBindingURI", "SLORedirectBindingURI", "ActiveEncryptionCertificate"}},
}

var socialURLKeys = []string{"authorize_url", "token_url", "attributes_url", "oidc_issuer", "jwks_uri",
	"attributes_url_add_attributes", "token_request_method"}

// urlKeys are the ProviderDetails keys that hold URLs the pool calls or sends browsers to.
var urlKeys = []string{"authorize_url", "token_url", "attributes_url", "oidc_issuer", "jwks_uri", "MetadataURL"}

// socialDefaults are the derived keys Describe shows for the social types
// (reference §3.3), used unless the caller gave its own.
func socialDefaults(providerType string, details map[string]string) map[string]string {
	switch providerType {
	case typeGoogle:
		return map[string]string{
			"attributes_url":                "https://people.googleapis.com/v1/people/me?personFields=",
			"attributes_url_add_attributes": "true",
			"authorize_url":                 "https://accounts.google.com/o/oauth2/v2/auth",
			"oidc_issuer":                   "https://accounts.google.com",
			"token_request_method":          "POST",
			"token_url":                     "https://www.googleapis.com/oauth2/v4/token",
		}
	case typeFacebook:
		v := details["api_version"]
		if v == "" {
			v = "v17.0"
		}
		return map[string]string{
			"api_version":                   v,
			"attributes_url":                "https://graph.facebook.com/" + v + "/me?fields=",
			"attributes_url_add_attributes": "true",
			"authorize_url":                 "https://www.facebook.com/" + v + "/dialog/oauth",
			"token_request_method":          "GET",
			"token_url":                     "https://graph.facebook.com/" + v + "/oauth/access_token",
		}
	case typeAmazon:
		return map[string]string{
			"attributes_url":                "https://api.amazon.com/user/profile",
			"attributes_url_add_attributes": "false",
			"authorize_url":                 "https://www.amazon.com/ap/oa",
			"token_request_method":          "POST",
			"token_url":                     "https://api.amazon.com/auth/o2/token",
		}
	case typeApple:
		return map[string]string{
			"authorize_url":                 "https://appleid.apple.com/auth/authorize",
			"oidc_issuer":                   "https://appleid.apple.com",
			"token_request_method":          "POST",
			"token_url":                     "https://appleid.apple.com/auth/token",
			"attributes_url_add_attributes": "false",
		}
	case typeOIDC:
		return map[string]string{"attributes_url_add_attributes": "false", "token_request_method": "POST"}
	}
	return nil
}

var (
	providerNamePattern  = regexp.MustCompile(`^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}]*[^_\p{Z}]$`)
	idpIdentifierPattern = regexp.MustCompile(`^[\w\s+=.@-]+$`)
)

type identityProviderInput struct {
	UserPoolId       string
	ProviderName     string
	ProviderType     string
	ProviderDetails  map[string]string
	AttributeMapping map[string]string
	IdpIdentifiers   []string
}

// validate checks the input of Create (create) or Update; for Update the
// type comes from the stored provider.
func (in *identityProviderInput) validate(create bool) error {
	if err := firstError(required("UserPoolId", in.UserPoolId, maxID), required("ProviderName", in.ProviderName, 32)); err != nil {
		return err
	}
	if !providerNamePattern.MatchString(in.ProviderName) {
		return errInvalidParameter("1 validation error detected: Value at 'providerName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+")
	}
	keys, ok := providerKeys[in.ProviderType]
	if !ok {
		return errInvalidParameter("ProviderType must be one of SAML, Facebook, Google, LoginWithAmazon, SignInWithApple, OIDC.")
	}
	if create {
		social := in.ProviderType != typeOIDC && in.ProviderType != typeSAML
		switch {
		case social && in.ProviderName != in.ProviderType:
			return errInvalidParameter("The ProviderName of a %s provider must be %s.", in.ProviderType, in.ProviderType)
		case !social && slices.Contains([]string{typeGoogle, typeFacebook, typeAmazon, typeApple}, in.ProviderName),
			strings.EqualFold(in.ProviderName, providerCognito):
			return errInvalidParameter("The ProviderName %s is reserved.", in.ProviderName)
		}
	}
	if len(in.ProviderDetails) > 50 || len(in.AttributeMapping) > 50 || len(in.IdpIdentifiers) > 50 {
		return errInvalidParameter("ProviderDetails, AttributeMapping and IdpIdentifiers take at most 50 entries each.")
	}
	for k, v := range in.ProviderDetails {
		if !slices.Contains(keys.required, k) && !slices.Contains(keys.optional, k) {
			return errInvalidParameter("The ProviderDetails key %s is not valid for the %s provider type.", truncate(k, 64), in.ProviderType)
		}
		limit := maxValue
		if k == "MetadataFile" || k == "private_key" {
			limit = 131072
		}
		if len(v) > limit {
			return errInvalidParameter("The ProviderDetails value of %s is too long.", k)
		}
		if slices.Contains(urlKeys, k) {
			if err := checkProviderURL(k, v); err != nil {
				return err
			}
		}
	}
	for _, k := range keys.required {
		if in.ProviderDetails[k] == "" {
			return errInvalidParameter("ProviderDetails must include %s for a %s provider.", k, in.ProviderType)
		}
	}
	if m := in.ProviderDetails["attributes_request_method"]; m != "" && m != "GET" && m != "POST" {
		return errInvalidParameter("attributes_request_method must be GET or POST.")
	}
	if in.ProviderType == typeSAML && (in.ProviderDetails["MetadataURL"] == "") == (in.ProviderDetails["MetadataFile"] == "") {
		return errInvalidParameter("A SAML provider needs exactly one of MetadataURL and MetadataFile.")
	}
	for k, v := range in.AttributeMapping {
		if len(k) == 0 || len(k) > 32 || len(v) == 0 || len(v) > 131072 {
			return errInvalidParameter("AttributeMapping keys are 1 to 32 characters and values are not empty.")
		}
	}
	seen := map[string]bool{}
	for _, id := range in.IdpIdentifiers {
		if len(id) == 0 || len(id) > 40 || !idpIdentifierPattern.MatchString(id) {
			return errInvalidParameter("1 validation error detected: Value at 'idpIdentifiers' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=.@-]+")
		}
		if seen[strings.ToLower(id)] {
			return errInvalidParameter("Duplicate IdpIdentifier %s.", id)
		}
		seen[strings.ToLower(id)] = true
	}
	return nil
}

// checkProviderURL allows https everywhere and plain http on the loopback
// only, so a local stand-in or a test provider can run without TLS.
func checkProviderURL(key, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopbackHost(u.Hostname()))) {
		return errInvalidParameter("The ProviderDetails %s must be an https URL (plain http only on localhost): %s", key, truncate(raw, 100))
	}
	return nil
}

// pool lookups.

func (p *poolRecord) identityProvider(name string) int {
	return slices.IndexFunc(p.IdentityProviders, func(ip identityProvider) bool { return ip.ProviderName == name })
}

// providerByIdentifier finds the provider with the identifier; an email
// address also matches by its domain (email-domain routing).
func (p *poolRecord) providerByIdentifier(identifier string) int {
	match := func(id string) int {
		return slices.IndexFunc(p.IdentityProviders, func(ip identityProvider) bool {
			return slices.ContainsFunc(ip.IdpIdentifiers, func(s string) bool { return strings.EqualFold(s, id) })
		})
	}
	if i := match(identifier); i >= 0 {
		return i
	}
	if at := strings.LastIndexByte(identifier, '@'); at >= 0 {
		return match(identifier[at+1:])
	}
	return -1
}

func createIdentityProvider(c *call, in *identityProviderInput) (any, error) {
	if err := in.validate(true); err != nil {
		return nil, err
	}
	details, err := c.s.deriveProviderDetails(c.r.Context(), in.ProviderType, in.ProviderDetails)
	if err != nil {
		return nil, err
	}
	ip := identityProvider{UserPoolId: in.UserPoolId, ProviderName: in.ProviderName, ProviderType: in.ProviderType,
		ProviderDetails: details, AttributeMapping: defaultMapping(in.ProviderType, in.AttributeMapping), IdpIdentifiers: in.IdpIdentifiers,
		CreationDate: epochTime(c.now), LastModifiedDate: epochTime(c.now)}
	err = c.updatePool(in.UserPoolId, func(p *poolTx) error {
		pool, err := p.pool()
		if err != nil {
			return err
		}
		if pool.identityProvider(in.ProviderName) >= 0 {
			return apiError(userpool.DuplicateProviderException, "A provider with the name %s already exists in this user pool.", in.ProviderName)
		}
		if err := pool.checkIdentifiersFree(in.ProviderName, in.IdpIdentifiers); err != nil {
			return err
		}
		pool.IdentityProviders = append(pool.IdentityProviders, ip)
		slices.SortFunc(pool.IdentityProviders, func(a, b identityProvider) int { return strings.Compare(a.ProviderName, b.ProviderName) })
		return p.putPool(pool)
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"IdentityProvider": ip.wire()}, nil
}

// defaultMapping is the caller's mapping; OIDC and social providers map
// username to the provider's subject as Cognito does when none is given.
func defaultMapping(providerType string, mapping map[string]string) map[string]string {
	out := maps.Clone(mapping)
	if out == nil {
		out = map[string]string{}
	}
	if _, ok := out["username"]; !ok && providerType != typeSAML {
		out["username"] = subjectClaim(providerType)
	}
	return out
}

// subjectClaim is the claim that names a provider's user (reference §3.1).
func subjectClaim(providerType string) string {
	switch providerType {
	case typeFacebook:
		return "id"
	case typeAmazon:
		return "user_id"
	}
	return "sub"
}

func (p *poolRecord) checkIdentifiersFree(provider string, ids []string) error {
	for _, ip := range p.IdentityProviders {
		if ip.ProviderName == provider {
			continue
		}
		for _, id := range ids {
			if slices.ContainsFunc(ip.IdpIdentifiers, func(s string) bool { return strings.EqualFold(s, id) }) {
				return errInvalidParameter("The IdpIdentifier %s is already used by the provider %s.", id, ip.ProviderName)
			}
		}
	}
	return nil
}

type providerNameInput struct {
	UserPoolId   string
	ProviderName string
}

func (c *call) findProvider(poolID, name string) (identityProvider, error) {
	if err := required("ProviderName", name, 32); err != nil {
		return identityProvider{}, err
	}
	pool, err := c.loadPool(poolID)
	if err != nil {
		return identityProvider{}, err
	}
	i := pool.identityProvider(name)
	if i < 0 {
		return identityProvider{}, errResourceNotFound("Identity provider %s does not exist.", truncate(name, 32))
	}
	return pool.IdentityProviders[i], nil
}

func describeIdentityProvider(c *call, in *providerNameInput) (any, error) {
	ip, err := c.findProvider(in.UserPoolId, in.ProviderName)
	if err != nil {
		return nil, err
	}
	return map[string]any{"IdentityProvider": ip.wire()}, nil
}

type providerIdentifierInput struct {
	UserPoolId    string
	IdpIdentifier string
}

func getIdentityProviderByIdentifier(c *call, in *providerIdentifierInput) (any, error) {
	if err := required("IdpIdentifier", in.IdpIdentifier, 40); err != nil {
		return nil, err
	}
	pool, err := c.loadPool(in.UserPoolId)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(pool.IdentityProviders, func(ip identityProvider) bool {
		return slices.ContainsFunc(ip.IdpIdentifiers, func(s string) bool { return strings.EqualFold(s, in.IdpIdentifier) })
	})
	if i < 0 {
		return nil, errResourceNotFound("Identity provider with identifier %s does not exist.", in.IdpIdentifier)
	}
	return map[string]any{"IdentityProvider": pool.IdentityProviders[i].wire()}, nil
}

// providerDescription is ProviderDescription, the ListIdentityProviders row.
type providerDescription struct {
	ProviderName     string    `json:"ProviderName"`
	ProviderType     string    `json:"ProviderType"`
	LastModifiedDate epochTime `json:"LastModifiedDate"`
	CreationDate     epochTime `json:"CreationDate"`
}

func listIdentityProviders(c *call, in *listInput) (any, error) {
	if in.MaxResults != 0 && (in.MaxResults < 1 || in.MaxResults > 60) {
		return nil, errInvalidParameter("1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60")
	}
	pool, err := c.loadPool(in.UserPoolId)
	if err != nil {
		return nil, err
	}
	rows := make([]providerDescription, len(pool.IdentityProviders))
	for i, ip := range pool.IdentityProviders {
		rows[i] = providerDescription{ip.ProviderName, ip.ProviderType, ip.LastModifiedDate, ip.CreationDate}
	}
	items, next := page(rows, func(r providerDescription) string { return r.ProviderName }, max(in.MaxResults, 60), in.NextToken)
	if items == nil {
		items = []providerDescription{}
	}
	return listOutput("Providers", items, next), nil
}

type updateIdentityProviderInput struct {
	UserPoolId       string
	ProviderName     string
	ProviderDetails  map[string]string
	AttributeMapping map[string]string
	IdpIdentifiers   []string
}

// updateIdentityProvider replaces the parts it is given: ProviderDetails
// keys are merged into the stored ones (so private_key can stay unsent).
func updateIdentityProvider(c *call, in *updateIdentityProviderInput) (any, error) {
	current, err := c.findProvider(in.UserPoolId, in.ProviderName)
	if err != nil {
		return nil, err
	}
	given := map[string]string{}
	for _, k := range append(providerKeys[current.ProviderType].required, providerKeys[current.ProviderType].optional...) {
		if v, ok := current.ProviderDetails[k]; ok && k != "SSORedirectBindingURI" && k != "SLORedirectBindingURI" && k != "ActiveEncryptionCertificate" {
			given[k] = v
		}
	}
	if in.ProviderDetails != nil && current.ProviderType == typeSAML && (in.ProviderDetails["MetadataURL"] != "" || in.ProviderDetails["MetadataFile"] != "") {
		delete(given, "MetadataURL")
		delete(given, "MetadataFile")
	}
	maps.Copy(given, in.ProviderDetails)
	check := identityProviderInput{UserPoolId: in.UserPoolId, ProviderName: in.ProviderName, ProviderType: current.ProviderType,
		ProviderDetails: given, AttributeMapping: in.AttributeMapping, IdpIdentifiers: in.IdpIdentifiers}
	if err := check.validate(false); err != nil {
		return nil, err
	}
	var details map[string]string
	if in.ProviderDetails != nil {
		if details, err = c.s.deriveProviderDetails(c.r.Context(), current.ProviderType, given); err != nil {
			return nil, err
		}
	}
	var out identityProvider
	err = c.updateProvider(in.UserPoolId, in.ProviderName, func(p *poolTx, pool *poolRecord, i int) error {
		ip := &pool.IdentityProviders[i]
		if details != nil {
			ip.ProviderDetails = details
		}
		if in.AttributeMapping != nil {
			ip.AttributeMapping = defaultMapping(ip.ProviderType, in.AttributeMapping)
		}
		if in.IdpIdentifiers != nil {
			if err := pool.checkIdentifiersFree(ip.ProviderName, in.IdpIdentifiers); err != nil {
				return err
			}
			ip.IdpIdentifiers = in.IdpIdentifiers
		}
		ip.LastModifiedDate = epochTime(c.now)
		out = *ip
		return p.putPool(pool)
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"IdentityProvider": out.wire()}, nil
}

// deleteIdentityProvider removes the provider; app clients that listed it
// no longer offer it. UNSURE: Cognito may refuse while clients list it.
func deleteIdentityProvider(c *call, in *providerNameInput) (any, error) {
	if err := required("ProviderName", in.ProviderName, 32); err != nil {
		return nil, err
	}
	return nil, c.updateProvider(in.UserPoolId, in.ProviderName, func(p *poolTx, pool *poolRecord, i int) error {
		pool.IdentityProviders = slices.Delete(pool.IdentityProviders, i, i+1)
		if err := forEach(p, bucketClients, func(rec *userPoolClient) error {
			if !slices.Contains(rec.SupportedIdentityProviders, in.ProviderName) {
				return nil
			}
			rec.SupportedIdentityProviders = slices.DeleteFunc(rec.SupportedIdentityProviders, func(s string) bool { return s == in.ProviderName })
			return p.putClient(rec)
		}); err != nil {
			return err
		}
		return p.putPool(pool)
	})
}

// updateProvider runs fn on the pool's provider named name in a write transaction.
func (c *call) updateProvider(poolID, name string, fn func(p *poolTx, pool *poolRecord, i int) error) error {
	return c.updatePool(poolID, func(p *poolTx) error {
		pool, err := p.pool()
		if err != nil {
			return err
		}
		i := pool.identityProvider(name)
		if i < 0 {
			return errResourceNotFound("Identity provider %s does not exist.", truncate(name, 32))
		}
		return fn(p, pool, i)
	})
}

// checkClientProviders refuses SupportedIdentityProviders the pool does not have.
func checkClientProviders(pool *poolRecord, names []string) error {
	for _, n := range names {
		if n != providerCognito && pool.identityProvider(n) < 0 {
			return errInvalidParameter("The provider %s does not exist for User Pool %s", truncate(n, 32), pool.Id)
		}
	}
	return nil
}
