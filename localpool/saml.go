package localpool

import "context"

// deriveSAMLDetails reads a SAML provider's metadata.
func (s *Server) deriveSAMLDetails(_ context.Context, details map[string]string) (map[string]string, error) {
	return details, nil
}

// startSAML sends the browser to a SAML provider.
func (h *hostedCall) startSAML(ar *authorizeRequest, ip identityProvider, _ idpState) {
	h.fail(ar, &oauthRedirectError{"invalid_request", "SAML sign-in is not available for " + ip.ProviderName})
}
