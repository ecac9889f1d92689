package srp

import (
	"bytes"
	"encoding/base64"
	"errors"
	"math/rand/v2"
	"testing"
	"time"
)

// detRandom is a deterministic byte source for reproducible tests.
func detRandom(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	s[0] = byte(seed)
	s[1] = byte(seed >> 8)
	return rand.NewChaCha8(s)
}

var testNow = time.Date(2026, time.January, 2, 3, 4, 5, 0, time.UTC)

// exchange runs a client against a server for the verifier of id/password
// and returns the server, the client's A and the claim made with claimPassword.
func exchange(t *testing.T, id Identity, password, claimPassword string) (*Server, string, []byte, Claim) {
	t.Helper()
	v, srv, c := fixedParties(t, id, password)
	secretBlock := []byte("sealed server state")
	claim, err := c.Claim(id, claimPassword, Challenge{
		Salt:        v.SaltHex(),
		B:           srv.B(),
		SecretBlock: base64.StdEncoding.EncodeToString(secretBlock),
	}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return srv, c.A(), secretBlock, claim
}

// fixedParties returns the verifier of id/password, a server for it and a
// client, each from its own fixed random bytes.
func fixedParties(tb testing.TB, id Identity, password string) (Verifier, *Server, *Client) {
	tb.Helper()
	v, err := NewVerifier(id, password, detRandom(1))
	if err != nil {
		tb.Fatal(err)
	}
	srv, c := fixedServerAndClient(tb, v)
	return v, srv, c
}

// fixedServerAndClient returns a server for v and a client, each from its
// own fixed random bytes.
func fixedServerAndClient(tb testing.TB, v Verifier) (*Server, *Client) {
	tb.Helper()
	srv, err := NewServer(v, detRandom(2))
	if err != nil {
		tb.Fatal(err)
	}
	c, err := NewClient(detRandom(3))
	if err != nil {
		tb.Fatal(err)
	}
	return srv, c
}

func TestRoundTrip(t *testing.T) {
	id := UserIdentity("us-east-1_LocalPool", "2f1c0e9a-user")
	srv, a, block, claim := exchange(t, id, "Correct horse 1!", "Correct horse 1!")
	if err := srv.Verify(id, a, block, claim.Timestamp, claim.Signature); err != nil {
		t.Fatalf("Verify with the right password: %v", err)
	}
	if claim.Timestamp != "Fri Jan 2 03:04:05 UTC 2026" {
		t.Errorf("Timestamp = %q", claim.Timestamp)
	}
}

func TestRoundTripRejects(t *testing.T) {
	id := UserIdentity("us-east-1_LocalPool", "user")
	srv, a, block, good := exchange(t, id, "Correct horse 1!", "Correct horse 1!")
	_, _, _, wrong := exchange(t, id, "Correct horse 1!", "correct horse 1!")
	flipped := []byte(good.Signature)
	flipped[3] ^= 1
	otherA, err := NewClient(detRandom(9))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		id        Identity
		a         string
		block     []byte
		timestamp string
		signature string
		want      error
	}{
		{"wrong password", id, a, block, wrong.Timestamp, wrong.Signature, ErrBadClaim},
		{"tampered signature", id, a, block, good.Timestamp, string(flipped), ErrBadClaim},
		{"tampered secret block", id, a, append(bytes.Clone(block), 'x'), good.Timestamp, good.Signature, ErrBadClaim},
		{"tampered timestamp", id, a, block, "Fri Jan 2 03:04:06 UTC 2026", good.Signature, ErrBadClaim},
		{"other user", UserIdentity("us-east-1_LocalPool", "other"), a, block, good.Timestamp, good.Signature, ErrBadClaim},
		{"other A", id, otherA.A(), block, good.Timestamp, good.Signature, ErrBadClaim},
		{"malformed timestamp", id, a, block, "Fri Jan 02 03:04:05 UTC 2026", good.Signature, ErrInvalidInput},
		{"A is 0", id, "0", block, good.Timestamp, good.Signature, ErrInvalidInput},
		{"A is N", id, groupHex, block, good.Timestamp, good.Signature, ErrInvalidInput},
		{"A is -N", id, "-" + groupHex, block, good.Timestamp, good.Signature, ErrInvalidInput},
		{"A not hex", id, "xyz", block, good.Timestamp, good.Signature, ErrInvalidInput},
		{"signature not base64", id, a, block, good.Timestamp, "!!!!", ErrInvalidInput},
		{"signature too long", id, a, block, good.Timestamp, base64.StdEncoding.EncodeToString(make([]byte, 33)), ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := srv.Verify(tt.id, tt.a, tt.block, tt.timestamp, tt.signature)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.Op != "Verify" {
				t.Fatalf("Verify error %#v is not an *Error from Verify", err)
			}
		})
	}
}
