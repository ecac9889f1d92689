package localpool

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Storage layout (bbolt):
//
//	meta/default              -> defaultPool JSON
//	pools/<poolID>/pool       -> poolRecord JSON
//	pools/<poolID>/clients/<clientID>     -> userPoolClient JSON
//	pools/<poolID>/users/<lower username> -> userRecord JSON
//	pools/<poolID>/names/<kind>:<value>   -> internal username (email and sub aliases)
//	pools/<poolID>/groups/<group name>    -> groupRecord JSON
//	pools/<poolID>/sessions/<origin jti>  -> sessionRecord JSON
//	pools/<poolID>/userSessions/<lower username> 0x00 <origin jti> -> "" (sessions by user)
//	pools/<poolID>/sessionExpiry/<expiry, 8 bytes> <origin jti>   -> "" (sessions by expiry)
//	pools/<poolID>/devices/<device key>   -> deviceRecord JSON (created on first use in older state files)
//	clientPools/<clientID>    -> pool ID (the public operations name only the client)
//
// Every operation runs in one bbolt transaction; bbolt syncs each commit, so an
// acknowledged write survives a crash.
var (
	bucketMeta     = []byte("meta")
	bucketPools    = []byte("pools")
	bucketClients  = []byte("clients")
	bucketUsers    = []byte("users")
	bucketNames    = []byte("names")
	bucketGroups   = []byte("groups")
	bucketSessions = []byte("sessions")
	bucketDevices  = []byte("devices")
	bucketClientIx = []byte("clientPools") // root: client ID -> pool ID
	keyPool        = []byte("pool")
	keyDefault     = []byte("default")
)

var poolSubBuckets = [][]byte{bucketClients, bucketUsers, bucketNames, bucketGroups, bucketSessions, bucketDevices,
	bucketUserSessions, bucketSessionExpiry}

// errNotFound is returned by the store getters; handlers turn it into the
// Cognito exception that fits the operation.
var errNotFound = errors.New("localpool: not found")

// epochTime is a time that travels as fractional epoch seconds, as the JSON 1.1 protocol encodes timestamps.
type epochTime time.Time

func (t epochTime) MarshalJSON() ([]byte, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return []byte("null"), nil
	}
	return []byte(fmt.Sprintf("%.3f", float64(tt.UnixMilli())/1000)), nil
}

func (t *epochTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = epochTime{}
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*t = epochTime(time.UnixMilli(int64(f * 1000)).UTC())
	return nil
}

// poolTx is one transaction scoped to one pool.
type poolTx struct {
	tx     *bolt.Tx
	poolID string
	b      *bolt.Bucket
}

func (s *Server) view(poolID string, fn func(p *poolTx) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		p, err := openPoolTx(tx, poolID)
		if err != nil {
			return err
		}
		return fn(p)
	})
}

func (s *Server) update(poolID string, fn func(p *poolTx) error) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		p, err := openPoolTx(tx, poolID)
		if err != nil {
			return err
		}
		return fn(p)
	})
}

func openPoolTx(tx *bolt.Tx, poolID string) (*poolTx, error) {
	pools := tx.Bucket(bucketPools)
	if pools == nil || poolID == "" {
		return nil, errResourceNotFound("User pool %s does not exist.", poolID)
	}
	b := pools.Bucket([]byte(poolID))
	if b == nil {
		return nil, errResourceNotFound("User pool %s does not exist.", poolID)
	}
	return &poolTx{tx: tx, poolID: poolID, b: b}, nil
}

func getJSON(b *bolt.Bucket, key string, v any) error {
	raw := b.Get([]byte(key))
	if raw == nil {
		return errNotFound
	}
	return json.Unmarshal(raw, v)
}

func putJSON(b *bolt.Bucket, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), raw)
}

func (p *poolTx) pool() (*poolRecord, error) {
	var rec poolRecord
	if err := getJSON(p.b, string(keyPool), &rec); err != nil {
		return nil, err
	}
	return &rec, nil
}

func (p *poolTx) putPool(rec *poolRecord) error { return putJSON(p.b, string(keyPool), rec) }

func (p *poolTx) client(clientID string) (*userPoolClient, error) {
	var rec userPoolClient
	if err := getJSON(p.b.Bucket(bucketClients), clientID, &rec); err != nil {
		if errors.Is(err, errNotFound) {
			return nil, errResourceNotFound("User pool client %s does not exist.", clientID)
		}
		return nil, err
	}
	return &rec, nil
}

func (p *poolTx) putClient(rec *userPoolClient) error {
	ix, err := p.tx.CreateBucketIfNotExists(bucketClientIx)
	if err != nil {
		return err
	}
	if err := ix.Put([]byte(rec.ClientId), []byte(p.poolID)); err != nil {
		return err
	}
	return putJSON(p.b.Bucket(bucketClients), rec.ClientId, rec)
}

// clientTx is a transaction on the pool of an app client, for the operations
// that name only a ClientId. Its pool may share slices with other calls'
// (decodedPool): read it, and change a record of p.pool() instead.
type clientTx struct {
	*poolTx
	pool   *poolRecord
	client *userPoolClient
}

func (s *Server) openClientTx(tx *bolt.Tx, clientID string) (*clientTx, error) {
	var poolID string
	if ix := tx.Bucket(bucketClientIx); ix != nil {
		poolID = string(ix.Get([]byte(clientID)))
	}
	p, err := openPoolTx(tx, poolID)
	if err != nil {
		return nil, errResourceNotFound("User pool client %s does not exist.", clientID)
	}
	pool, err := s.decodedPool(p)
	if err != nil {
		return nil, err
	}
	client, err := p.client(clientID)
	if err != nil {
		return nil, err
	}
	return &clientTx{poolTx: p, pool: pool, client: client}, nil
}

