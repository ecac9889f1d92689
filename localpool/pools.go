package localpool

import (
	"crypto/rand"
	"errors"
	"regexp"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

var poolIDPattern = regexp.MustCompile(`^[\w-]+_[0-9a-zA-Z]+$`)

type createUserPoolInput struct {
	poolSettings
	PoolName           string
	UsernameAttributes []string
	AliasAttributes    []string
	Schema             []SchemaAttribute
}

// validate checks what the model cannot say; the model check has run (for
// a seeded pool too: applySeed checks it).
func (in *createUserPoolInput) validate() error {
	if err := in.poolSettings.validate(); err != nil {
		return err
	}
	if len(in.UsernameAttributes) > 0 && len(in.AliasAttributes) > 0 {
		return errInvalidParameter("UsernameAttributes and AliasAttributes cannot be set together.")
	}
	return nil
}

// defaultPasswordPolicy is Cognito's policy for a pool created without one.
var defaultPasswordPolicy = passwordPolicy{MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true,
	RequireSymbols: true, TemporaryPasswordValidityDays: 7}

// createPool stores a new pool with fresh keys under id.
func (s *Server) createPool(c *call, id string, in createUserPoolInput) (*userPool, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	schema, err := buildSchema(in.Schema)
	if err != nil {
		return nil, err
	}
	rec := &poolRecord{
		userPool: userPool{
			Id:                 id,
			Name:               in.PoolName,
			Arn:                "arn:aws:cognito-idp:" + s.region + ":000000000000:userpool/" + id,
			CreationDate:       epochTime(c.now),
			UsernameAttributes: in.UsernameAttributes,
			AliasAttributes:    in.AliasAttributes,
			SchemaAttributes:   schema,
		},
	}
	in.poolSettings.apply(rec, c.now)
	if err := newPoolSecrets(rec); err != nil {
		return nil, err
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := createPoolBuckets(tx, rec); err != nil {
			if errors.Is(err, bolt.ErrBucketExists) {
				return errInvalidParameter("User pool %s already exists.", id)
			}
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.log.Info("user pool created", "pool", id, "name", logValue(in.PoolName))
	return &rec.userPool, nil
}

func createUserPool(c *call, in *createUserPoolInput) (any, error) {
	pool, err := c.s.createPool(c, c.s.region+"_"+rand.Text()[:9], *in)
	if err != nil {
		return nil, err
	}
	return map[string]any{"UserPool": pool}, nil
}

type userPoolIDInput struct {
	UserPoolId string
}

// loadPool reads a pool's record in its own transaction.
func (c *call) loadPool(poolID string) (*poolRecord, error) {
	if err := required("UserPoolId", poolID, maxID); err != nil {
		return nil, err
	}
	var pool *poolRecord
	err := c.s.view(poolID, func(p *poolTx) error {
		var err error
		pool, err = p.pool()
		return err
	})
	return pool, err
}

func describeUserPool(c *call, in *userPoolIDInput) (any, error) {
	var pool *poolRecord
	err := c.withPool(in.UserPoolId, func(p *poolTx) error {
		var err error
		if pool, err = p.pool(); err != nil {
			return err
		}
		pool.EstimatedNumberOfUsers = p.b.Bucket(bucketUsers).Stats().KeyN
		pool.SchemaAttributes = pool.schema() // pools stored before schemas have the standard one
		return nil
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"UserPool": pool.userPool}, nil
}

// withPool runs fn in a read transaction on a validated pool ID.
func (c *call) withPool(poolID string, fn func(p *poolTx) error) error {
	if err := required("UserPoolId", poolID, maxID); err != nil {
		return err
	}
	return c.s.view(poolID, fn)
}

// updatePool runs fn in a write transaction on a validated pool ID.
func (c *call) updatePool(poolID string, fn func(p *poolTx) error) error {
	if err := required("UserPoolId", poolID, maxID); err != nil {
		return err
	}
	return c.s.update(poolID, fn)
}

type listInput struct {
	UserPoolId string
	MaxResults int
	Limit      int
	NextToken  string
}

// page returns up to max items after the one whose key is next, and the next token.
func page[T any](items []T, key func(T) string, max int, next string) ([]T, string) {
	if max <= 0 || max > 60 {
		max = 60
	}
	start := 0
	if next != "" {
		start = sort.Search(len(items), func(i int) bool { return key(items[i]) > next })
	}
	items = items[start:]
	if len(items) > max {
		return items[:max], key(items[max-1])
	}
	return items, ""
}

type poolDescription struct {
	Id               string    `json:"Id"`
	Name             string    `json:"Name"`
	CreationDate     epochTime `json:"CreationDate"`
	LastModifiedDate epochTime `json:"LastModifiedDate"`
}

func listUserPools(c *call, in *listInput) (any, error) {
	var pools []poolDescription
	err := c.s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPools).ForEach(func(k, _ []byte) error {
			p, err := openPoolTx(tx, string(k))
			if err != nil {
				return err
			}
			rec, err := p.pool()
			if err != nil {
				return err
			}
			pools = append(pools, poolDescription{Id: rec.Id, Name: rec.Name, CreationDate: rec.CreationDate, LastModifiedDate: rec.LastModifiedDate})
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	items, next := page(pools, func(p poolDescription) string { return p.Id }, in.MaxResults, in.NextToken)
	return listOutput("UserPools", items, next), nil
}

func listOutput[T any](name string, items []T, next string) map[string]any {
	if items == nil {
		items = []T{}
	}
	out := map[string]any{name: items}
	if next != "" {
		out["NextToken"] = next
	}
	return out
}

func deleteUserPool(c *call, in *userPoolIDInput) (any, error) {
	err := c.s.db.Update(func(tx *bolt.Tx) error {
		p, err := openPoolTx(tx, in.UserPoolId)
		if err != nil {
			return err
		}
		pool, err := p.pool()
		if err != nil {
			return err
		}
		if ix := tx.Bucket(bucketDomains); ix != nil {
			for _, d := range []string{pool.Domain, pool.CustomDomain} {
				if d != "" {
					if err := ix.Delete([]byte(d)); err != nil {
						return err
					}
				}
			}
		}
		if ix := tx.Bucket(bucketClientIx); ix != nil {
			err := forEach(p, bucketClients, func(rec *userPoolClient) error { return ix.Delete([]byte(rec.ClientId)) })
			if err != nil {
				return err
			}
		}
		return tx.Bucket(bucketPools).DeleteBucket([]byte(in.UserPoolId))
	})
	if err != nil {
		return nil, err
	}
	c.s.mu.Lock()
	delete(c.s.keys, in.UserPoolId)
	c.s.mu.Unlock()
	return nil, nil
}

// clientSettings are the fields CreateUserPoolClient and UpdateUserPoolClient share.
type clientSettings struct {
	UserPoolId                      string
	ClientName                      string
	RefreshTokenValidity            int
	AccessTokenValidity             int
	IdTokenValidity                 int
	TokenValidityUnits              *tokenValidityUnits
	ReadAttributes                  []string
	WriteAttributes                 []string
	ExplicitAuthFlows               []string
	SupportedIdentityProviders      []string
	CallbackURLs                    []string
	LogoutURLs                      []string
	DefaultRedirectURI              string
	AllowedOAuthFlows               []string
	AllowedOAuthScopes              []string
	AllowedOAuthFlowsUserPoolClient bool
	PreventUserExistenceErrors      string
	EnableTokenRevocation           *bool
	AuthSessionValidity             int
	RefreshTokenRotation            *refreshTokenRotation
}

// validate checks what the model cannot say (lengths, lists and enums it
// has checked): token validities in their units, and the OAuth settings.
func (in *clientSettings) validate() error {
	probe := userPoolClient{AccessTokenValidity: in.AccessTokenValidity, IdTokenValidity: in.IdTokenValidity,
		RefreshTokenValidity: in.RefreshTokenValidity, TokenValidityUnits: in.TokenValidityUnits}
	if d := probe.accessValidity(); in.AccessTokenValidity < 0 || d < 5*time.Minute || d > 24*time.Hour {
		return errInvalidParameter("Invalid range for token validity.")
	}
	if d := probe.idValidity(); in.IdTokenValidity < 0 || d < 5*time.Minute || d > 24*time.Hour {
		return errInvalidParameter("Invalid range for token validity.")
	}
	if d := probe.refreshValidity(); in.RefreshTokenValidity < 0 || d < time.Hour || d > 3650*24*time.Hour {
		return errInvalidParameter("Invalid range for token validity.")
	}
	return in.validateOAuth()
}

// apply copies the settings onto a client record, with Cognito's defaults.
func (in *clientSettings) apply(rec *userPoolClient, now time.Time) {
	rec.ClientName = in.ClientName
	rec.RefreshTokenValidity = in.RefreshTokenValidity
	if rec.RefreshTokenValidity == 0 {
		rec.RefreshTokenValidity = 30
	}
	rec.AccessTokenValidity = in.AccessTokenValidity
	rec.IdTokenValidity = in.IdTokenValidity
	u := (&userPoolClient{TokenValidityUnits: in.TokenValidityUnits}).units()
	rec.TokenValidityUnits = &u
	rec.ReadAttributes = in.ReadAttributes
	rec.WriteAttributes = in.WriteAttributes
	rec.ExplicitAuthFlows = in.ExplicitAuthFlows
	rec.SupportedIdentityProviders = in.SupportedIdentityProviders
	rec.CallbackURLs = in.CallbackURLs
	rec.LogoutURLs = in.LogoutURLs
	rec.DefaultRedirectURI = in.DefaultRedirectURI
	rec.AllowedOAuthFlows = in.AllowedOAuthFlows
	rec.AllowedOAuthScopes = in.AllowedOAuthScopes
	rec.AllowedOAuthFlowsUserPoolClient = in.AllowedOAuthFlowsUserPoolClient
	rec.PreventUserExistenceErrors = in.PreventUserExistenceErrors
	if rec.PreventUserExistenceErrors == "" {
		rec.PreventUserExistenceErrors = "ENABLED"
	}
	rec.EnableTokenRevocation = in.EnableTokenRevocation == nil || *in.EnableTokenRevocation
	rec.AuthSessionValidity = in.AuthSessionValidity
	if rec.AuthSessionValidity == 0 {
		rec.AuthSessionValidity = 3
	}
	rec.RefreshTokenRotation = in.RefreshTokenRotation
	rec.LastModifiedDate = epochTime(now)
}

type createUserPoolClientInput struct {
	clientSettings
	GenerateSecret bool
}

func (s *Server) createClient(c *call, in createUserPoolClientInput) (*userPoolClient, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	rec := &userPoolClient{
		UserPoolId:   in.UserPoolId,
		ClientId:     strings.ToLower(rand.Text()),
		CreationDate: epochTime(c.now),
	}
	if in.GenerateSecret {
		rec.ClientSecret = strings.ToLower(rand.Text() + rand.Text())[:51]
	}
	in.apply(rec, c.now)
	if err := s.update(in.UserPoolId, func(p *poolTx) error {
		pool, err := p.pool()
		if err != nil {
			return err
		}
		if err := firstError(checkClientScopes(pool, rec.AllowedOAuthScopes), checkClientProviders(pool, rec.SupportedIdentityProviders)); err != nil {
			return err
		}
		return p.putClient(rec)
	}); err != nil {
		return nil, err
	}
	return rec, nil
}

func createUserPoolClient(c *call, in *createUserPoolClientInput) (any, error) {
	client, err := c.s.createClient(c, *in)
	if err != nil {
		return nil, err
	}
	return map[string]any{"UserPoolClient": client}, nil
}

type clientIDInput struct {
	UserPoolId string
	ClientId   string
}

func describeUserPoolClient(c *call, in *clientIDInput) (any, error) {
	var client *userPoolClient
	err := c.withPool(in.UserPoolId, func(p *poolTx) error {
		var err error
		client, err = p.client(in.ClientId)
		return err
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"UserPoolClient": client}, nil
}

type clientDescription struct {
	ClientId   string `json:"ClientId"`
	ClientName string `json:"ClientName"`
	UserPoolId string `json:"UserPoolId"`
}

func listUserPoolClients(c *call, in *listInput) (any, error) {
	var clients []clientDescription
	err := c.withPool(in.UserPoolId, func(p *poolTx) error {
		return forEach(p, bucketClients, func(rec *userPoolClient) error {
			clients = append(clients, clientDescription{ClientId: rec.ClientId, ClientName: rec.ClientName, UserPoolId: rec.UserPoolId})
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	items, next := page(clients, func(c clientDescription) string { return c.ClientId }, in.MaxResults, in.NextToken)
	return listOutput("UserPoolClients", items, next), nil
}

type updateUserPoolClientInput struct {
	clientSettings
	ClientId string
}

func updateUserPoolClient(c *call, in *updateUserPoolClientInput) (any, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	var client *userPoolClient
	err := c.updatePool(in.UserPoolId, func(p *poolTx) error {
		var err error
		if client, err = p.client(in.ClientId); err != nil {
			return err
		}
		if in.ClientName == "" { // UpdateUserPoolClient may omit the name; keep the stored one
			in.ClientName = client.ClientName
		}
		pool, err := p.pool()
		if err != nil {
			return err
		}
		if err := firstError(checkClientScopes(pool, in.AllowedOAuthScopes), checkClientProviders(pool, in.SupportedIdentityProviders)); err != nil {
			return err
		}
		in.apply(client, c.now)
		return p.putClient(client)
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"UserPoolClient": client}, nil
}

type createGroupInput struct {
	UserPoolId  string
	GroupName   string
	Description string
	RoleArn     string
	Precedence  *int
}

func createGroup(c *call, in *createGroupInput) (any, error) {
	rec := &groupRecord{GroupName: in.GroupName, UserPoolId: in.UserPoolId, Description: in.Description, RoleArn: in.RoleArn,
		Precedence: in.Precedence, CreationDate: epochTime(c.now), LastModifiedDate: epochTime(c.now)}
	err := c.updatePool(in.UserPoolId, func(p *poolTx) error {
		if _, err := p.group(in.GroupName); err == nil {
			return apiError(userpool.GroupExistsException, "A group with the name %s already exists.", in.GroupName)
		}
		return putJSON(p.b.Bucket(bucketGroups), rec.GroupName, rec)
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"Group": rec}, nil
}

func listGroups(c *call, in *listInput) (any, error) {
	var groups []*groupRecord
	err := c.withPool(in.UserPoolId, func(p *poolTx) error {
		return forEach(p, bucketGroups, func(rec *groupRecord) error {
			groups = append(groups, rec)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	items, next := page(groups, func(g *groupRecord) string { return g.GroupName }, in.Limit, in.NextToken)
	return listOutput("Groups", items, next), nil
}

func validPoolID(id string) bool { return len(id) <= maxID && poolIDPattern.MatchString(id) }
