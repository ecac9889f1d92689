package srp

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"math/big"
	"math/bits"
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

// goPowG returns g^e mod N with math/big: the native powG where the
// CPU has no Montgomery path, and the fallback of the browser's. Exponents
// of up to 1024 bits, the client's secret a and the private key x (a
// SHA-256 hash), use tables of powers of g built once: g^a and g^x cost
// about a third of Exp's time.
//
// Like Exp, and like amazon-cognito-identity-js's BigInteger, this is not
// constant time: which table entries are read depends on the bits of e.
func goPowG(e *big.Int) *big.Int {
	return powGWith(e, gShortComb, gLongComb, goExpN)
}

// powGWith returns g^e mod N from the combs that fit e, or by exp beyond them.
func powGWith[T any](e *big.Int, short, long func() *comb[T], exp func(base, e *big.Int) *big.Int) *big.Int {
	if e.Sign() >= 0 {
		switch n := e.BitLen(); {
		case n <= shortComb.bits:
			return short().exp(e)
		case n <= longComb.bits:
			return long().exp(e)
		}
	}
	return exp(groupG, e)
}

// prepareGoPowG builds goPowG's tables.
func prepareGoPowG() {
	gShortComb()
	gLongComb()
}

// combShape is the layout of a comb: an exponent of bits bits is read as
// rows rows of cols = bits/rows columns, and the columns are cut into
// tables blocks of span = cols/tables.
type combShape struct{ bits, rows, tables int }

var (
	// shortComb serves x and the server's b: 16 squarings and 32
	// multiplications, against Exp's 256 and 64 (192 KB).
	shortComb = combShape{bits: 256, rows: 8, tables: 2}
	// longComb serves a: 32 squarings and 128 multiplications, against
	// Exp's 1024 and 256 (384 KB).
	longComb = combShape{bits: 1024, rows: 8, tables: 4}
)

var (
	gShortComb = sync.OnceValue(func() *comb[*big.Int] { return newComb(shortComb, newBarrett) })
	gLongComb  = sync.OnceValue(func() *comb[*big.Int] { return newComb(longComb, newBarrett) })
)

// modArith is multiplication modulo N on elements of type T, with its
// own scratch space: one is used by one goroutine at a time.
type modArith[T any] interface {
	newInt(x *big.Int) T // x in [0, N)
	clone(x T) T
	toInt(x T) *big.Int
	mul(z, x, y T) // z may be x or y
	sqr(z, x T)
}

// comb is Lim and Lee's fixed-base comb for g. Bit j of row i is bit
// i*cols+j of e; table[k][s] is the product of g^(2^(i*cols+k*span)) over
// the rows i in the set s. Then g^e is span rounds of one squaring and one
// multiplication per table, by the entry for the rows' bits in that
// table's column of the round.
type comb[T any] struct {
	combShape
	cols, span int
	table      [][]T
	arith      func() modArith[T]
}

func newComb[T any](shape combShape, arith func() modArith[T]) *comb[T] {
	c := &comb[T]{combShape: shape, cols: shape.bits / shape.rows, arith: arith}
	c.span = c.cols / shape.tables
	if c.cols*shape.rows != shape.bits || c.span*shape.tables != c.cols {
		panic("srp: comb shape does not divide evenly")
	}
	m := arith()
	c.table = make([][]T, shape.tables)
	base := m.newInt(groupG) // g^(2^(i*cols+k*span)), row by row
	bases := make([][]T, shape.tables)
	for i := range shape.rows * shape.tables {
		k := i % shape.tables
		bases[k] = append(bases[k], m.clone(base))
		if i+1 < shape.rows*shape.tables { // the last base needs no successor
			for range c.span {
				m.sqr(base, base)
			}
		}
	}
	for k := range shape.tables {
		t := make([]T, 1<<shape.rows)
		t[0] = m.newInt(big.NewInt(1))
		for i, b := range bases[k] {
			t[1<<i] = b
			for s := 1<<i + 1; s < 1<<(i+1); s++ {
				t[s] = m.clone(t[s-1<<i])
				m.mul(t[s], t[s], b)
			}
		}
		c.table[k] = t
	}
	return c
}

// exp returns g^e mod N for 0 <= e < 2^bits.
func (c *comb[T]) exp(e *big.Int) *big.Int {
	words := e.Bits()
	bit := func(n int) uint {
		w := n / bits.UintSize
		if w >= len(words) {
			return 0
		}
		return uint(words[w]>>(n%bits.UintSize)) & 1
	}
	m := c.arith()
	r := m.clone(c.table[0][0])
	for j := c.span - 1; j >= 0; j-- {
		if j != c.span-1 {
			m.sqr(r, r)
		}
		for k, t := range c.table {
			s := uint(0)
			for i := range c.rows {
				s |= bit(i*c.cols+k*c.span+j) << i
			}
			if s != 0 {
				m.mul(r, r, t[s])
			}
		}
	}
	return m.toInt(r)
}

// barrett multiplies modulo N by Barrett's reduction with math/big,
// reusing its scratch space: two more multiplications cost less than
// math/big's division.
type barrett struct{ prod, q, t big.Int }

func newBarrett() modArith[*big.Int] { return new(barrett) }

// barrettMu is floor(2^(2*3072) / N).
var barrettMu = new(big.Int).Quo(new(big.Int).Lsh(big.NewInt(1), 2*groupBits), groupN)

const groupBits = 8 * groupBytes

func (m *barrett) newInt(x *big.Int) *big.Int { return new(big.Int).Set(x) }
func (m *barrett) clone(x *big.Int) *big.Int  { return new(big.Int).Set(x) }
func (m *barrett) toInt(x *big.Int) *big.Int  { return x }
func (m *barrett) sqr(z, x *big.Int)          { m.mul(z, x, x) }

// mul sets z = x*y mod N, for 0 <= x, y < N; z may be x or y.
func (m *barrett) mul(z, x, y *big.Int) {
	m.prod.Mul(x, y)
	m.q.Rsh(&m.prod, groupBits-1)
	m.t.Mul(&m.q, barrettMu)
	m.q.Rsh(&m.t, groupBits+1)
	m.t.Mul(&m.q, groupN)
	z.Sub(&m.prod, &m.t) // less than 3N
	for z.Cmp(groupN) >= 0 {
		z.Sub(z, groupN)
	}
}
