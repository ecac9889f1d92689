//go:build js

package srp

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

func init() { differentialCases = 48 }

// requireBigInt fails unless bigint.js is in use, so the tests below test it
// and not the math/big fallback.
func requireBigInt(t *testing.T) {
	t.Helper()
	if _, ok := bigint(); !ok {
		t.Fatal("bigint.js could not be built; powG and expN would fall back to math/big")
	}
}

// TestExpNThroughBigInt checks the BigInt path against math/big on edge and
// random bases and exponents.
func TestExpNThroughBigInt(t *testing.T) {
	requireBigInt(t)
	g := caseGen{rand.New(rand.NewPCG(2026, 16))}
	nMinus1 := new(big.Int).Sub(groupN, big.NewInt(1))
	bases := []*big.Int{big.NewInt(0), big.NewInt(1), groupG, nMinus1, groupN, new(big.Int).Add(groupN, big.NewInt(5))}
	exps := []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(16), big.NewInt(0xf0f), big.NewInt(0x1f), big.NewInt(0x3e1), nMinus1}
	for range 6 {
		bases = append(bases, new(big.Int).SetBytes(g.bytes(1+g.r.IntN(groupBytes))))
		exps = append(exps, new(big.Int).SetBytes(g.bytes(1+g.r.IntN(privateABytes+32))))
	}
	for i, b := range bases {
		for j, e := range exps {
			if (i+j)%2 != 0 {
				continue // half the pairs keep the test short under node
			}
			if got, want := expN(b, e), goExpN(b, e); got.Cmp(want) != 0 {
				t.Errorf("expN(%x, %x) = %x, want %x", b, e, got, want)
			}
		}
	}
}

// TestPowGThroughBigInt checks the BigInt combs (and their Exp beyond
// 1024 bits) against math/big.
func TestPowGThroughBigInt(t *testing.T) {
	requireBigInt(t)
	for _, e := range powGExps(rand.New(rand.NewPCG(2026, 18))) {
		if got, want := powG(e), goExpN(groupG, e); got.Cmp(want) != 0 {
			t.Errorf("powG(%x) = %x, want %x", e, got, want)
		}
	}
}

// TestAgainstCognitoJSOnMathBig runs the differential cases on the math/big
// fallback of the js build.
func TestAgainstCognitoJSOnMathBig(t *testing.T) {
	useJSBigInt = false
	t.Cleanup(func() { useJSBigInt = true })
	g := caseGen{rand.New(rand.NewPCG(2026, 17))}
	var cases []jsCase
	for range 6 {
		cases = append(cases, jsCase{Claim: g.claim()})
	}
	compareWithCognitoJS(t, cases)
}
