//go:build !js && !(amd64 && !purego)

package srp

import "math/big"

// expN returns base^e mod N for 0 <= base and 0 <= e.
func expN(base, e *big.Int) *big.Int { return goExpN(base, e) }

// powG returns g^e mod N.
func powG(e *big.Int) *big.Int { return goPowG(e) }

// preparePowG builds the tables powG uses.
func preparePowG() { prepareGoPowG() }
