package cognito

import (
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
