//go:build !js

package cognito

import "github.com/aws/smithy-go/middleware"

// platformAPIOptions adds nothing outside the browser: the SDK's User-Agent
// header tells AWS which SDK calls.
var platformAPIOptions []func(*middleware.Stack) error

// platformPasskeys is none natively: Config.Passkeys must be set.
func platformPasskeys() Passkeys { return nil }

// warmOnPrepare is off natively: compiled code needs no warming up.
var warmOnPrepare = false
