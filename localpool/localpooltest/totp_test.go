package localpooltest_test

import (
	"encoding/base32"
	"testing"
	"time"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

func TestTOTPCodeVector(t *testing.T) {
	// RFC 6238 appendix B, SHA-1: T = 59 s gives 94287082 (8 digits), so 287082;
	// T = 1111111109 gives 07081804, so 081804.
	secret := base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))
	for at, want := range map[int64]string{59: "287082", 1111111109: "081804"} {
		if got, err := localpooltest.TOTPCode(secret, time.Unix(at, 0)); err != nil || got != want {
			t.Errorf("TOTPCode(T=%d) = %s, %v; want %s", at, got, err, want)
		}
	}
}
