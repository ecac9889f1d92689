package cognito

// PreparedA is the SRP_A that PrepareSignIn made for the next sign-in, or "".
func PreparedA(c *Client) string {
	if sc := c.preparedSRP.Load(); sc != nil {
		return sc.A()
	}
	return ""
}
