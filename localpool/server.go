package localpool

import (
	"cmp"
	"crypto/cipher"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	bolt "go.etcd.io/bbolt"

	"github.com/cognitowasm/cognitowasm/app/userpool"
	"github.com/cognitowasm/cognitowasm/localpool/internal/standin"
)

// Options configures a Server.
type Options struct {
	DataDir    string           // the bbolt file lives here (created if missing)
	IssuerBase string           // "" => derived from each request's scheme and Host, e.g. "http://127.0.0.1:9229"
	Clock      func() time.Time // nil => time.Now
	Logger     *slog.Logger     // nil => discard; codes are "delivered" by logging them
	Seed       *Config          // optional seed (pools, clients, groups, users) applied on first start
	Region     string           // default "us-east-1"
	// AllowOrigins lists the web origins ("http://localhost:3000") whose
	// pages may call admin operations; by default no page may.
	AllowOrigins []string
	// BodyTimeout bounds the time to read a request body; 0 means 10 s.
	BodyTimeout time.Duration
}

// DefaultPoolName is the name part of the default pool's ID ("us-east-1_LocalPool").
const DefaultPoolName = "LocalPool"

// ErrDataDirInUse means another process has the data dir open: bbolt
// locks its file, so two pools cannot share one.
var ErrDataDirInUse = errors.New("localpool: the data dir is in use by another process")

// defaultBodyTimeout bounds the read of a request body (Options.BodyTimeout).
const defaultBodyTimeout = 10 * time.Second

// dbFile is the name of the state file inside Options.DataDir.
const dbFile = "localpool.db"

// Server is an offline Cognito user pool service. It is safe for concurrent use.
type Server struct {
	db     *bolt.DB
	opts   Options
	log    *slog.Logger
	now    func() time.Time
	region string

	defaultPoolID, defaultClientID string

	// srpPurpose seals SECRET_BLOCKs for this process only: spent blocks
	// are remembered in memory (spentBlocks), so none may outlive a restart.
	srpPurpose string

	allowOrigins map[string]bool // from Options.AllowOrigins
	issuerHost   string          // host name of Options.IssuerBase
	bodyTimeout  time.Duration
	idp          *http.Client // calls identity providers

	poolsMu sync.Mutex
	pools   map[string]decoded // decodedPool, by pool ID

	mu          sync.Mutex
	keys        map[string]*poolKeys
	inbox       map[string][]inboxEntry // in-memory only: temporary passwords are never stored
	spentBlocks map[[sha256.Size]byte]time.Time
	guessers    map[string]*userRecord // failure counts of names without a user (unknownGuesser)
	guessLocks  [256]sync.Mutex        // serialize the password checks of a name (tryPassword)
	pruneSpent  int                    // prune spentBlocks when it reaches this size
	// authFailures counts wrong MFA codes per challenge session ID.
	authFailures map[string]int

	// Hosted UI: authorization codes by SHA-256, and the hosted-UI sessions
	// /logout ended, until they would have expired.
	codes         map[[sha256.Size]byte]*authCode
	pruneCodes    int
	endedSessions map[string]time.Time

	standin atomic.Pointer[standin.Server] // EnableStandIn
}

// poolKeys are a pool's parsed secrets, cached because parsing RSA keys is slow.
type poolKeys struct {
	id, access signingKey // the ID-token and the access-token key
	aead       cipher.AEAD
}

type signingKey struct {
	private *rsa.PrivateKey
	kid     string
}

// defaultPool is what meta/default holds.
type defaultPool struct {
	UserPoolID string `json:"userPoolId"`
	ClientID   string `json:"clientId"`
}

// Open opens (or creates) the pool state in opts.DataDir. On a new data dir it
// creates the default pool "<region>_LocalPool", with email as the sign-in
// name, and a public client that allows every flow, then applies opts.Seed;
// if that fails, it removes the new state file, so a corrected seed can start
// afresh.
func Open(opts Options) (*Server, error) {
	if opts.DataDir == "" {
		return nil, errors.New("localpool: Options.DataDir is required")
	}
	if err := os.MkdirAll(opts.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("localpool: %w", err)
	}
	allowOrigins, err := normalizeOrigins(opts.AllowOrigins)
	if err != nil {
		return nil, err
	}
	issuerHost, err := hostName(opts.IssuerBase)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(opts.DataDir, dbFile)
	_, statErr := os.Stat(path)
	isNew := errors.Is(statErr, fs.ErrNotExist)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		// bbolt locks its file; another process holds it.
		return nil, fmt.Errorf("%w: %s (stop the other cognitowasm serve or localpool, or pass another -data)", ErrDataDirInUse, opts.DataDir)
	}
	if err != nil {
		return nil, fmt.Errorf("localpool: open %s: %w", opts.DataDir, err)
	}
	s := &Server{
		db:     db,
		opts:   opts,
		log:    opts.Logger,
		now:    opts.Clock,
		region: opts.Region,
		keys:   map[string]*poolKeys{},
		pools:  map[string]decoded{},
		inbox:  map[string][]inboxEntry{},
		idp:    idpHTTPClient(),

		srpPurpose:  "srp " + rand.Text(),
		spentBlocks: map[[sha256.Size]byte]time.Time{},

		allowOrigins:  allowOrigins,
		issuerHost:    issuerHost,
		bodyTimeout:   cmp.Or(opts.BodyTimeout, defaultBodyTimeout),
		codes:         map[[sha256.Size]byte]*authCode{},
		endedSessions: map[string]time.Time{},
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.region == "" {
		s.region = "us-east-1"
	}
	if err := s.init(); err != nil {
		db.Close()
		if isNew {
			// A half-applied seed would make every later start fail.
			os.Remove(path)
		}
		return nil, err
	}
	return s, nil
}

