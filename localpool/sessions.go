package localpool

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"time"
)

// Sessions are indexed by user, so signing a user out reads only that
// user's sessions, and by expiry, so each new sign-in removes a few sessions
// that can no longer be used: the store holds the live sessions, not every
// sign-in there ever was.
var (
	bucketUserSessions  = []byte("userSessions")
	bucketSessionExpiry = []byte("sessionExpiry")
)

const (
	// sessionAfterlife is how long a session is kept after its refresh
	// token expires: its access tokens live up to a day, and are checked
	// against it.
	sessionAfterlife = 24 * time.Hour
	// prunePerSignIn bounds the expired sessions one sign-in removes.
	prunePerSignIn = 8
)

func userSessionKey(username, sessionID string) []byte {
	return append(append([]byte(userKey(username)), 0), sessionID...)
}

// expiryKey orders sessions by the expiry of their refresh token.
func expiryKey(rec *sessionRecord) []byte {
	return append(binary.BigEndian.AppendUint64(nil, uint64(max(rec.Expires.Unix(), 0))), rec.ID...)
}

// putSession stores a session and keeps both indexes in step.
func (p *poolTx) putSession(rec *sessionRecord) error {
	sessions, byExpiry := p.b.Bucket(bucketSessions), p.b.Bucket(bucketSessionExpiry)
	if raw := sessions.Get([]byte(rec.ID)); raw != nil {
		var old sessionRecord
		if err := json.Unmarshal(raw, &old); err != nil {
			return err
		}
		if err := byExpiry.Delete(expiryKey(&old)); err != nil {
			return err
		}
	}
	if err := p.b.Bucket(bucketUserSessions).Put(userSessionKey(rec.Username, rec.ID), []byte{}); err != nil {
		return err
	}
	if err := byExpiry.Put(expiryKey(rec), []byte{}); err != nil {
		return err
	}
	return putJSON(sessions, rec.ID, rec)
}

// deleteSession removes a session and its index entries.
func (p *poolTx) deleteSession(rec *sessionRecord) error {
	if err := p.b.Bucket(bucketUserSessions).Delete(userSessionKey(rec.Username, rec.ID)); err != nil {
		return err
	}
	if err := p.b.Bucket(bucketSessionExpiry).Delete(expiryKey(rec)); err != nil {
		return err
	}
	return p.b.Bucket(bucketSessions).Delete([]byte(rec.ID))
}

// eachSession calls fn for every session of the user; fn may delete it.
func (p *poolTx) eachSession(username string, fn func(*sessionRecord) error) error {
	prefix := userSessionKey(username, "")
	var ids []string
	c := p.b.Bucket(bucketUserSessions).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		ids = append(ids, string(k[len(prefix):]))
	}
	for _, id := range ids {
		rec, err := p.session(id)
		if err != nil {
			continue // pruned or deleted
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return nil
}

// pruneSessions removes up to max sessions whose refresh token expired more
// than sessionAfterlife before now.
func (p *poolTx) pruneSessions(now time.Time, max int) error {
	limit := binary.BigEndian.AppendUint64(nil, uint64(now.Add(-sessionAfterlife).Unix()))
	var expired [][]byte
	c := p.b.Bucket(bucketSessionExpiry).Cursor()
	for k, _ := c.First(); k != nil && len(expired) < max && len(k) >= 8 && bytes.Compare(k[:8], limit) < 0; k, _ = c.Next() {
		expired = append(expired, bytes.Clone(k))
	}
	for _, k := range expired {
		rec, err := p.session(string(k[8:]))
		if err != nil {
			if err := p.b.Bucket(bucketSessionExpiry).Delete(k); err != nil {
				return err
			}
			continue
		}
		if err := p.deleteSession(rec); err != nil {
			return err
		}
	}
	return nil
}

// indexSessions builds the session indexes of a pool stored before they
// existed.
func indexSessions(p *poolTx) error {
	if p.b.Bucket(bucketUserSessions) != nil {
		return nil
	}
	for _, name := range [][]byte{bucketUserSessions, bucketSessionExpiry} {
		if _, err := p.b.CreateBucket(name); err != nil {
			return err
		}
	}
	var all []*sessionRecord
	if err := forEach(p, bucketSessions, func(rec *sessionRecord) error {
		all = append(all, rec)
		return nil
	}); err != nil {
		return err
	}
	for _, rec := range all {
		if err := p.putSession(rec); err != nil {
			return err
		}
	}
	return nil
}
