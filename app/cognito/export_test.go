package cognito

import "context"

// PreparedA is the SRP_A that PrepareSignIn made for the next sign-in, or "".
func PreparedA(c *Client) string {
	if sc := c.preparedSRP.Load(); sc != nil {
		return sc.A()
	}
	return ""
}

// WarmUp runs the browser build's warm-up of a sign-in's code.
func WarmUp() error { return warmUp(context.Background()) }