// init loads the default pool, creating it and applying the seed on first start.
func (s *Server) init() error {
	var def defaultPool
	err := s.db.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			return getJSON(meta, string(keyDefault), &def)
		}
		return errNotFound
	})
	if err == nil {
		s.defaultPoolID, s.defaultClientID = def.UserPoolID, def.ClientID
		return s.upgradeStoredPools(addAccessKey, indexSessions)
	}
	if !errors.Is(err, errNotFound) {
		return fmt.Errorf("localpool: read state: %w", err)
	}
	c := &call{s: s, now: s.now()}
	pool, err := s.createPool(c, s.region+"_"+DefaultPoolName, createUserPoolInput{
		PoolName:           DefaultPoolName,
		UsernameAttributes: []string{"email"},
		poolSettings:       defaultPoolSettings(),
	})
	if err != nil {
		return fmt.Errorf("localpool: create default pool: %w", err)
	}
	if err := s.update(pool.Id, func(p *poolTx) error {
		rec, err := p.pool()
		if err != nil {
			return err
		}
		rec.WebAuthn = &webAuthnConfiguration{RelyingPartyId: "localhost"}
		return p.putPool(rec)
	}); err != nil {
		return fmt.Errorf("localpool: create default pool: %w", err)
	}
	client, err := s.createClient(c, createUserPoolClientInput{clientSettings: clientSettings{
		UserPoolId: pool.Id,
		ClientName: "local",
		ExplicitAuthFlows: []string{"ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH",
			"ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_AUTH"},
		EnableTokenRevocation: ptr(true),
	}})
	if err != nil {
		return fmt.Errorf("localpool: create default client: %w", err)
	}
	if s.opts.Seed != nil {
		if err := s.applySeed(c, s.opts.Seed); err != nil {
			return fmt.Errorf("localpool: seed: %w", err)
		}
	}
	def = defaultPool{UserPoolID: pool.Id, ClientID: client.ClientId}
	if err := s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		return putJSON(meta, string(keyDefault), def)
	}); err != nil {
		return fmt.Errorf("localpool: write state: %w", err)
	}
	s.defaultPoolID, s.defaultClientID = def.UserPoolID, def.ClientID
	return nil
}

// upgradeStoredPools brings every stored pool up to date in one
// transaction: each step changes what an older version stored.
func (s *Server) upgradeStoredPools(steps ...func(p *poolTx) error) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		pools := tx.Bucket(bucketPools)
		if pools == nil {
			return nil
		}
		return pools.ForEach(func(k, _ []byte) error {
			p, err := openPoolTx(tx, string(k))
			if err != nil {
				return err
			}
			for _, step := range steps {
				if err := step(p); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// addAccessKey gives a stored pool that has a single token key a second one
// for access tokens.
func addAccessKey(p *poolTx) error {
	rec, err := p.pool()
	if err != nil || len(rec.AccessSigningKey) > 0 {
		return err
	}
	if err := rec.addAccessKey(); err != nil {
		return err
	}
	return p.putPool(rec)
}

// Close closes the state file. In-flight requests must have finished.
func (s *Server) Close() error { return s.db.Close() }

// DefaultPool returns the IDs of the default pool and its public client.
func (s *Server) DefaultPool() (userPoolID, clientID string) {
	return s.defaultPoolID, s.defaultClientID
}

// ServeHTTP serves the Cognito JSON API on POST /, the local inbox on
// GET /_local/inbox, each pool's JWKS and OpenID configuration, and the
// hosted UI (/oauth2/*, /login, /logout and the other pages).
//
// Any origin may call the user operations (the app runs on another port),
// but not the admin operations (see origin.go) nor the inbox: it holds codes
// and temporary passwords, and the app only links to it. Only loopback hosts,
// *.localhost and the issuer base's host are served.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Like Cognito, every answer names a request ID (boto3's ResponseMetadata.RequestId).
	w.Header().Set("X-Amzn-Requestid", uuid.NewString())
	if s.refuseForeignHost(w, r) {
		return
	}
	// A body sent slowly would hold its connection open for ever: bound its
	// read, as servers bound the headers' (the real clock: this is I/O).
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(s.bodyTimeout))
	if s.serveStandIn(w, r) || s.serveHosted(w, r) {
		return
	}
	if r.URL.Path != inboxPath {
		setCORS(w, r)
	}
	switch {
	case r.Method == http.MethodOptions:
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/" && r.Method == http.MethodPost:
		s.serveAPI(w, r)
	case r.URL.Path == inboxPath && r.Method == http.MethodGet:
		s.serveInbox(w, r)
	case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, userpool.JWKSPath):
		s.serveJWKS(w, r, strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), userpool.JWKSPath))
	case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, userpool.OpenIDConfigPath):
		s.serveOpenIDConfig(w, r, strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), userpool.OpenIDConfigPath))
	case r.URL.Path == "/":
		writeError(w, apiError(userpool.UnknownOperationException, "Send API calls as POST / with X-Amz-Target."))
	default:
		http.NotFound(w, r)
	}
}

// inboxPath is where the local inbox is served.
const inboxPath = "/_local/inbox"

// issuerBase is the URL tokens name as their issuer's base.
func (s *Server) issuerBase(r *http.Request) string {
	if s.opts.IssuerBase != "" {
		return strings.TrimSuffix(s.opts.IssuerBase, "/")
	}
	if r == nil {
		return "http://localhost"
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (c *call) issuer(poolID string) string { return userpool.Issuer(c.s.issuerBase(c.r), poolID) }

func ptr[T any](v T) *T { return &v }
