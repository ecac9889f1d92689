//go:build js

package srp

import (
	"math/big"
	"sync"
	"syscall/js"
)

// In the browser, math/big has no 64x64→128-bit multiply and no assembly,
// so a 3072-bit exponentiation takes about three times as long as through
// the engine's BigInt. expN hands the whole exponentiation to one JavaScript
// function, in hex both ways.

// modPowSource is the body of that function: a left-to-right
// exponentiation with a 4-bit window, read from e's hex digits.
const modPowSource = `
const m = BigInt('0x' + mHex);
let b = BigInt('0x' + bHex) % m;
const table = [1n, b];
for (let i = 2; i < 16; i++) table.push(table[i - 1] * b % m);
let r = 1n;
for (const d of eHex) {
	r = r * r % m; r = r * r % m; r = r * r % m; r = r * r % m;
	const w = parseInt(d, 16);
	if (w !== 0) r = r * table[w] % m;
}
return r.toString(16);`

// jsModPow is the JavaScript function, or undefined where the page forbids
// building it (a Content-Security-Policy without 'unsafe-eval') or the
// engine has no BigInt: then expN stays with math/big.
var jsModPow = sync.OnceValue(func() (f js.Value) {
	defer func() {
		if recover() != nil {
			f = js.Undefined()
		}
	}()
	if js.Global().Get("BigInt").Type() != js.TypeFunction {
		return js.Undefined()
	}
	return js.Global().Get("Function").New("bHex", "eHex", "mHex", modPowSource)
})

// groupNHex is N in hex, computed once.
var groupNHex = sync.OnceValue(func() string { return groupN.Text(16) })

// useJSBigInt lets tests run the math/big fallback in the same build.
var useJSBigInt = true

// expN returns base^e mod N for 0 <= base and 0 <= e.
func expN(base, e *big.Int) *big.Int {
	if useJSBigInt && base.Sign() >= 0 && e.Sign() >= 0 {
		if f := jsModPow(); f.Type() == js.TypeFunction {
			if r, ok := callModPow(f, base, e); ok {
				return r
			}
		}
	}
	return goExpN(base, e)
}

// powG returns g^e mod N: x through math/big's table, anything longer
// through expN.
func powG(e *big.Int) *big.Int {
	if e.Sign() >= 0 && e.BitLen() <= shortComb.bits {
		return goPowG(e)
	}
	return expN(groupG, e)
}

// preparePowG builds the table powG uses.
func preparePowG() { gShortComb() }

func callModPow(f js.Value, base, e *big.Int) (r *big.Int, ok bool) {
	defer func() {
		if recover() != nil {
			r, ok = nil, false
		}
	}()
	out := f.Invoke(base.Text(16), e.Text(16), groupNHex())
	if out.Type() != js.TypeString {
		return nil, false
	}
	return new(big.Int).SetString(out.String(), 16)
}
