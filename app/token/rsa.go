package token

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"

	"filippo.io/bigmod"
)

// rsaPublicKey is a JWKS key ready for RS256. crypto/rsa rebuilds the
// modulus's Montgomery setup on every verification, a third of its time;
// filippo.io/bigmod, the standalone form of the arithmetic crypto/rsa is
// built on, lets the setup be made once, when the JWKS is read.
type rsaPublicKey struct {
	n    *bigmod.Modulus
	e    uint
	size int // of the modulus, and so of a signature, in bytes
}

// newRSAPublicKey checks a key as crypto/rsa does.
func newRSAPublicKey(n []byte, e uint) (*rsaPublicKey, error) {
	mod, err := bigmod.NewModulus(n)
	if err != nil {
		return nil, fmt.Errorf("modulus n: %v", err)
	}
	if mod.Nat().IsOdd() == 0 {
		return nil, errors.New("modulus n is even")
	}
	if mod.Size() < len(sha256DigestInfo)+sha256.Size+11 {
		// RFC 8017 9.2: no room for the padding and the digest.
		return nil, fmt.Errorf("modulus n is %d bytes, too short for an RS256 signature", mod.Size())
	}
	if e < 3 || e%2 == 0 || e > 1<<31-1 {
		return nil, fmt.Errorf("exponent %d is not an odd number from 3 to 2³¹-1", e)
	}
	return &rsaPublicKey{n: mod, e: e, size: mod.Size()}, nil
}

// sha256DigestInfo is the DER prefix of a SHA-256 digest in an RSASSA-PKCS1-v1_5
// signature (RFC 8017, section 9.2, note 1).
var sha256DigestInfo = []byte{0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20}

// verifyRS256 checks sig as the RSASSA-PKCS1-v1_5 SHA-256 signature of
// signed, as RFC 8017 section 8.2.2 and crypto/rsa.VerifyPKCS1v15 do: the
// signature is as long as the modulus and smaller than it, and s^e mod n is
// exactly the encoding of the digest, compared whole rather than parsed.
func (k *rsaPublicKey) verifyRS256(signed string, sig []byte) error {
	if len(sig) != k.size {
		return fmt.Errorf("signature is %d bytes, want %d", len(sig), k.size)
	}
	s, err := bigmod.NewNat().SetBytes(sig, k.n)
	if err != nil {
		return errors.New("signature is not smaller than the modulus")
	}
	em := s.ExpShortVarTime(s, k.e, k.n).Bytes(k.n)
	digest := sha256.Sum256([]byte(signed))
	// EM = 0x00 || 0x01 || PS (0xff bytes) || 0x00 || DigestInfo || digest
	want := make([]byte, k.size)
	want[1] = 1
	t := k.size - len(sha256DigestInfo) - len(digest)
	for i := 2; i < t-1; i++ {
		want[i] = 0xff
	}
	copy(want[t:], sha256DigestInfo)
	copy(want[t+len(sha256DigestInfo):], digest[:])
	if subtle.ConstantTimeCompare(em, want) != 1 {
		return errors.New("verification error")
	}
	return nil
}
