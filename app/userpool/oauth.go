package userpool

// The hosted UI's OAuth 2.0 and OpenID Connect endpoints, on a pool's domain.
const (
	AuthorizePath = "/oauth2/authorize"
	TokenPath     = "/oauth2/token"
	UserInfoPath  = "/oauth2/userInfo"
	RevokePath    = "/oauth2/revoke"
	LoginPath     = "/login"
	LogoutPath    = "/logout"
)

// OAuth scopes every pool knows. Custom scopes are "<resource server>/<scope>".
const (
	ScopeOpenID    = "openid"
	ScopeEmail     = "email"
	ScopePhone     = "phone"
	ScopeProfile   = "profile"
	ScopeUserAdmin = "aws.cognito.signin.user.admin" // the user operations (GetUser...) need it
)

// ProviderCognito names the pool's own users as an identity provider
// (identity_provider=COGNITO, SupportedIdentityProviders).
const ProviderCognito = "COGNITO"

// OAuth error codes the hosted UI answers, in error redirects and in the
// token endpoint's JSON (RFC 6749 §4.1.2.1, §5.2; OpenID Connect Core §3.1.2.6).
const (
	OAuthInvalidRequest          = "invalid_request"
	OAuthInvalidClient           = "invalid_client"
	OAuthInvalidGrant            = "invalid_grant"
	OAuthInvalidScope            = "invalid_scope"
	OAuthUnauthorizedClient      = "unauthorized_client"
	OAuthUnsupportedGrantType    = "unsupported_grant_type"
	OAuthUnsupportedResponseType = "unsupported_response_type"
	OAuthUnsupportedTokenType    = "unsupported_token_type"
	OAuthAccessDenied            = "access_denied"
	OAuthLoginRequired           = "login_required"
	OAuthServerError             = "server_error"
	OAuthInvalidToken            = "invalid_token"
)
