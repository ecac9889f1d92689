package token

import (
	"cmp"
	"sync"
	"time"
)

// verifiedCache remembers verified tokens by their SHA-256 until they
// expire. It holds at most size entries; when full it drops the expired ones
// and then the one expiring first.
type verifiedCache struct {
	size int

	mu      sync.Mutex
	entries map[[32]byte]verifiedEntry
}

type verifiedEntry struct {
	d     *Decoded
	until time.Time // exp plus the leeway: no check can pass after it
}

func newVerifiedCache(size int) *verifiedCache {
	return &verifiedCache{size: size, entries: make(map[[32]byte]verifiedEntry, size)}
}

// get returns the verified token with this hash, or nil.
func (c *verifiedCache) get(hash [32]byte) *Decoded {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries[hash].d
}

func (c *verifiedCache) put(hash [32]byte, d *Decoded, until, now time.Time) {
	if c.size == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.size {
		for h, e := range c.entries {
			if !now.Before(e.until) {
				delete(c.entries, h)
			}
		}
	}
	if len(c.entries) >= c.size {
		var first [32]byte
		var firstUntil time.Time
		for h, e := range c.entries {
			if firstUntil.IsZero() || e.until.Before(firstUntil) {
				first, firstUntil = h, e.until
			}
		}
		delete(c.entries, first)
	}
	c.entries[hash] = verifiedEntry{d: d, until: until}
}

// maxTokenLife is the longest validity Cognito gives an ID or access token.
const maxTokenLife = 24 * time.Hour

// maxRevocations bounds the sessions a Verifier remembers as revoked.
const maxRevocations = 1024

// revocations are the sessions known to be signed out, by the origin_jti
// their tokens share, each kept while a token of the session can be valid.
type revocations struct {
	mu    sync.Mutex
	until map[string]time.Time
}

func newRevocations() *revocations { return &revocations{until: map[string]time.Time{}} }

// origin names the session a token belongs to: the origin_jti Cognito gives
// every token issued from one sign-in, or the token's own jti without it.
func origin(d *Decoded) string { return cmp.Or(d.String("origin_jti"), d.String("jti")) }

func (r *revocations) add(id string, until, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.until) >= maxRevocations {
		for k, u := range r.until {
			if !now.Before(u) {
				delete(r.until, k)
			}
		}
	}
	if len(r.until) >= maxRevocations {
		var first string
		var firstUntil time.Time
		for k, u := range r.until {
			if firstUntil.IsZero() || u.Before(firstUntil) {
				first, firstUntil = k, u
			}
		}
		delete(r.until, first)
	}
	r.until[id] = until
}

func (r *revocations) has(d *Decoded) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.until) == 0 {
		return false
	}
	_, ok := r.until[origin(d)]
	return ok
}

// Revoke makes the Verifier refuse d and every other token of its session
// (the tokens sharing its origin_jti), verified before or not, with
// [ErrRevoked]. A session calls it when it signs out: Cognito has revoked
// the refresh token, but the tokens issued from it stay valid by their
// signature until they expire.
func (v *Verifier) Revoke(d *Decoded) {
	id := origin(d)
	if id == "" {
		return
	}
	now := v.now()
	v.revoked.add(id, now.Add(maxTokenLife+v.leeway), now)
}
