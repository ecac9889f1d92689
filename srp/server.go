package srp

import (
	"crypto/hmac"
	"io"
	"math/big"
	"strconv"
)

// privateBBytes is the size of a fresh server secret b.
const privateBBytes = 32

// Server is the verifier's side of one SRP exchange.
type Server struct {
	privateB []byte
	b, bigB  *big.Int
	v        *big.Int
}

// NewServer picks a random secret b from random (crypto/rand when nil) and
// computes B = (k*v + g^b) mod N for the verifier v.
func NewServer(v Verifier, random io.Reader) (*Server, error) {
	const op = "NewServer"
	if err := v.check(op); err != nil {
		return nil, err
	}
	b, err := readRandom(op, random, privateBBytes)
	if err != nil {
		return nil, err
	}
	s, err := newServer(op, v, b)
	if err != nil {
		return nil, err
	}
	s.bigB = new(big.Int).Mul(multiplierK, s.v)
	s.bigB.Add(s.bigB, powG(s.b)).Mod(s.bigB, groupN)
	if s.bigB.Sign() == 0 {
		return nil, invalid(op, "B mod N is 0")
	}
	return s, nil
}

// RestoreServer rebuilds the server of an exchange from its secret b and
// the B it sent, as returned by PrivateB and PublicB. B is taken as given,
// not recomputed from b and v (that costs an exponentiation), so both must
// come from where the server kept them sealed, never from the client.
func RestoreServer(v Verifier, b, publicB []byte) (*Server, error) {
	const op = "RestoreServer"
	if err := v.check(op); err != nil {
		return nil, err
	}
	if len(publicB) != groupBytes {
		return nil, invalid(op, "B is not "+strconv.Itoa(groupBytes)+" bytes")
	}
	s, err := newServer(op, v, b)
	if err != nil {
		return nil, err
	}
	s.bigB = new(big.Int).SetBytes(publicB)
	if s.bigB.Sign() == 0 || s.bigB.Cmp(groupN) >= 0 {
		return nil, invalid(op, "B is 0 or not below N")
	}
	return s, nil
}

// newServer holds b and v for a server whose B is still to be set.
func newServer(op string, v Verifier, b []byte) (*Server, error) {
	if len(b) == 0 || len(b) > maxPrivateBytes {
		return nil, invalid(op, "b is empty or longer than 256 bytes")
	}
	s := &Server{
		privateB: append([]byte(nil), b...),
		b:        new(big.Int).SetBytes(b),
		v:        new(big.Int).SetBytes(v.Value),
	}
	if s.b.Sign() == 0 {
		return nil, invalid(op, "b is 0")
	}
	return s, nil
}

// B returns the SRP_B parameter: B in lower-case hex without leading zeros.
func (s *Server) B() string { return s.bigB.Text(16) }

// PublicB returns B as big-endian bytes of N's size, a fixed width, to
// keep (sealed) with b until the client answers.
func (s *Server) PublicB() []byte { return s.bigB.FillBytes(make([]byte, groupBytes)) }

// PrivateB returns a copy of the secret b, to keep (sealed) until the
// client answers.
func (s *Server) PrivateB() []byte { return append([]byte(nil), s.privateB...) }

// Verify checks a client's claim: the SRP_A it sent, the secret block it
// echoed, its TIMESTAMP and PASSWORD_CLAIM_SIGNATURE. The signature is
// compared in constant time. Checking the timestamp against a clock is left
// to the caller.
func (s *Server) Verify(id Identity, aHex string, secretBlock []byte, timestamp, signatureB64 string) error {
	const op = "Verify"
	if err := checkText(op, "Realm", id.Realm); err != nil {
		return err
	}
	if err := checkText(op, "Name", id.Name); err != nil {
		return err
	}
	if len(secretBlock) > maxSecretBlockBytes {
		return invalid(op, "secret block is too long")
	}
	bigA, aModN, err := parseA(op, aHex)
	if err != nil {
		return err
	}
	if _, err := ParseTimestamp(timestamp); err != nil {
		return invalid(op, "TIMESTAMP is malformed")
	}
	sig, err := decodeBase64(op, "PASSWORD_CLAIM_SIGNATURE", signatureB64, 32)
	if err != nil {
		return err
	}
	u := scramble(bigA, s.bigB)
	if u.Sign() == 0 {
		return invalid(op, "u is 0")
	}

	// S = (A * v^u) ^ b mod N
	base := expN(s.v, u)
	base.Mul(base, aModN).Mod(base, groupN)
	secret := expN(base, s.b)

	key, err := derivedKey(op, secret, u)
	if err != nil {
		return err
	}
	if !hmac.Equal(sig, claimSignature(key, id, secretBlock, timestamp)) {
		return &Error{Op: op, Reason: "signature does not match", Err: ErrBadClaim}
	}
	return nil
}

// CheckA checks the SRP_A that starts an exchange as Verify will: a hex
// integer of bounded length, with A mod N not 0. A server calls it to refuse
// a bad SRP_A before it answers with a challenge.
func CheckA(aHex string) error {
	_, _, err := parseA("CheckA", aHex)
	return err
}

// parseA parses SRP_A and returns A and A mod N, which must not be 0.
func parseA(op, aHex string) (a, aModN *big.Int, err error) {
	a, err = parseHex(op, "SRP_A", aHex)
	if err != nil {
		return nil, nil, err
	}
	aModN = modN(a)
	if aModN.Sign() == 0 {
		return nil, nil, invalid(op, "SRP_A mod N is 0")
	}
	return a, aModN, nil
}
