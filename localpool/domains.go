package localpool

import (
	"regexp"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// bucketDomains is a root bucket: hosted-UI domain -> pool ID, so a request to
// http://<domain>.localhost:<port> finds its pool.
var bucketDomains = []byte("domains")

var (
	prefixDomainPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$`)
	customDomainPattern = regexp.MustCompile(`^(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$`)
)

type customDomainConfig struct {
	CertificateArn string `json:"CertificateArn"`
	SecurityPolicy string `json:"SecurityPolicy,omitempty"`
}

type domainInput struct {
	Domain              string
	UserPoolId          string
	ManagedLoginVersion int
	CustomDomainConfig  *customDomainConfig
}

// validate checks what the model cannot say (the model check has run).
func (in *domainInput) validate() error {
	if in.CustomDomainConfig != nil && !customDomainPattern.MatchString(in.Domain) {
		return errInvalidParameter("1 validation error detected: Value at 'domain' failed to satisfy constraint: Member must be a fully qualified domain name")
	}
	if in.ManagedLoginVersion != 0 && in.ManagedLoginVersion != 1 && in.ManagedLoginVersion != 2 {
		return errInvalidParameter("ManagedLoginVersion must be 1 or 2.")
	}
	return nil
}

func createUserPoolDomain(c *call, in *domainInput) (any, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	version := max(in.ManagedLoginVersion, 1)
	err := c.s.update(in.UserPoolId, func(p *poolTx) error {
		pool, err := p.pool()
		if err != nil {
			return err
		}
		if (in.CustomDomainConfig == nil && pool.Domain != "") || (in.CustomDomainConfig != nil && pool.CustomDomain != "") {
			return errInvalidParameter("User pool already has a domain configured.")
		}
		ix, err := p.tx.CreateBucketIfNotExists(bucketDomains)
		if err != nil {
			return err
		}
		if ix.Get([]byte(in.Domain)) != nil {
			return errInvalidParameter("Domain already associated with another user pool.")
		}
		if err := ix.Put([]byte(in.Domain), []byte(pool.Id)); err != nil {
			return err
		}
		if in.CustomDomainConfig != nil {
			pool.CustomDomain = in.Domain
		} else {
			pool.Domain = in.Domain
		}
		pool.ManagedLoginVersion = version
		return p.putPool(pool)
	})
	if err != nil {
		return nil, err
	}
	out := map[string]any{"ManagedLoginVersion": version}
	if in.CustomDomainConfig != nil {
		out["CloudFrontDomain"] = in.Domain
	}
	return out, nil
}

type describeDomainInput struct{ Domain string }

func describeUserPoolDomain(c *call, in *describeDomainInput) (any, error) {
	poolID := c.s.domainPool(in.Domain)
	if poolID == "" {
		// Cognito describes an unknown domain as an empty description.
		return map[string]any{"DomainDescription": map[string]any{}}, nil
	}
	pool, err := c.loadPool(poolID)
	if err != nil {
		return map[string]any{"DomainDescription": map[string]any{}}, nil
	}
	d := map[string]any{
		"UserPoolId":          pool.Id,
		"AWSAccountId":        "000000000000",
		"Domain":              in.Domain,
		"Status":              "ACTIVE",
		"Version":             "1",
		"ManagedLoginVersion": max(pool.ManagedLoginVersion, 1),
	}
	if in.Domain == pool.CustomDomain {
		d["CloudFrontDistribution"] = in.Domain
	}
	return map[string]any{"DomainDescription": d}, nil
}

func updateUserPoolDomain(c *call, in *domainInput) (any, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	var version int
	err := c.s.update(in.UserPoolId, func(p *poolTx) error {
		pool, err := p.pool()
		if err != nil {
			return err
		}
		if in.Domain != pool.Domain && in.Domain != pool.CustomDomain {
			return errResourceNotFound("The domain %s does not belong to user pool %s.", in.Domain, in.UserPoolId)
		}
		if in.ManagedLoginVersion != 0 {
			pool.ManagedLoginVersion = in.ManagedLoginVersion
		}
		version = max(pool.ManagedLoginVersion, 1)
		return p.putPool(pool)
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"ManagedLoginVersion": version}, nil
}

func deleteUserPoolDomain(c *call, in *domainInput) (any, error) {
	return nil, c.s.update(in.UserPoolId, func(p *poolTx) error {
		pool, err := p.pool()
		if err != nil {
			return err
		}
		switch in.Domain {
		case "":
		case pool.Domain:
			pool.Domain = ""
		case pool.CustomDomain:
			pool.CustomDomain = ""
		default:
			return errInvalidParameter("The domain %s does not belong to user pool %s.", truncate(in.Domain, 253), in.UserPoolId)
		}
		if ix := p.tx.Bucket(bucketDomains); ix != nil {
			if err := ix.Delete([]byte(in.Domain)); err != nil {
				return err
			}
		}
		return p.putPool(pool)
	})
}

// domainPool returns the ID of the pool whose domain is domain, or "".
func (s *Server) domainPool(domain string) string {
	var poolID string
	_ = s.db.View(func(tx *bolt.Tx) error {
		if ix := tx.Bucket(bucketDomains); ix != nil {
			poolID = string(ix.Get([]byte(strings.ToLower(domain))))
		}
		return nil
	})
	return poolID
}

// resourceServer is ResourceServerType: an API whose custom scopes
// ("<Identifier>/<ScopeName>") app clients may be granted.
type resourceServer struct {
	UserPoolId string          `json:"UserPoolId"`
	Identifier string          `json:"Identifier"`
	Name       string          `json:"Name"`
	Scopes     []resourceScope `json:"Scopes"`
}

type resourceScope struct {
	ScopeName        string `json:"ScopeName"`
	ScopeDescription string `json:"ScopeDescription"`
}

type resourceServerInput struct {
	UserPoolId string
	Identifier string
	Name       string
	Scopes     []resourceScope
}

// validate checks what the model cannot say (the model check has run):
// scope names are unique.
func (in *resourceServerInput) validate() error {
	seen := map[string]bool{}
	for _, sc := range in.Scopes {
		if seen[sc.ScopeName] {
			return errInvalidParameter("Duplicate scope name %s.", sc.ScopeName)
		}
		seen[sc.ScopeName] = true
	}
	return nil
}

func (in *resourceServerInput) record() resourceServer {
	scopes := in.Scopes
	if scopes == nil {
		scopes = []resourceScope{}
	}
	return resourceServer{UserPoolId: in.UserPoolId, Identifier: in.Identifier, Name: in.Name, Scopes: scopes}
}

func createResourceServer(c *call, in *resourceServerInput) (any, error) {
	return c.putResourceServer(in, true)
}

func updateResourceServer(c *call, in *resourceServerInput) (any, error) {
	return c.putResourceServer(in, false)
}

// putResourceServer adds (create) or replaces a resource server.
func (c *call) putResourceServer(in *resourceServerInput, create bool) (any, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	rs := in.record()
	err := c.s.update(in.UserPoolId, func(p *poolTx) error {
		pool, err := p.pool()
		if err != nil {
			return err
		}
		i := pool.resourceServer(in.Identifier)
		switch {
		case create && i >= 0:
			return errInvalidParameter("%s already exists in user pool %s.", in.Identifier, in.UserPoolId)
		case create:
			pool.ResourceServers = append(pool.ResourceServers, rs)
			slices.SortFunc(pool.ResourceServers, func(a, b resourceServer) int { return strings.Compare(a.Identifier, b.Identifier) })
		case i < 0:
			return errResourceNotFound("Resource server %s does not exist.", in.Identifier)
		default:
			pool.ResourceServers[i] = rs
		}
		return p.putPool(pool)
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"ResourceServer": rs}, nil
}

func (p *poolRecord) resourceServer(identifier string) int {
	return slices.IndexFunc(p.ResourceServers, func(rs resourceServer) bool { return rs.Identifier == identifier })
}

type resourceServerIDInput struct {
	UserPoolId string
	Identifier string
}

func (c *call) findResourceServer(in *resourceServerIDInput) (*poolRecord, int, error) {
	pool, err := c.loadPool(in.UserPoolId)
	if err != nil {
		return nil, -1, err
	}
	i := pool.resourceServer(in.Identifier)
	if i < 0 {
		return nil, -1, errResourceNotFound("Resource server %s does not exist.", truncate(in.Identifier, 256))
	}
	return pool, i, nil
}

func describeResourceServer(c *call, in *resourceServerIDInput) (any, error) {
	pool, i, err := c.findResourceServer(in)
	if err != nil {
		return nil, err
	}
	return map[string]any{"ResourceServer": pool.ResourceServers[i]}, nil
}

func listResourceServers(c *call, in *listInput) (any, error) {
	pool, err := c.loadPool(in.UserPoolId)
	if err != nil {
		return nil, err
	}
	limit := in.MaxResults
	if limit == 0 {
		limit = 50 // the most ListResourceServers answers
	}
	items, next := page(pool.ResourceServers, func(rs resourceServer) string { return rs.Identifier }, limit, in.NextToken)
	return listOutput("ResourceServers", items, next), nil
}

func deleteResourceServer(c *call, in *resourceServerIDInput) (any, error) {
	return nil, c.s.update(in.UserPoolId, func(p *poolTx) error {
		pool, err := p.pool()
		if err != nil {
			return err
		}
		i := pool.resourceServer(in.Identifier)
		if i < 0 {
			return errResourceNotFound("Resource server %s does not exist.", in.Identifier)
		}
		pool.ResourceServers = slices.Delete(pool.ResourceServers, i, i+1)
		return p.putPool(pool)
	})
}

// customScopes lists every "<Identifier>/<ScopeName>" the pool defines.
func (p *poolRecord) customScopes() []string {
	var out []string
	for _, rs := range p.ResourceServers {
		for _, sc := range rs.Scopes {
			out = append(out, rs.Identifier+"/"+sc.ScopeName)
		}
	}
	return out
}
