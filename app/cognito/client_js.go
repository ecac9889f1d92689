package cognito

import (
	"syscall/js"

	"github.com/aws/smithy-go/middleware"
)

// platformAPIOptions drops the SDK's User-Agent header in the browser: fetch
// sends the browser's own, and building the SDK's costs time on every call.
var platformAPIOptions = []func(*middleware.Stack) error{
	func(s *middleware.Stack) error {
		_, err := s.Build.Remove("UserAgent")
		return err
	},
}

// warmOnPrepare: the browser compiles WebAssembly functions on their first
// call, which warmUp moves ahead of the first sign-in.
const warmOnPrepare = true

// In the browser a remembered device is named after the user agent, as
// Amplify names it.
func init() {
	if ua := js.Global().Get("navigator").Get("userAgent"); ua.Type() == js.TypeString && ua.String() != "" {
		DeviceName = truncateName(ua.String())
	}
}
