package token

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"math/big"
	"os"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

const signedText = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9"

func testRSAKey(t testing.TB) (*rsa.PrivateKey, *rsaPublicKey) {
	t.Helper()
	b, err := os.ReadFile("testdata/rsa2048.pem")
	if err != nil {
		t.Fatal(err)
	}
	priv, err := jwt.ParseRSAPrivateKeyFromPEM(b)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := newRSAPublicKey(priv.N.Bytes(), uint(priv.E))
	if err != nil {
		t.Fatal(err)
	}
	return priv, pub
}

// rawSign applies the private key to em without any padding, so tests can
// make signatures of encodings a signer would never produce.
func rawSign(priv *rsa.PrivateKey, em []byte) []byte {
	s := new(big.Int).Exp(new(big.Int).SetBytes(em), priv.D, priv.N)
	return s.FillBytes(make([]byte, priv.Size()))
}

// encodingOf is the RSASSA-PKCS1-v1_5 encoding of signedText's SHA-256
// digest, the one valid em.
func encodingOf(size int) []byte {
	digest := sha256.Sum256([]byte(signedText))
	return encode(size, append(append([]byte{}, sha256DigestInfo...), digest[:]...))
}

// encode pads t as RSASSA-PKCS1-v1_5 does: 0x00 0x01 0xff... 0x00 t.
func encode(size int, t []byte) []byte {
	em := make([]byte, size)
	em[1] = 1
	for i := 2; i < size-len(t)-1; i++ {
		em[i] = 0xff
	}
	copy(em[size-len(t):], t)
	return em
}

// checkAgainstCryptoRSA fails unless verifyRS256 and crypto/rsa agree on sig.
func checkAgainstCryptoRSA(t *testing.T, priv *rsa.PrivateKey, pub *rsaPublicKey, sig []byte) bool {
	t.Helper()
	digest := sha256.Sum256([]byte(signedText))
	theirs := rsa.VerifyPKCS1v15(&priv.PublicKey, crypto.SHA256, digest[:], sig)
	ours := pub.verifyRS256(signedText, sig)
	if (ours == nil) != (theirs == nil) {
		t.Errorf("signature %x: verifyRS256 says %v, crypto/rsa says %v", sig, ours, theirs)
	}
	return ours == nil
}

// TestVerifyRS256MatchesCryptoRSA checks verifyRS256's verdicts against
// crypto/rsa.VerifyPKCS1v15 on a good signature and on ones a forger would
// try: damaged bytes, wrong lengths, values past the modulus, and properly
// exponentiated encodings that are not exactly the expected one.
func TestVerifyRS256MatchesCryptoRSA(t *testing.T) {
	priv, pub := testRSAKey(t)
	k := priv.Size()
	digest := sha256.Sum256([]byte(signedText))
	good, err := rsa.SignPKCS1v15(nil, priv, crypto.SHA256, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	if !checkAgainstCryptoRSA(t, priv, pub, good) {
		t.Fatal("a good signature is refused")
	}
	if !checkAgainstCryptoRSA(t, priv, pub, rawSign(priv, encodingOf(k))) {
		t.Fatal("the raw signature of the expected encoding is refused")
	}

	var bad [][]byte
	for _, i := range []int{0, 1, k / 2, k - 1} {
		b := append([]byte{}, good...)
		b[i] ^= 0x01
		bad = append(bad, b)
	}
	modulus := priv.N.FillBytes(make([]byte, k))
	minus1 := new(big.Int).Sub(priv.N, big.NewInt(1)).FillBytes(make([]byte, k))
	ones := make([]byte, k)
	for i := range ones {
		ones[i] = 0xff
	}
	bad = append(bad, nil, good[:k-1], append([]byte{0}, good...), append(append([]byte{}, good...), 0),
		make([]byte, k), modulus, minus1, ones)

	change := func(f func(em []byte) []byte) []byte { return rawSign(priv, f(encodingOf(k))) }
	sha1Prefix := []byte{0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14}
	bad = append(bad,
		change(func(em []byte) []byte { em[1] = 2; return em }),     // encryption block type
		change(func(em []byte) []byte { em[2] = 0xfe; return em }),  // padding not all 0xff
		change(func(em []byte) []byte { em[k-1] ^= 1; return em }),  // another digest
		change(func(em []byte) []byte { em[k-33] ^= 1; return em }), // DigestInfo damaged
		change(func(em []byte) []byte { em[0] = 1; return em }),     // no leading zero byte
		change(func(em []byte) []byte { // padding cut short, garbage after the digest
			shifted := append(append([]byte{0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0}, em[k-51:]...), make([]byte, k-11-51)...)
			return shifted[:k]
		}),
		// DigestInfo without the NULL parameters
		rawSign(priv, encode(k, append([]byte{0x30, 0x2f, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x04, 0x20}, digest[:]...))),
		// SHA-1's DigestInfo over the first 20 digest bytes
		rawSign(priv, encode(k, append(append([]byte{}, sha1Prefix...), digest[:20]...))),
	)
	for _, sig := range bad {
		if checkAgainstCryptoRSA(t, priv, pub, sig) {
			t.Errorf("signature %x accepted", sig)
		}
	}
}

// FuzzVerifyRS256 compares verifyRS256 with crypto/rsa on any signature
// bytes (raw true) or on any encoding signed with the private key.
func FuzzVerifyRS256(f *testing.F) {
	priv, pub := testRSAKey(f)
	em := encodingOf(priv.Size())
	f.Add(em, false)
	f.Add(em[1:], false)
	f.Add(rawSign(priv, em), true)
	f.Fuzz(func(t *testing.T, b []byte, raw bool) {
		if !raw {
			if len(b) > priv.Size() || new(big.Int).SetBytes(b).Cmp(priv.N) >= 0 {
				return
			}
			b = rawSign(priv, b)
		}
		checkAgainstCryptoRSA(t, priv, pub, b)
	})
}

func TestNewRSAPublicKeyRefuses(t *testing.T) {
	priv, _ := testRSAKey(t)
	n := priv.N.Bytes()
	even := append(append([]byte{}, n[:len(n)-1]...), n[len(n)-1]&^1)
	short := append([]byte{}, n[:61]...) // odd, one byte short of the encoding
	short[60] |= 1
	for _, tt := range []struct {
		name string
		n    []byte
		e    uint
	}{
		{"zero modulus", []byte{0}, 65537},
		{"one", []byte{1}, 65537},
		{"even modulus", even, 65537},
		{"modulus too short for the encoding", short, 65537},
		{"exponent 1", n, 1},
		{"even exponent", n, 65536},
		{"exponent past 2³¹-1", n, 1 << 31},
	} {
		if _, err := newRSAPublicKey(tt.n, tt.e); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
}

func BenchmarkVerifyRS256(b *testing.B) {
	priv, pub := testRSAKey(b)
	sig := rawSign(priv, encodingOf(priv.Size()))
	for b.Loop() {
		if err := pub.verifyRS256(signedText, sig); err != nil {
			b.Fatal(err)
		}
	}
}
