package srp

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// powGExps returns edge and random exponents around each comb's limit:
// zero, small values, all bits set, only the top bit, one bit past the
// limit (which goes to Exp), and random exponents of every few sizes.
func powGExps(rng *rand.Rand) []*big.Int {
	exps := []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(2), big.NewInt(3)}
	for _, shape := range []combShape{shortComb, longComb} {
		limit := new(big.Int).Lsh(big.NewInt(1), uint(shape.bits))
		exps = append(exps,
			new(big.Int).Sub(limit, big.NewInt(1)),                      // all bits set
			new(big.Int).Rsh(limit, 1),                                  // only the top bit
			new(big.Int).Add(new(big.Int).Rsh(limit, 1), big.NewInt(1)), // top and bottom
			limit, // one bit too many for this comb
			new(big.Int).Add(limit, big.NewInt(1)),
		)
	}
	for bits := 1; bits <= longComb.bits+8; bits += 7 {
		buf := make([]byte, (bits+7)/8)
		for i := range buf {
			buf[i] = byte(rng.Uint32())
		}
		e := new(big.Int).SetBytes(buf)
		exps = append(exps, e.Rsh(e, uint(len(buf)*8-bits)))
	}
	return exps
}

// TestPowGTable checks goPowG (the combs and the Exp beyond them) and
// powG against big.Int.Exp.
func TestPowGTable(t *testing.T) {
	for _, e := range powGExps(rand.New(rand.NewPCG(1, 2))) {
		want := new(big.Int).Exp(groupG, e, groupN)
		if got := goPowG(e); got.Cmp(want) != 0 {
			t.Errorf("goPowG(%x) = %x, want %x", e, got, want)
		}
		if got := powG(e); got.Cmp(want) != 0 {
			t.Errorf("powG(%x) = %x, want %x", e, got, want)
		}
	}
}

// TestCombShapes checks other comb layouts than the ones in use, so the
// table building and row reading are tested on more than one shape.
func TestCombShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, shape := range []combShape{{bits: 64, rows: 1, tables: 1}, {bits: 96, rows: 4, tables: 3}, {bits: 130, rows: 5, tables: 2}} {
		c := newComb(shape, newBarrett)
		limit := new(big.Int).Lsh(big.NewInt(1), uint(shape.bits))
		exps := []*big.Int{big.NewInt(0), big.NewInt(1), new(big.Int).Sub(limit, big.NewInt(1))}
		for range 20 {
			buf := make([]byte, shape.bits/8+1)
			for i := range buf {
				buf[i] = byte(rng.Uint32())
			}
			exps = append(exps, new(big.Int).Mod(new(big.Int).SetBytes(buf), limit))
		}
		for _, e := range exps {
			want := new(big.Int).Exp(groupG, e, groupN)
			if got := c.exp(e); got.Cmp(want) != 0 {
				t.Errorf("%+v: exp(%x) = %x, want %x", shape, e, got, want)
			}
		}
	}
}

func FuzzPowG(f *testing.F) {
	for _, e := range powGExps(rand.New(rand.NewPCG(5, 6))) {
		f.Add(e.Bytes())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > privateABytes+8 {
			return
		}
		e := new(big.Int).SetBytes(b)
		if got, want := powG(e), new(big.Int).Exp(groupG, e, groupN); got.Cmp(want) != 0 {
			t.Fatalf("powG(%x) = %x, want %x", e, got, want)
		}
	})
}

// BenchmarkPowG compares g^x for a 256-bit x and g^a for a 1024-bit a
// through the tables and through Exp.
func BenchmarkPowG(b *testing.B) {
	x := hashInt([]byte("x"))
	var buf []byte
	for i := range 4 {
		buf = append(buf, hashBytes([]byte{byte(i)})...)
	}
	a := new(big.Int).SetBytes(buf) // 1024 bits
	gShortComb()
	gLongComb()
	for _, e := range []struct {
		name string
		e    *big.Int
	}{{"x", x}, {"a", a}} {
		b.Run(e.name+"/table", func(b *testing.B) {
			for b.Loop() {
				powG(e.e)
			}
		})
		b.Run(e.name+"/Exp", func(b *testing.B) {
			for b.Loop() {
				new(big.Int).Exp(groupG, e.e, groupN)
			}
		})
	}
}

// BenchmarkCombTables is the one-time cost of building both tables.
func BenchmarkCombTables(b *testing.B) {
	for b.Loop() {
		newComb(shortComb, newBarrett)
		newComb(longComb, newBarrett)
	}
}
