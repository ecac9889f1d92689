package srp

import (
	"path/filepath"
	"testing"

	"github.com/cognitowasm/cognitowasm/internal/jstest"
)

// cognitoJS runs testdata/cognito_srp.js, which drives the official
// amazon-cognito-identity-js, in the given mode.
func cognitoJS(t testing.TB, mode string, in, out any) {
	t.Helper()
	jstest.Run(t, filepath.Join("testdata", "cognito_srp.js"), in, out, mode)
}
