package srp

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestPowGTable checks the table path of powG against big.Int.Exp on edge
// and random exponents of every size up to combBits, and one just above.
func TestPowGTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	limit := new(big.Int).Lsh(big.NewInt(1), combBits)
	exps := []*big.Int{
		big.NewInt(0),
		big.NewInt(1),
		big.NewInt(2),
		new(big.Int).Sub(limit, big.NewInt(1)), // all combBits bits set
		new(big.Int).Rsh(limit, 1),             // only the top bit
		limit,                                  // combBits+1 bits: Exp
	}
	for bits := 1; bits <= combBits; bits += 5 {
		buf := make([]byte, (bits+7)/8)
		for i := range buf {
			buf[i] = byte(rng.Uint32())
		}
		e := new(big.Int).SetBytes(buf)
		exps = append(exps, e.Rsh(e, uint(len(buf)*8-bits)))
	}
	for _, e := range exps {
		want := new(big.Int).Exp(groupG, e, groupN)
		if got := powG(e); got.Cmp(want) != 0 {
			t.Errorf("powG(%x) = %x, want %x", e, got, want)
		}
	}
}

// BenchmarkPowG compares g^x for a 256-bit x through the table and through Exp.
func BenchmarkPowG(b *testing.B) {
	x := hashInt([]byte("x"))
	gComb()
	b.Run("table", func(b *testing.B) {
		for b.Loop() {
			powG(x)
		}
	})
	b.Run("Exp", func(b *testing.B) {
		for b.Loop() {
			new(big.Int).Exp(groupG, x, groupN)
		}
	})
}
