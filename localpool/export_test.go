package localpool

import (
	"fmt"
	"time"

	"github.com/google/uuid"
)

// SessionCount is the number of sessions the pool stores.
func SessionCount(s *Server, poolID string) (n int, err error) {
	err = s.view(poolID, func(p *poolTx) error {
		n = p.b.Bucket(bucketSessions).Stats().KeyN
		return nil
	})
	return n, err
}

// AddSessions stores n sessions of 1,000 made-up users in one transaction,
// for benchmarks that need a full store.
func AddSessions(s *Server, poolID string, n int, expires time.Time) error {
	return s.update(poolID, func(p *poolTx) error {
		for i := range n {
			rec := &sessionRecord{ID: uuid.NewString(), Username: fmt.Sprintf("other%d", i%1000), ClientID: "bench",
				AuthTime: expires.Add(-time.Hour), Expires: expires, RefreshHash: make([]byte, 32)}
			if err := p.putSession(rec); err != nil {
				return err
			}
		}
		return nil
	})
}

// DropSessionIndexes removes the session indexes, as in a state file written
// before they existed.
func DropSessionIndexes(s *Server, poolID string) error {
	return s.update(poolID, func(p *poolTx) error {
		for _, name := range [][]byte{bucketUserSessions, bucketSessionExpiry} {
			if err := p.b.DeleteBucket(name); err != nil {
				return err
			}
		}
		return nil
	})
}
