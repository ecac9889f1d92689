package localpool_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

func TestPoolsClientsGroups(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	created, err := api.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("second"),
		AliasAttributes: []types.AliasAttributeType{types.AliasAttributeTypeEmail},
		Policies:        &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{MinimumLength: aws.Int32(12), RequireNumbers: true}}})
	if err != nil {
		t.Fatal(err)
	}
	poolID := aws.ToString(created.UserPool.Id)
	if !validPoolShape(poolID) || created.UserPool.CreationDate == nil || created.UserPool.CreationDate.IsZero() {
		t.Fatalf("CreateUserPool = %+v", created.UserPool)
	}
	desc, err := api.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &poolID})
	if err != nil {
		t.Fatal(err)
	}
	if pp := desc.UserPool.Policies.PasswordPolicy; aws.ToInt32(pp.MinimumLength) != 12 || !pp.RequireNumbers || pp.RequireSymbols {
		t.Errorf("password policy = %+v", pp)
	}
	def, err := api.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &p.UserPoolID})
	if err != nil {
		t.Fatal(err)
	}
	if pp := def.UserPool.Policies.PasswordPolicy; aws.ToInt32(pp.MinimumLength) != 8 || !pp.RequireUppercase || !pp.RequireLowercase ||
		!pp.RequireNumbers || !pp.RequireSymbols || len(def.UserPool.UsernameAttributes) != 1 {
		t.Errorf("default pool = %+v", def.UserPool)
	}

	page1, err := api.ListUserPools(ctx, &cip.ListUserPoolsInput{MaxResults: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	page2, err := api.ListUserPools(ctx, &cip.ListUserPoolsInput{MaxResults: aws.Int32(1), NextToken: page1.NextToken})
	if err != nil {
		t.Fatal(err)
	}
	if len(page1.UserPools) != 1 || len(page2.UserPools) != 1 || page2.NextToken != nil ||
		aws.ToString(page1.UserPools[0].Id) == aws.ToString(page2.UserPools[0].Id) {
		t.Errorf("ListUserPools pages = %+v / %+v", page1.UserPools, page2.UserPools)
	}

	client, err := api.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &poolID, ClientName: aws.String("web"),
		GenerateSecret: true, ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth},
		CallbackURLs: []string{"http://localhost:8000/callback"}, LogoutURLs: []string{"http://localhost:8000/"},
		AllowedOAuthFlows: []types.OAuthFlowType{types.OAuthFlowTypeCode}, AllowedOAuthScopes: []string{"openid", "email"},
		AllowedOAuthFlowsUserPoolClient: true, AccessTokenValidity: aws.Int32(30),
		TokenValidityUnits: &types.TokenValidityUnitsType{AccessToken: types.TimeUnitsTypeMinutes}})
	if err != nil {
		t.Fatal(err)
	}
	c := client.UserPoolClient
	if len(aws.ToString(c.ClientId)) != 26 || len(aws.ToString(c.ClientSecret)) != 51 || c.RefreshTokenValidity != 30 {
		t.Errorf("client = %+v", c)
	}
	got, err := api.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: &poolID, ClientId: c.ClientId})
	if err != nil {
		t.Fatal(err)
	}
	if g := got.UserPoolClient; len(g.CallbackURLs) != 1 || len(g.AllowedOAuthScopes) != 2 || !aws.ToBool(g.AllowedOAuthFlowsUserPoolClient) ||
		aws.ToInt32(g.AccessTokenValidity) != 30 || g.TokenValidityUnits.AccessToken != types.TimeUnitsTypeMinutes {
		t.Errorf("DescribeUserPoolClient = %+v", g)
	}
	upd, err := api.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: &poolID, ClientId: c.ClientId,
		ClientName: aws.String("web2"), RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled,
			RetryGracePeriodSeconds: aws.Int32(10)}})
	if err != nil {
		t.Fatal(err)
	}
	if u := upd.UserPoolClient; aws.ToString(u.ClientName) != "web2" || u.RefreshTokenRotation == nil ||
		u.RefreshTokenRotation.Feature != types.FeatureTypeEnabled || aws.ToString(u.ClientSecret) != aws.ToString(c.ClientSecret) {
		t.Errorf("UpdateUserPoolClient = %+v", u)
	}
	list, err := api.ListUserPoolClients(ctx, &cip.ListUserPoolClientsInput{UserPoolId: &poolID})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.UserPoolClients) != 1 || aws.ToString(list.UserPoolClients[0].ClientName) != "web2" {
		t.Errorf("ListUserPoolClients = %+v", list.UserPoolClients)
	}

	if _, err := api.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: &poolID, GroupName: aws.String("admins"), Precedence: aws.Int32(1)}); err != nil {
		t.Fatal(err)
	}
	_, err = api.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: &poolID, GroupName: aws.String("admins")})
	wantAPIError(t, err, "GroupExistsException")
	groups, err := api.ListGroups(ctx, &cip.ListGroupsInput{UserPoolId: &poolID})
	if err != nil {
		t.Fatal(err)
	}
	if len(groups.Groups) != 1 || aws.ToInt32(groups.Groups[0].Precedence) != 1 {
		t.Errorf("ListGroups = %+v", groups.Groups)
	}

	for name, call := range map[string]func() error{
		"unknown flow": func() error {
			_, err := api.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &poolID, ClientName: aws.String("x"),
				ExplicitAuthFlows: []types.ExplicitAuthFlowsType{"ALLOW_EVERYTHING"}})
			return err
		},
		"validity out of range": func() error {
			_, err := api.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &poolID, ClientName: aws.String("x"),
				AccessTokenValidity: aws.Int32(48)})
			return err
		},
		"grace period too long": func() error {
			_, err := api.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: &poolID, ClientId: c.ClientId,
				RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled, RetryGracePeriodSeconds: aws.Int32(61)}})
			return err
		},
		"bad alias": func() error {
			_, err := api.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("x"), AliasAttributes: []types.AliasAttributeType{"zip"}})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) { wantAPIError(t, call(), "InvalidParameterException") })
	}

	if _, err := api.DeleteUserPool(ctx, &cip.DeleteUserPoolInput{UserPoolId: &poolID}); err != nil {
		t.Fatal(err)
	}
	_, err = api.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &poolID})
	wantAPIError(t, err, "ResourceNotFoundException")
	_, err = api.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: &poolID, ClientId: c.ClientId})
	wantAPIError(t, err, "ResourceNotFoundException")
	_, err = api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: c.ClientId, AuthFlow: types.AuthFlowTypeUserSrpAuth,
		AuthParameters: map[string]string{"USERNAME": "a", "SRP_A": "1"}})
	wantAPIError(t, err, "ResourceNotFoundException")
}

func validPoolShape(id string) bool {
	region, name, ok := strings.Cut(id, "_")
	if !ok || region != "us-east-1" || name == "" {
		return false
	}
	for _, r := range name {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}
