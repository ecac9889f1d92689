package localpool_test

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
	"github.com/cognitowasm/cognitowasm/srp"
)

func TestTokenClaims(t *testing.T) {
	p := localpooltest.New(t)
	p.CreateUser(t, "claims@example.com", password, map[string]string{"name": "Claims"})
	res, err := srpSignIn(t, p, p.Admin(), p.ClientID, "claims@example.com", password)
	if err != nil {
		t.Fatal(err)
	}
	auth := res.AuthenticationResult
	if auth.ExpiresIn != 3600 || aws.ToString(auth.TokenType) != "Bearer" {
		t.Errorf("ExpiresIn %d TokenType %q", auth.ExpiresIn, aws.ToString(auth.TokenType))
	}

	var oidc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	getJSON(t, p.Issuer+"/.well-known/openid-configuration", &oidc)
	if oidc.Issuer != p.Issuer || oidc.JWKSURI != p.Issuer+"/.well-known/jwks.json" {
		t.Fatalf("openid-configuration = %+v", oidc)
	}
	var jwks struct {
		Keys []struct{ Kid, Kty, Alg, Use, N, E string }
	}
	getJSON(t, oidc.JWKSURI, &jwks)
	// As in Cognito, ID and access tokens are signed by two keys, both published.
	if len(jwks.Keys) != 2 || jwks.Keys[0].Kid == jwks.Keys[1].Kid {
		t.Fatalf("jwks = %+v, want two keys", jwks)
	}
	keys := map[string]*rsa.PublicKey{}
	for _, key := range jwks.Keys {
		if key.Alg != "RS256" || key.Kty != "RSA" || key.Use != "sig" {
			t.Fatalf("jwk = %+v", key)
		}
		n, _ := base64.RawURLEncoding.DecodeString(key.N)
		e, _ := base64.RawURLEncoding.DecodeString(key.E)
		keys[key.Kid] = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
	}

	kids := map[string]bool{}
	verify := func(raw *string) jwt.MapClaims {
		t.Helper()
		// The header is exactly Cognito's: {"kid":…,"alg":"RS256"}, no typ.
		header, _ := base64.RawURLEncoding.DecodeString(strings.Split(aws.ToString(raw), ".")[0])
		var h map[string]any
		if err := json.Unmarshal(header, &h); err != nil || len(h) != 2 || h["alg"] != "RS256" ||
			!strings.HasPrefix(string(header), `{"kid":`) {
			t.Errorf("header = %s, want exactly kid and alg", header)
		}
		c := jwt.MapClaims{}
		tok, err := jwt.ParseWithClaims(aws.ToString(raw), c, func(tok *jwt.Token) (any, error) {
			kid, _ := tok.Header["kid"].(string)
			kids[kid] = true
			if keys[kid] == nil {
				return nil, fmt.Errorf("kid %q is not in the JWKS", kid)
			}
			return keys[kid], nil
		}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithTimeFunc(p.Clock.Now), jwt.WithIssuer(p.Issuer))
		if err != nil || !tok.Valid {
			t.Fatalf("verify: %v", err)
		}
		return c
	}
	id, access := verify(auth.IdToken), verify(auth.AccessToken)
	if len(kids) != 2 {
		t.Errorf("ID and access tokens share a key")
	}
	for _, claim := range []string{"sub", "aud", "email", "email_verified", "cognito:username", "token_use", "auth_time", "iss",
		"exp", "iat", "jti", "origin_jti", "event_id"} {
		if _, ok := id[claim]; !ok {
			t.Errorf("ID token lacks %s", claim)
		}
	}
	for _, claim := range []string{"sub", "client_id", "username", "scope", "token_use", "auth_time", "iss", "exp", "iat", "jti",
		"origin_jti", "event_id"} {
		if _, ok := access[claim]; !ok {
			t.Errorf("access token lacks %s", claim)
		}
	}
	if id["aud"] != p.ClientID || id["token_use"] != "id" || id["email_verified"] != true || id["email"] != "claims@example.com" ||
		id["cognito:username"] != id["sub"] || id["name"] != "Claims" {
		t.Errorf("ID claims = %v", id)
	}
	if access["client_id"] != p.ClientID || access["token_use"] != "access" || access["scope"] != "aws.cognito.signin.user.admin" ||
		access["username"] != id["sub"] || access["origin_jti"] != id["origin_jti"] || access["event_id"] != id["event_id"] ||
		access["jti"] == id["jti"] {
		t.Errorf("access claims = %v", access)
	}
	if got := int64(id["exp"].(float64)) - int64(id["iat"].(float64)); got != 3600 {
		t.Errorf("id token lifetime = %d", got)
	}

	// Access tokens expire with the clock.
	p.Clock.Advance(time.Hour + time.Second)
	_, err = p.Admin().GetUser(ctx, &cip.GetUserInput{AccessToken: auth.AccessToken})
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Access Token has expired")
	// An ID token or a forged token is no access token.
	_, err = p.Admin().GetUser(ctx, &cip.GetUserInput{AccessToken: auth.IdToken})
	wantAPIError(t, err, "NotAuthorizedException")
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`)) + "." + strings.Split(*auth.AccessToken, ".")[1] + "."
	_, err = p.Admin().GetUser(ctx, &cip.GetUserInput{AccessToken: &none})
	wantAPIError(t, err, "NotAuthorizedException")
}

func wantAPIErrorMessage(t testing.TB, err error, typ, message string) {
	t.Helper()
	wantAPIError(t, err, typ)
	var apiErr interface{ ErrorMessage() string }
	if errors.As(err, &apiErr); apiErr.ErrorMessage() != message {
		t.Fatalf("message = %q, want %q", apiErr.ErrorMessage(), message)
	}
}

func TestRefreshAndRevocation(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	const name = "refresh@example.com"
	p.CreateUser(t, name, password, nil)
	refresh := func(token *string) (*types.AuthenticationResultType, error) {
		out, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &p.ClientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
			AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(token)}})
		if err != nil {
			return nil, err
		}
		return out.AuthenticationResult, nil
	}

	first := mustSignIn(t, p, name, password)
	again, err := refresh(first.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if again.RefreshToken != nil || again.AccessToken == nil || again.ExpiresIn != 3600 {
		t.Fatalf("refresh = %+v", again)
	}
	_, err = refresh(aws.String("not-a-token"))
	wantAPIError(t, err, "NotAuthorizedException")

	// RevokeToken ends that session only.
	second := mustSignIn(t, p, name, password)
	if _, err := api.RevokeToken(ctx, &cip.RevokeTokenInput{ClientId: &p.ClientID, Token: first.RefreshToken}); err != nil {
		t.Fatal(err)
	}
	_, err = refresh(first.RefreshToken)
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Refresh Token has been revoked")
	_, err = api.GetUser(ctx, &cip.GetUserInput{AccessToken: again.AccessToken})
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Access Token has been revoked")
	if _, err := api.GetUser(ctx, &cip.GetUserInput{AccessToken: second.AccessToken}); err != nil {
		t.Fatalf("other session: %v", err)
	}
	_, err = api.RevokeToken(ctx, &cip.RevokeTokenInput{ClientId: &p.ClientID, Token: second.AccessToken})
	wantAPIError(t, err, "UnsupportedTokenTypeException")

	// GlobalSignOut ends every session.
	third := mustSignIn(t, p, name, password)
	if _, err := api.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: third.AccessToken}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*types.AuthenticationResultType{second, third} {
		_, err = refresh(s.RefreshToken)
		wantAPIError(t, err, "NotAuthorizedException")
		_, err = api.GetUser(ctx, &cip.GetUserInput{AccessToken: s.AccessToken})
		wantAPIErrorMessage(t, err, "NotAuthorizedException", "Access Token has been revoked")
	}

	// AdminUserGlobalSignOut too.
	fourth := mustSignIn(t, p, name, password)
	if _, err := api.AdminUserGlobalSignOut(ctx, &cip.AdminUserGlobalSignOutInput{UserPoolId: &p.UserPoolID, Username: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
	_, err = refresh(fourth.RefreshToken)
	wantAPIError(t, err, "NotAuthorizedException")

	// Refresh tokens expire after the client's validity (30 days).
	fifth := mustSignIn(t, p, name, password)
	p.Clock.Advance(30*24*time.Hour - time.Minute)
	if _, err := refresh(fifth.RefreshToken); err != nil {
		t.Fatal(err)
	}
	p.Clock.Advance(2 * time.Minute)
	_, err = refresh(fifth.RefreshToken)
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Refresh Token has expired")
}

func TestRefreshTokenRotation(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	const name = "rotate@example.com"
	p.CreateUser(t, name, password, nil)
	clientID, secret := p.NewClient(t, cip.CreateUserPoolClientInput{GenerateSecret: true,
		ExplicitAuthFlows:    []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
		RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled, RetryGracePeriodSeconds: aws.Int32(10)}})
	out, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": password, "SECRET_HASH": srp.SecretHash(name, clientID, secret)}})
	if err != nil {
		t.Fatal(err)
	}
	get := func(token *string, secret string) (*types.AuthenticationResultType, error) {
		out, err := api.GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: &clientID, RefreshToken: token,
			ClientSecret: aws.String(secret)})
		if err != nil {
			return nil, err
		}
		return out.AuthenticationResult, nil
	}
	old := out.AuthenticationResult.RefreshToken
	refreshAuth := func(params map[string]string) error {
		params["REFRESH_TOKEN"] = *old
		_, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth, AuthParameters: params})
		return err
	}
	// As Cognito: a rotating client refreshes only through GetTokensFromRefreshToken.
	wantAPIError(t, refreshAuth(map[string]string{"SECRET_HASH": srp.SecretHash(name, clientID, secret)}), "InvalidParameterException")
	_, err = get(old, strings.Repeat("w", 51)) // long enough for the model, still wrong
	wantAPIError(t, err, "NotAuthorizedException")
	rotated, err := get(old, secret)
	if err != nil {
		t.Fatal(err)
	}
	if rotated.RefreshToken == nil || *rotated.RefreshToken == *old || rotated.AccessToken == nil {
		t.Fatalf("rotation = %+v", rotated)
	}
	// The old token still works within the grace period, then not.
	p.Clock.Advance(5 * time.Second)
	if _, err := get(old, secret); err != nil {
		t.Fatalf("within grace: %v", err)
	}
	p.Clock.Advance(6 * time.Second)
	_, err = get(old, secret)
	wantAPIError(t, err, "RefreshTokenReuseException")
	if _, err := get(rotated.RefreshToken, secret); err != nil {
		t.Fatalf("rotated token: %v", err)
	}

	// The default client does not rotate: no new refresh token.
	first := mustSignIn(t, p, name, password)
	plain, err := api.GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: &p.ClientID, RefreshToken: first.RefreshToken})
	if err != nil {
		t.Fatal(err)
	}
	if plain.AuthenticationResult.RefreshToken != nil {
		t.Error("a refresh token without rotation")
	}
}

// TestRotatingClientWithoutRefreshTokenAuth: Cognito tells rotating clients to
// turn ALLOW_REFRESH_TOKEN_AUTH off and refresh through
// GetTokensFromRefreshToken, so that flow must not be required for it.
func TestRotatingClientWithoutRefreshTokenAuth(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	const name = "rotate-only@example.com"
	p.CreateUser(t, name, password, nil)
	rotating, _ := p.NewClient(t, cip.CreateUserPoolClientInput{
		ExplicitAuthFlows:    []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth},
		RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled}})
	plain, _ := p.NewClient(t, cip.CreateUserPoolClientInput{
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth}})
	for _, tc := range []struct {
		client  string
		wantErr string
	}{
		{client: rotating},
		{client: plain, wantErr: "InvalidParameterException"}, // no rotation and no refresh flow: no refresh
	} {
		out, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(tc.client), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": password}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := api.GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(tc.client),
			RefreshToken: out.AuthenticationResult.RefreshToken})
		if tc.wantErr != "" {
			wantAPIError(t, err, tc.wantErr)
			continue
		}
		if err != nil {
			t.Fatalf("rotating client without ALLOW_REFRESH_TOKEN_AUTH: %v", err)
		}
		if got.AuthenticationResult.RefreshToken == nil {
			t.Error("a rotating client's refresh gave no new refresh token")
		}
	}
}

func TestSignInFailures(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	const name = "fail@example.com"
	p.CreateUser(t, name, password, nil)

	t.Run("unknown user and wrong password look alike", func(t *testing.T) {
		_, err1 := passwordSignIn(api, p.ClientID, "nobody@example.com", password)
		wantAPIErrorMessage(t, err1, "NotAuthorizedException", "Incorrect username or password.")
		_, err2 := srpSignIn(t, p, api, p.ClientID, "nobody@example.com", password)
		wantAPIErrorMessage(t, err2, "NotAuthorizedException", "Incorrect username or password.")
		// The SRP challenge of an unknown user names a decoy that looks like a sub.
		c, err := srp.NewClient(nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{name, "nobody@example.com"} {
			out, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &p.ClientID, AuthFlow: types.AuthFlowTypeUserSrpAuth,
				AuthParameters: map[string]string{"USERNAME": who, "SRP_A": c.A()}})
			if err != nil {
				t.Fatal(err)
			}
			if id, err := uuid.Parse(out.ChallengeParameters["USERNAME"]); err != nil || id.Version() != 4 {
				t.Errorf("USERNAME of %s = %q, want a version 4 UUID like a sub", who, out.ChallengeParameters["USERNAME"])
			}
		}
	})

	t.Run("lockout", func(t *testing.T) {
		for range 5 {
			_, err := passwordSignIn(api, p.ClientID, name, "Wrong-passw0rd")
			wantAPIErrorMessage(t, err, "NotAuthorizedException", "Incorrect username or password.")
		}
		_, err := passwordSignIn(api, p.ClientID, name, password)
		wantAPIErrorMessage(t, err, "NotAuthorizedException", "Password attempts exceeded")
		p.Clock.Advance(2 * time.Second)
		mustSignIn(t, p, name, password) // success resets the count
		for range 5 {
			_, err = srpSignIn(t, p, api, p.ClientID, name, "Wrong-passw0rd")
			wantAPIError(t, err, "NotAuthorizedException")
		}
		_, err = srpSignIn(t, p, api, p.ClientID, name, password)
		wantAPIErrorMessage(t, err, "NotAuthorizedException", "Password attempts exceeded")
		p.Clock.Advance(time.Minute)
		mustSignIn(t, p, name, password)
	})

	t.Run("flows must be enabled", func(t *testing.T) {
		srpOnly, _ := p.NewClient(t, cip.CreateUserPoolClientInput{ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth}})
		_, err := passwordSignIn(api, srpOnly, name, password)
		wantAPIErrorMessage(t, err, "InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client")
		_, err = api.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &p.UserPoolID, ClientId: &srpOnly,
			AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": password}})
		wantAPIError(t, err, "InvalidParameterException")
		if _, err := srpSignIn(t, p, api, srpOnly, name, password); err != nil {
			t.Fatal(err)
		}
		_, err = api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &srpOnly, AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": password}})
		wantAPIError(t, err, "InvalidParameterException")
	})

	t.Run("admin sign-in", func(t *testing.T) {
		out, err := api.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &p.UserPoolID, ClientId: &p.ClientID,
			AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": password}})
		if err != nil || out.AuthenticationResult == nil {
			t.Fatalf("AdminInitiateAuth = %v, %v", out, err)
		}
		ref, err := api.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &p.UserPoolID, ClientId: &p.ClientID,
			AuthFlow: types.AuthFlowTypeRefreshTokenAuth, AuthParameters: map[string]string{"REFRESH_TOKEN": *out.AuthenticationResult.RefreshToken}})
		if err != nil || ref.AuthenticationResult.AccessToken == nil {
			t.Fatalf("admin refresh = %v, %v", ref, err)
		}
		_, err = api.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: aws.String("us-east-1_Other"), ClientId: &p.ClientID,
			AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": password}})
		wantAPIError(t, err, "ResourceNotFoundException")
		// AdminRespondToAuthChallenge answers NEW_PASSWORD_REQUIRED.
		temp := "Temp-passw0rd"
		if _, err := api.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &p.UserPoolID, Username: aws.String("admin-new@example.com"),
			TemporaryPassword: &temp, MessageAction: types.MessageActionTypeSuppress}); err != nil {
			t.Fatal(err)
		}
		ch, err := api.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &p.UserPoolID, ClientId: &p.ClientID,
			AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": "admin-new@example.com", "PASSWORD": temp}})
		if err != nil || ch.ChallengeName != types.ChallengeNameTypeNewPasswordRequired {
			t.Fatalf("AdminInitiateAuth = %+v, %v", ch, err)
		}
		// The session belongs to its user: another USERNAME is refused.
		_, err = api.AdminRespondToAuthChallenge(ctx, &cip.AdminRespondToAuthChallengeInput{UserPoolId: &p.UserPoolID, ClientId: &p.ClientID,
			ChallengeName: ch.ChallengeName, Session: ch.Session,
			ChallengeResponses: map[string]string{"USERNAME": name, "NEW_PASSWORD": password}})
		wantAPIError(t, err, "NotAuthorizedException")
		done, err := api.AdminRespondToAuthChallenge(ctx, &cip.AdminRespondToAuthChallengeInput{UserPoolId: &p.UserPoolID, ClientId: &p.ClientID,
			ChallengeName: ch.ChallengeName, Session: ch.Session,
			ChallengeResponses: map[string]string{"USERNAME": "admin-new@example.com", "NEW_PASSWORD": password}})
		if err != nil || done.AuthenticationResult == nil {
			t.Fatalf("AdminRespondToAuthChallenge = %+v, %v", done, err)
		}
	})

	t.Run("secret hash", func(t *testing.T) {
		clientID, secret := p.NewClient(t, cip.CreateUserPoolClientInput{GenerateSecret: true,
			ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
		try := func(hash string) error {
			params := map[string]string{"USERNAME": name, "PASSWORD": password}
			if hash != "" {
				params["SECRET_HASH"] = hash
			}
			_, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth, AuthParameters: params})
			return err
		}
		wantAPIError(t, try(""), "NotAuthorizedException")
		wantAPIError(t, try(srp.SecretHash(name, clientID, "wrong")), "NotAuthorizedException")
		if err := try(srp.SecretHash(name, clientID, secret)); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("SRP claim checks", func(t *testing.T) {
		start := func() (*srp.Client, *cip.InitiateAuthOutput) {
			c, _ := srp.NewClient(nil)
			out, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &p.ClientID, AuthFlow: types.AuthFlowTypeUserSrpAuth,
				AuthParameters: map[string]string{"USERNAME": name, "SRP_A": c.A()}})
			if err != nil {
				t.Fatal(err)
			}
			return c, out
		}
		answer := func(clientID string, c *srp.Client, out *cip.InitiateAuthOutput, now time.Time, edit func(map[string]string)) error {
			pr := out.ChallengeParameters
			claim, err := c.Claim(srp.UserIdentity(p.UserPoolID, pr["USER_ID_FOR_SRP"]), password,
				srp.Challenge{Salt: pr["SALT"], B: pr["SRP_B"], SecretBlock: pr["SECRET_BLOCK"]}, now)
			if err != nil {
				t.Fatal(err)
			}
			r := map[string]string{"USERNAME": pr["USERNAME"], "PASSWORD_CLAIM_SECRET_BLOCK": claim.SecretBlock,
				"PASSWORD_CLAIM_SIGNATURE": claim.Signature, "TIMESTAMP": claim.Timestamp}
			if edit != nil {
				edit(r)
			}
			_, err = api.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &clientID,
				ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeResponses: r})
			return err
		}
		// A bad SRP_A is refused before any challenge, as Cognito does.
		for _, a := range []string{"0", "00", "xyz", strings.Repeat("f", 2000)} {
			_, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &p.ClientID, AuthFlow: types.AuthFlowTypeUserSrpAuth,
				AuthParameters: map[string]string{"USERNAME": name, "SRP_A": a}})
			wantAPIError(t, err, "InvalidParameterException")
		}
		c, out := start()
		if out.ChallengeParameters["USERNAME"] != out.ChallengeParameters["USER_ID_FOR_SRP"] || strings.Contains(out.ChallengeParameters["USERNAME"], "@") {
			t.Errorf("challenge parameters = %v", out.ChallengeParameters)
		}
		wantAPIError(t, answer(p.ClientID, c, out, p.Clock.Now().Add(-10*time.Minute), nil), "NotAuthorizedException")
		wantAPIError(t, answer(p.ClientID, c, out, p.Clock.Now(), func(r map[string]string) { r["TIMESTAMP"] = "yesterday" }), "InvalidParameterException")
		wantAPIError(t, answer(p.ClientID, c, out, p.Clock.Now(), func(r map[string]string) {
			b := []byte(r["PASSWORD_CLAIM_SECRET_BLOCK"])
			b[10] ^= 1
			r["PASSWORD_CLAIM_SECRET_BLOCK"] = string(b)
		}), "NotAuthorizedException")
		wantAPIError(t, answer(p.ClientID, c, out, p.Clock.Now(), func(r map[string]string) { r["USERNAME"] = "someone-else" }), "NotAuthorizedException")
		other, _ := p.NewClient(t, cip.CreateUserPoolClientInput{})
		wantAPIError(t, answer(other, c, out, p.Clock.Now(), nil), "NotAuthorizedException")
		p.Clock.Advance(4 * time.Minute) // past the 3-minute session
		wantAPIError(t, answer(p.ClientID, c, out, p.Clock.Now(), nil), "NotAuthorizedException")
		c, out = start()
		if err := answer(p.ClientID, c, out, p.Clock.Now(), nil); err != nil {
			t.Fatalf("valid claim: %v", err)
		}
		// A SECRET_BLOCK serves one sign-in: the same claim sent again gets no tokens.
		wantAPIErrorMessage(t, answer(p.ClientID, c, out, p.Clock.Now(), nil), "NotAuthorizedException",
			"Invalid session for the user, session can only be used once.")
	})

	t.Run("unconfirmed user", func(t *testing.T) {
		if _, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &p.ClientID, Username: aws.String("new@example.com"), Password: aws.String(password)}); err != nil {
			t.Fatal(err)
		}
		_, err := srpSignIn(t, p, api, p.ClientID, "new@example.com", password)
		wantAPIError(t, err, "UserNotConfirmedException")
		_, err = srpSignIn(t, p, api, p.ClientID, "new@example.com", "Wrong-passw0rd")
		wantAPIError(t, err, "NotAuthorizedException")
	})
}

func TestRefreshWithClientSecret(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	const name = "secret-refresh@example.com"
	p.CreateUser(t, name, password, nil)
	clientID, secret := p.NewClient(t, cip.CreateUserPoolClientInput{GenerateSecret: true,
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
	out, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": password, "SECRET_HASH": srp.SecretHash(name, clientID, secret)}})
	if err != nil {
		t.Fatal(err)
	}
	refresh := func(hash string) error {
		params := map[string]string{"REFRESH_TOKEN": *out.AuthenticationResult.RefreshToken}
		if hash != "" {
			params["SECRET_HASH"] = hash
		}
		_, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth, AuthParameters: params})
		return err
	}
	wantAPIError(t, refresh(""), "NotAuthorizedException")
	wantAPIError(t, refresh(srp.SecretHash(name, clientID, "not-the-secret")), "NotAuthorizedException")
	if err := refresh(srp.SecretHash(name, clientID, secret)); err != nil {
		t.Fatalf("refresh with SECRET_HASH: %v", err)
	}
}