func (s *Server) viewClient(clientID string, fn func(p *clientTx) error) error {
	if err := required("ClientId", clientID, maxID); err != nil {
		return err
	}
	return s.db.View(func(tx *bolt.Tx) error {
		p, err := s.openClientTx(tx, clientID)
		if err != nil {
			return err
		}
		return fn(p)
	})
}

func (s *Server) updateClient(clientID string, fn func(p *clientTx) error) error {
	if err := required("ClientId", clientID, maxID); err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		p, err := s.openClientTx(tx, clientID)
		if err != nil {
			return err
		}
		return fn(p)
	})
}

// decodedPool is the pool record of p, decoded once for as long as its
// stored bytes stay the same. Every operation that names a client reads its
// pool, two per SRP sign-in, and the record is 7-8 KB of JSON (the schema,
// the keys): decoding it was the largest part of the pool's own work per
// sign-in after the cryptography. A hit needs the bytes stored in this
// transaction to be equal, so it is never stale. Each call gets its own
// copy of the top-level fields; the slices are shared, so callers must not
// change them.
func (s *Server) decodedPool(p *poolTx) (*poolRecord, error) {
	raw := p.b.Get(keyPool)
	s.poolsMu.Lock()
	d, ok := s.pools[p.poolID]
	s.poolsMu.Unlock()
	if !ok || !bytes.Equal(d.raw, raw) { // a stored record is never empty, so no record is a miss
		rec, err := p.pool()
		if err != nil {
			return nil, err
		}
		d = decoded{raw: bytes.Clone(raw), rec: rec}
		s.poolsMu.Lock()
		if len(s.pools) >= maxDecodedPools {
			clear(s.pools)
		}
		s.pools[p.poolID] = d
		s.poolsMu.Unlock()
	}
	rec := *d.rec
	return &rec, nil
}

// decoded is a pool record and the stored bytes it was decoded from.
type decoded struct {
	raw []byte
	rec *poolRecord
}

// maxDecodedPools bounds decodedPool's memory (pools are deleted and made anew).
const maxDecodedPools = 64

// userKey is the storage key of a username: user pools compare usernames case-insensitively.
func userKey(username string) string { return strings.ToLower(username) }

// user looks a user up by internal username only.
func (p *poolTx) user(username string) (*userRecord, error) {
	var rec userRecord
	if err := getJSON(p.b.Bucket(bucketUsers), userKey(username), &rec); err != nil {
		return nil, err
	}
	return &rec, nil
}

// hasUser reports whether a user has the internal username, without decoding the record.
func (p *poolTx) hasUser(username string) bool {
	return p.b.Bucket(bucketUsers).Get([]byte(userKey(username))) != nil
}

func (p *poolTx) putUser(rec *userRecord) error {
	return putJSON(p.b.Bucket(bucketUsers), userKey(rec.Username), rec)
}

func (p *poolTx) deleteUser(rec *userRecord) error {
	names := p.b.Bucket(bucketNames)
	for _, k := range rec.nameKeys() {
		if owner, ok := p.nameOwner(k); !ok || userKey(owner) != userKey(rec.Username) {
			continue // another user's alias
		}
		if err := names.Delete([]byte(k)); err != nil {
			return err
		}
	}
	if err := p.eachSession(rec.Username, p.deleteSession); err != nil {
		return err
	}
	if err := p.deleteUserDevices(rec.Username); err != nil {
		return err
	}
	return p.b.Bucket(bucketUsers).Delete([]byte(userKey(rec.Username)))
}

// nameOwner returns the internal username an alias key points at.
func (p *poolTx) nameOwner(key string) (string, bool) {
	v := p.b.Bucket(bucketNames).Get([]byte(key))
	return string(v), v != nil
}

func (p *poolTx) putName(key, username string) error {
	return p.b.Bucket(bucketNames).Put([]byte(key), []byte(username))
}

func (p *poolTx) deleteName(key string) error {
	return p.b.Bucket(bucketNames).Delete([]byte(key))
}

func (p *poolTx) group(name string) (*groupRecord, error) {
	var rec groupRecord
	if err := getJSON(p.b.Bucket(bucketGroups), name, &rec); err != nil {
		return nil, err
	}
	return &rec, nil
}

func (p *poolTx) session(id string) (*sessionRecord, error) {
	var rec sessionRecord
	if err := getJSON(p.b.Bucket(bucketSessions), id, &rec); err != nil {
		return nil, err
	}
	return &rec, nil
}

// forEach decodes every record of a pool sub-bucket in key order.
func forEach[T any](p *poolTx, bucket []byte, fn func(*T) error) error {
	return p.b.Bucket(bucket).ForEach(func(k, v []byte) error {
		var rec T
		if err := json.Unmarshal(v, &rec); err != nil {
			return err
		}
		return fn(&rec)
	})
}

// createPoolBuckets stores a new pool and its empty sub-buckets.
func createPoolBuckets(tx *bolt.Tx, rec *poolRecord) error {
	pools, err := tx.CreateBucketIfNotExists(bucketPools)
	if err != nil {
		return err
	}
	b, err := pools.CreateBucket([]byte(rec.Id))
	if err != nil {
		return err
	}
	for _, name := range poolSubBuckets {
		if _, err := b.CreateBucket(name); err != nil {
			return err
		}
	}
	return putJSON(b, string(keyPool), rec)
}
