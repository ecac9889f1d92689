package srp

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"math/big"
	"sync"
)

// The RFC 3526 3072-bit MODP group, which Cognito uses with generator 2.
const groupHex = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1" +
	"29024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
	"EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245" +
	"E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D" +
	"C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
	"83655D23DCA3AD961C62F356208552BB9ED529077096966D" +
	"670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9" +
	"DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
	"15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64" +
	"ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
	"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B" +
	"F12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
	"BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31" +
	"43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"

// groupBytes is the size of N in bytes.
const groupBytes = 384

// derivedKeyInfo is the HKDF info string Cognito uses.
const derivedKeyInfo = "Caldera Derived Key"

var (
	groupN, _ = new(big.Int).SetString(groupHex, 16)
	groupG    = big.NewInt(2)
	// k = H(pad(N) | pad(g))
	multiplierK = hashInt(pad(groupN), pad(groupG))
)

// pad returns x in two's complement with the fewest bytes that keep a sign
// bit, exactly as Java's BigInteger.toByteArray; Cognito hashes these bytes.
func pad(x *big.Int) []byte {
	if x.Sign() >= 0 {
		return x.FillBytes(make([]byte, x.BitLen()/8+1))
	}
	// For x < 0 the bytes are the complement of -x-1.
	m := new(big.Int).Not(x)
	buf := m.FillBytes(make([]byte, m.BitLen()/8+1))
	for i := range buf {
		buf[i] = ^buf[i]
	}
	return buf
}

// hashBytes returns SHA-256 over the concatenation of parts.
func hashBytes(parts ...[]byte) []byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

// hashInt returns SHA-256 over parts as a non-negative integer.
func hashInt(parts ...[]byte) *big.Int {
	return new(big.Int).SetBytes(hashBytes(parts...))
}

// privateKey returns x = H(pad(salt) | H(Realm | Name | ":" | password)).
func privateKey(salt *big.Int, id Identity, password string) *big.Int {
	inner := hashBytes([]byte(id.Realm), []byte(id.Name), []byte(":"), []byte(password))
	return hashInt(pad(salt), inner)
}

// scramble returns u = H(pad(A) | pad(B)).
func scramble(a, b *big.Int) *big.Int {
	return hashInt(pad(a), pad(b))
}

// derivedKey derives the 16-byte claim key from the shared secret S:
// HKDF-SHA256 with salt pad(u) and info "Caldera Derived Key".
func derivedKey(op string, s, u *big.Int) ([]byte, error) {
	key, err := hkdf.Key(sha256.New, pad(s), pad(u), derivedKeyInfo, 16)
	if err != nil {
		return nil, &Error{Op: op, Reason: err.Error(), Err: err}
	}
	return key, nil
}

// claimSignature returns HMAC-SHA256(key, Realm | Name | secretBlock | timestamp).
func claimSignature(key []byte, id Identity, secretBlock []byte, timestamp string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id.Realm))
	mac.Write([]byte(id.Name))
	mac.Write(secretBlock)
	mac.Write([]byte(timestamp))
	return mac.Sum(nil)
}

// modN returns x mod N in [0, N).
func modN(x *big.Int) *big.Int {
	return new(big.Int).Mod(x, groupN)
}

// goExpN returns base^e mod N with math/big: the native path, and the
// fallback of the browser's.
func goExpN(base, e *big.Int) *big.Int {
	return new(big.Int).Exp(base, e, groupN)
}

// powG returns g^e mod N. Exponents of up to 256 bits, such as the private
// key x (a SHA-256 hash), use a table of powers of g: a quarter of the
// time of Exp, and x is only known once the challenge arrives.
func powG(e *big.Int) *big.Int {
	if e.Sign() >= 0 && e.BitLen() <= combBits {
		return gComb().exp(e)
	}
	return expN(groupG, e)
}

// Lim and Lee's comb: e's combBits bits are read as combRows rows of
// combCols bits, and combTable[s] is the product of g^(2^(i*combCols)) over
// the rows i set in s. Then g^e takes combCols squarings and as many
// multiplications by table entries (64 entries, 24 KB).
const (
	combBits = 256
	combRows = 6
	combCols = (combBits + combRows - 1) / combRows
)

type comb [1 << combRows]*big.Int

// gComb returns the table, computing it on first use.
var gComb = sync.OnceValue(func() *comb {
	var t comb
	t[0] = big.NewInt(1)
	row := new(big.Int).Set(groupG) // g^(2^(i*combCols)) for row i
	for i := range combRows {
		t[1<<i] = new(big.Int).Set(row)
		for s := 1<<i + 1; s < 1<<(i+1); s++ {
			t[s] = new(big.Int).Mul(t[s-1<<i], row)
			t[s].Mod(t[s], groupN)
		}
		for range combCols {
			row.Mul(row, row).Mod(row, groupN)
		}
	}
	return &t
})

// exp returns g^e mod N for 0 <= e < 2^combBits.
func (t *comb) exp(e *big.Int) *big.Int {
	r := big.NewInt(1)
	for j := combCols - 1; j >= 0; j-- {
		r.Mul(r, r).Mod(r, groupN)
		s := 0
		for i := range combRows {
			s |= int(e.Bit(i*combCols+j)) << i
		}
		r.Mul(r, t[s]).Mod(r, groupN)
	}
	return r
}
