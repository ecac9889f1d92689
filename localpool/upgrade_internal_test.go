package localpool

import (
	"bytes"
	"testing"
)

// TestOpenGivesOldPoolsAnAccessKey: a state file from before access tokens
// had their own key gets one on open, distinct from the ID-token key.
func TestOpenGivesOldPoolsAnAccessKey(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	poolID, _ := s.DefaultPool()
	if err := s.update(poolID, func(p *poolTx) error {
		rec, err := p.pool()
		if err != nil {
			return err
		}
		rec.AccessSigningKey, rec.AccessKeyID = nil, ""
		return p.putPool(rec)
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var rec *poolRecord
	if err := s.view(poolID, func(p *poolTx) (err error) { rec, err = p.pool(); return err }); err != nil {
		t.Fatal(err)
	}
	if len(rec.AccessSigningKey) == 0 || rec.AccessKeyID == "" || rec.AccessKeyID == rec.KeyID || bytes.Equal(rec.AccessSigningKey, rec.SigningKey) {
		t.Fatalf("after open: access kid %q, id kid %q", rec.AccessKeyID, rec.KeyID)
	}
	keys, err := s.poolKeys(rec)
	if err != nil || keys.access.kid != rec.AccessKeyID {
		t.Fatalf("poolKeys: %v", err)
	}
}
