//go:build js

package srp

import (
	_ "embed"
	"math/big"
	"sync"
	"syscall/js"
)

// In the browser, math/big has no 64x64→128-bit multiply and no assembly,
// so a 3072-bit exponentiation takes several times as long as through the
// engine's BigInt. powG and expN hand each exponentiation to one call of
// bigint.js, in hex both ways: g^e through the same combs as goPowG, with
// their tables built once inside the engine, and b^e by sliding windows.
// Like math/big and amazon-cognito-identity-js, this is not constant time.

//go:embed bigint.js
var bigintSource string

// jsBigInt is bigint.js's object, or undefined where the page forbids
// building it (a Content-Security-Policy without 'unsafe-eval') or the
// engine has no BigInt: then powG and expN stay with math/big.
var jsBigInt = sync.OnceValue(func() (o js.Value) {
	defer func() {
		if recover() != nil {
			o = js.Undefined()
		}
	}()
	if js.Global().Get("BigInt").Type() != js.TypeFunction {
		return js.Undefined()
	}
	shapes := []any{}
	for _, s := range []combShape{shortComb, longComb} {
		shapes = append(shapes, []any{s.bits, s.rows, s.tables})
	}
	factory := js.Global().Get("Function").New("return (" + bigintSource + "\n)").Invoke()
	return factory.Invoke(groupN.Text(16), shapes)
})

// useJSBigInt lets tests run the math/big fallback in the same build.
var useJSBigInt = true

// bigint returns bigint.js's object when it is to be used.
func bigint() (js.Value, bool) {
	if !useJSBigInt {
		return js.Undefined(), false
	}
	o := jsBigInt()
	return o, o.Type() == js.TypeObject
}

// expN returns base^e mod N for 0 <= base and 0 <= e.
func expN(base, e *big.Int) *big.Int {
	if o, ok := bigint(); ok && base.Sign() >= 0 && e.Sign() >= 0 {
		if r, ok := callHex(o, "modPow", base.Text(16), e.Text(16)); ok {
			return r
		}
	}
	return goExpN(base, e)
}

// powG returns g^e mod N.
func powG(e *big.Int) *big.Int {
	if o, ok := bigint(); ok && e.Sign() >= 0 {
		if r, ok := callHex(o, "powG", e.Text(16)); ok {
			return r
		}
	}
	return goPowG(e)
}

// preparePowG builds the tables powG uses, in the engine or for math/big.
func preparePowG() {
	if o, ok := bigint(); ok && callPrepare(o) {
		return
	}
	prepareGoPowG()
}

func callPrepare(o js.Value) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	o.Call("prepare")
	return true
}

// callHex calls bigint.js's method with hex arguments and reads its hex
// result; ok is false if the call threw.
func callHex(o js.Value, method string, args ...any) (r *big.Int, ok bool) {
	defer func() {
		if recover() != nil {
			r, ok = nil, false
		}
	}()
	out := o.Call(method, args...)
	if out.Type() != js.TypeString {
		return nil, false
	}
	return new(big.Int).SetString(out.String(), 16)
}
