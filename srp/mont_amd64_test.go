//go:build amd64 && !purego

package srp

import (
	"bytes"
	"math/big"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// montTestValues returns numbers below N that stress carries: 0, 1, N-1,
// N-2, words of all ones, single top bits, and random ones.
func montTestValues(rng *rand.Rand) []*big.Int {
	one := big.NewInt(1)
	r := new(big.Int).Lsh(one, groupBits)
	vals := []*big.Int{
		big.NewInt(0), one, big.NewInt(2),
		new(big.Int).Sub(groupN, one),
		new(big.Int).Sub(groupN, big.NewInt(2)),
		new(big.Int).Lsh(one, groupBits-1),
		new(big.Int).Sub(new(big.Int).Lsh(one, groupBits-64), one), // 47 words of ones
		new(big.Int).Mod(r, groupN),                                // R mod N
		new(big.Int).Rsh(groupN, 1),
	}
	for range 40 {
		buf := make([]byte, groupBytes)
		for i := range buf {
			buf[i] = byte(rng.Uint32())
		}
		if rng.IntN(4) == 0 { // runs of 0xff words
			for i := rng.IntN(groupBytes); i < groupBytes && rng.IntN(50) != 0; i++ {
				buf[i] = 0xff
			}
		}
		vals = append(vals, new(big.Int).Mod(new(big.Int).SetBytes(buf), groupN))
	}
	return vals
}

func requireMont(t testing.TB) {
	if !hasMont {
		t.Skip("this CPU has no BMI2 and ADX, so mont_amd64.s does not run")
	}
}

// TestMontMulSqr checks the assembly against math/big: x*y/R mod N.
func TestMontMulSqr(t *testing.T) {
	requireMont(t)
	rInv := new(big.Int).ModInverse(new(big.Int).Lsh(big.NewInt(1), groupBits), groupN)
	want := func(x, y *big.Int) *big.Int {
		z := new(big.Int).Mul(x, y)
		z.Mul(z, rInv)
		return z.Mod(z, groupN)
	}
	var m montArith
	vals := montTestValues(rand.New(rand.NewPCG(7, 8)))
	for _, x := range vals {
		var sq montNum
		m.sqr(&sq, toWords(x))
		if got := sq.int(); got.Cmp(want(x, x)) != 0 {
			t.Fatalf("sqr(%x) = %x, want %x", x, got, want(x, x))
		}
		for _, y := range vals {
			var z montNum
			m.mul(&z, toWords(x), toWords(y))
			if got := z.int(); got.Cmp(want(x, y)) != 0 {
				t.Fatalf("mul(%x, %x) = %x, want %x", x, y, got, want(x, y))
			}
		}
	}
	// In place, as the exponentiation uses them.
	x, y := toWords(vals[20]), toWords(vals[21])
	var m2 montArith
	var z montNum
	m2.mul(&z, x, y)
	m.mul(x, x, y)
	if *x != z {
		t.Fatal("mul with z = x differs")
	}
	m2.sqr(&z, y)
	m.sqr(y, y)
	if *y != z {
		t.Fatal("sqr with z = x differs")
	}
}

// TestMontExpN checks the sliding window against Exp for bases that stress
// carries and exponents of every length up to past the claim's 1,280 bits.
func TestMontExpN(t *testing.T) {
	requireMont(t)
	rng := rand.New(rand.NewPCG(9, 10))
	vals := montTestValues(rng)
	exps := []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(2), big.NewInt(31), big.NewInt(32), big.NewInt(33)}
	for bits := 1; bits <= 1300; bits += 37 {
		buf := make([]byte, (bits+7)/8)
		for i := range buf {
			buf[i] = byte(rng.Uint32())
		}
		e := new(big.Int).SetBytes(buf)
		exps = append(exps, e.Rsh(e, uint(len(buf)*8-bits)),
			new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(bits)), big.NewInt(1)), // all ones
			new(big.Int).Lsh(big.NewInt(1), uint(bits)))                                  // one bit
	}
	for i, e := range exps {
		base := vals[i%len(vals)]
		if got, want := montExpN(base, e), new(big.Int).Exp(base, e, groupN); got.Cmp(want) != 0 {
			t.Fatalf("montExpN(%x, %x) = %x, want %x", base, e, got, want)
		}
	}
	// Bases at or above N are reduced first.
	for _, base := range []*big.Int{groupN, new(big.Int).Add(groupN, big.NewInt(5)), new(big.Int).Lsh(groupN, 3)} {
		e := big.NewInt(65537)
		if got, want := montExpN(base, e), new(big.Int).Exp(base, e, groupN); got.Cmp(want) != 0 {
			t.Fatalf("montExpN(%x, %x) = %x, want %x", base, e, got, want)
		}
	}
}

