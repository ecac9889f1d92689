//go:build !js

package main

import (
	"context"
	"errors"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/app/hostedui"
	"github.com/cognitowasm/cognitowasm/app/ui"
	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// localDomain is the hosted-UI domain `cognitowasm serve` gives the local
// pool; the hosted UI then also answers at http://local.localhost:<port>.
const localDomain = "local"

// loopbackCallback is the command line's redirect for `cognitowasm login`:
// registered without a port, it matches the free port login listens on.
const loopbackCallback = "http://127.0.0.1/callback"

// enableLocalHostedUI gives the local pool a domain and turns on the OAuth
// code flow for the app's client, with the app's /callback at each of
// appOrigins and the command line's loopback as callbacks, lets the client
// use every identity provider of the pool, and returns cfg with its oauth
// block, which offers those providers. It is idempotent: a restart
// updates the URLs and the providers.
func enableLocalHostedUI(ctx context.Context, cfg ui.Config, appOrigins []string) (ui.Config, error) {
	admin := localPoolAPI(cfg.Endpoint, cfg.Region)
	pool, err := admin.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &cfg.UserPoolID})
	if err != nil {
		return cfg, err
	}
	if aws.ToString(pool.UserPool.Domain) == "" {
		_, err := admin.CreateUserPoolDomain(ctx, &cip.CreateUserPoolDomainInput{Domain: aws.String(localDomain), UserPoolId: &cfg.UserPoolID})
		var inUse *types.InvalidParameterException
		if err != nil && !errors.As(err, &inUse) {
			return cfg, err
		}
	}
	out, err := admin.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: &cfg.UserPoolID, ClientId: &cfg.ClientID})
	if err != nil {
		return cfg, err
	}
	c := out.UserPoolClient
	o := &ui.OAuthConfig{Domain: cfg.Endpoint, Scopes: hostedui.DefaultScopes, ResponseType: "code"}
	for _, origin := range appOrigins {
		o.RedirectSignIn = append(o.RedirectSignIn, origin+"/callback")
		o.RedirectSignOut = append(o.RedirectSignOut, origin+"/")
	}
	providers := c.SupportedIdentityProviders
	if !slices.Contains(providers, userpool.ProviderCognito) {
		providers = append(providers, userpool.ProviderCognito)
	}
	// Every identity provider of the pool gets a button on /signin.
	pages := cip.NewListIdentityProvidersPaginator(admin, &cip.ListIdentityProvidersInput{UserPoolId: &cfg.UserPoolID})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return cfg, err
		}
		for _, p := range page.Providers {
			name := aws.ToString(p.ProviderName)
			o.Providers = append(o.Providers, name)
			if !slices.Contains(providers, name) {
				providers = append(providers, name)
			}
		}
	}
	// UpdateUserPoolClient replaces every setting: carry the others over.
	_, err = admin.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{
		UserPoolId: &cfg.UserPoolID, ClientId: &cfg.ClientID, ClientName: c.ClientName,
		ExplicitAuthFlows: c.ExplicitAuthFlows, EnableTokenRevocation: c.EnableTokenRevocation,
		RefreshTokenValidity: c.RefreshTokenValidity, AccessTokenValidity: c.AccessTokenValidity, IdTokenValidity: c.IdTokenValidity,
		TokenValidityUnits: c.TokenValidityUnits, ReadAttributes: c.ReadAttributes, WriteAttributes: c.WriteAttributes,
		PreventUserExistenceErrors: c.PreventUserExistenceErrors, AuthSessionValidity: c.AuthSessionValidity,
		RefreshTokenRotation:            c.RefreshTokenRotation,
		AllowedOAuthFlowsUserPoolClient: true,
		AllowedOAuthFlows:               []types.OAuthFlowType{types.OAuthFlowTypeCode},
		AllowedOAuthScopes:              o.Scopes,
		CallbackURLs:                    append(slices.Clone(o.RedirectSignIn), loopbackCallback),
		LogoutURLs:                      o.RedirectSignOut,
		SupportedIdentityProviders:      providers,
	})
	if err != nil {
		return cfg, err
	}
	slices.SortStableFunc(o.Providers, func(a, b string) int { return socialFirst(a) - socialFirst(b) })
	cfg.OAuth = o
	return cfg, nil
}

// socialFirst orders the buttons: the social providers in a fixed order,
// then OIDC and SAML providers as the pool lists them (by name).
func socialFirst(name string) int {
	if i := slices.Index([]string{userpool.ProviderGoogle, userpool.ProviderFacebook, userpool.ProviderAmazon, userpool.ProviderApple}, name); i >= 0 {
		return i
	}
	return 4
}
