//go:build amd64 && !purego

package srp

import "math/big"

// expN returns base^e mod N for 0 <= base and 0 <= e.
func expN(base, e *big.Int) *big.Int {
	if useMont {
		return montExpN(base, e)
	}
	return goExpN(base, e)
}

// powG returns g^e mod N.
func powG(e *big.Int) *big.Int {
	if useMont {
		return montPowG(e)
	}
	return goPowG(e)
}

// preparePowG builds the tables powG uses.
func preparePowG() {
	if useMont {
		montShortComb()
		montLongComb()
		return
	}
	prepareGoPowG()
}