// TestMontCombShapes is TestCombShapes on Montgomery arithmetic.
func TestMontCombShapes(t *testing.T) {
	requireMont(t)
	for _, shape := range []combShape{shortComb, longComb, {bits: 96, rows: 4, tables: 3}} {
		c := newComb(shape, newMontArith)
		for _, e := range powGExps(rand.New(rand.NewPCG(11, 12))) {
			if e.BitLen() > shape.bits {
				continue
			}
			if got, want := c.exp(e), new(big.Int).Exp(groupG, e, groupN); got.Cmp(want) != 0 {
				t.Fatalf("%+v: exp(%x) = %x, want %x", shape, e, got, want)
			}
		}
	}
}

// TestPowGWithoutMont runs powG and expN on math/big on a machine that
// has the Montgomery path, so both stay tested here.
func TestPowGWithoutMont(t *testing.T) {
	requireMont(t)
	useMont = false
	t.Cleanup(func() { useMont = true })
	rng := rand.New(rand.NewPCG(13, 14))
	for _, e := range powGExps(rng)[:12] {
		if got, want := powG(e), new(big.Int).Exp(groupG, e, groupN); got.Cmp(want) != 0 {
			t.Fatalf("powG(%x) = %x, want %x", e, got, want)
		}
	}
	base := montTestValues(rng)[30]
	e := big.NewInt(1<<40 + 12345)
	if got, want := expN(base, e), new(big.Int).Exp(base, e, groupN); got.Cmp(want) != 0 {
		t.Fatalf("expN = %x, want %x", got, want)
	}
}

func FuzzMontExpN(f *testing.F) {
	f.Add([]byte{2}, []byte{1, 0, 1})
	f.Add(new(big.Int).Sub(groupN, big.NewInt(1)).Bytes(), []byte{0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, base, e []byte) {
		if !hasMont || len(base) > groupBytes+8 || len(e) > 2*privateABytes {
			return
		}
		b, x := new(big.Int).SetBytes(base), new(big.Int).SetBytes(e)
		if got, want := montExpN(b, x), new(big.Int).Exp(b, x, groupN); got.Cmp(want) != 0 {
			t.Fatalf("montExpN(%x, %x) = %x, want %x", b, x, got, want)
		}
	})
}

func BenchmarkExpN(b *testing.B) {
	rng := rand.New(rand.NewPCG(15, 16))
	base := montTestValues(rng)[20]
	for _, bits := range []int{256, 1028} {
		buf := make([]byte, bits/8+1)
		for i := range buf {
			buf[i] = byte(rng.Uint32())
		}
		e := new(big.Int).Rsh(new(big.Int).SetBytes(buf), uint(len(buf)*8-bits))
		b.Run(strconv.Itoa(bits)+"-bit/mont", func(b *testing.B) {
			requireMont(b)
			for b.Loop() {
				montExpN(base, e)
			}
		})
		b.Run(strconv.Itoa(bits)+"-bit/math-big", func(b *testing.B) {
			for b.Loop() {
				goExpN(base, e)
			}
		})
	}
}

func BenchmarkMontOps(b *testing.B) {
	requireMont(b)
	vals := montTestValues(rand.New(rand.NewPCG(17, 18)))
	x, y := toWords(vals[20]), toWords(vals[21])
	var m montArith
	b.Run("mul", func(b *testing.B) {
		for b.Loop() {
			m.mul(x, x, y)
		}
	})
	b.Run("sqr", func(b *testing.B) {
		for b.Loop() {
			m.sqr(x, x)
		}
	})
}

// TestMontAsmIsGenerated checks that mont_amd64.s is what its generator writes.
func TestMontAsmIsGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator")
	}
	out := filepath.Join(t.TempDir(), "mont_amd64.s")
	cmd := exec.Command("go", "run", "mont_amd64_gen.go", "-out", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run mont_amd64_gen.go: %v\n%s", err, msg)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("mont_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("mont_amd64.s differs from what mont_amd64_gen.go writes: run go generate ./srp")
	}
}
