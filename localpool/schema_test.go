package localpool_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// newPool creates a second pool configured by in, with a client that allows
// password sign-in, and returns their IDs.
func newPool(t *testing.T, p *localpooltest.Pool, in *cip.CreateUserPoolInput) (poolID, clientID string) {
	t.Helper()
	if in.PoolName == nil {
		in.PoolName = aws.String("second")
	}
	created, err := p.Admin().CreateUserPool(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	poolID = aws.ToString(created.UserPool.Id)
	clientID, _ = p.NewClient(t, cip.CreateUserPoolClientInput{UserPoolId: &poolID, ExplicitAuthFlows: []types.ExplicitAuthFlowsType{
		types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
	return poolID, clientID
}

func attributeList(kv ...string) []types.AttributeType {
	var list []types.AttributeType
	for i := 0; i+1 < len(kv); i += 2 {
		list = append(list, types.AttributeType{Name: aws.String(kv[i]), Value: aws.String(kv[i+1])})
	}
	return list
}

func TestCustomAttributeSchema(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	poolID, clientID := newPool(t, p, &cip.CreateUserPoolInput{Schema: []types.SchemaAttributeType{
		{Name: aws.String("oshi"), AttributeDataType: types.AttributeDataTypeString, Mutable: aws.Bool(true),
			StringAttributeConstraints: &types.StringAttributeConstraintsType{MinLength: aws.String("1"), MaxLength: aws.String("16")}},
		{Name: aws.String("level"), AttributeDataType: types.AttributeDataTypeNumber, Mutable: aws.Bool(false),
			NumberAttributeConstraints: &types.NumberAttributeConstraintsType{MinValue: aws.String("0"), MaxValue: aws.String("100")}},
		{Name: aws.String("name"), AttributeDataType: types.AttributeDataTypeString, Required: aws.Bool(true)},
	}})

	desc, err := api.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &poolID})
	if err != nil {
		t.Fatal(err)
	}
	schema := map[string]types.SchemaAttributeType{}
	for _, a := range desc.UserPool.SchemaAttributes {
		schema[aws.ToString(a.Name)] = a
	}
	if a := schema["custom:oshi"]; a.AttributeDataType != types.AttributeDataTypeString || !aws.ToBool(a.Mutable) ||
		a.StringAttributeConstraints == nil || aws.ToString(a.StringAttributeConstraints.MaxLength) != "16" {
		t.Errorf("custom:oshi = %+v", a)
	}
	if a := schema["custom:level"]; a.AttributeDataType != types.AttributeDataTypeNumber || aws.ToBool(a.Mutable) {
		t.Errorf("custom:level = %+v", a)
	}
	if !aws.ToBool(schema["name"].Required) || aws.ToBool(schema["sub"].Mutable) {
		t.Errorf("standard attributes = %+v / %+v", schema["name"], schema["sub"])
	}

	signUp := func(attrs ...string) error {
		_, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &clientID, Username: aws.String("fan"), Password: aws.String(password),
			UserAttributes: attributeList(attrs...)})
		return err
	}
	wantAPIErrorMessage(t, signUp("custom:oshi", "Yoshino"), "InvalidParameterException",
		"Attributes did not conform to the schema: name: The attribute is required")
	wantAPIErrorMessage(t, signUp("name", "Fan", "custom:x", "1"), "InvalidParameterException", "Attribute does not exist in the schema.")
	wantAPIError(t, signUp("name", "Fan", "custom:oshi", strings.Repeat("y", 17)), "InvalidParameterException")
	wantAPIError(t, signUp("name", "Fan", "custom:oshi", ""), "InvalidParameterException")
	wantAPIError(t, signUp("name", "Fan", "custom:level", "high"), "InvalidParameterException")
	wantAPIError(t, signUp("name", "Fan", "custom:level", "101"), "InvalidParameterException")
	wantAPIError(t, signUp("name", "Fan", "custom:level", "1e999999999"), "InvalidParameterException")
	if err := signUp("name", "Fan", "custom:oshi", "Yoshino Aoyama", "custom:level", "42"); err != nil {
		t.Fatal(err)
	}
	if _, err := api.AdminConfirmSignUp(ctx, &cip.AdminConfirmSignUpInput{UserPoolId: &poolID, Username: aws.String("fan")}); err != nil {
		t.Fatal(err)
	}

	// Tokens carry custom attributes as strings, whatever their type.
	res, err := passwordSignIn(api, clientID, "fan", password)
	if err != nil {
		t.Fatal(err)
	}
	id := claims(t, res.IdToken)
	if id["custom:level"] != "42" || id["custom:oshi"] != "Yoshino Aoyama" {
		t.Errorf("ID token custom claims = %v / %v", id["custom:level"], id["custom:oshi"])
	}

	update := func(kv ...string) error {
		_, err := api.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{AccessToken: res.AccessToken, UserAttributes: attributeList(kv...)})
		return err
	}
	wantAPIErrorMessage(t, update("custom:level", "43"), "InvalidParameterException", "Cannot modify the non-mutable attribute custom:level.")
	wantAPIErrorMessage(t, update("custom:dept", "sales"), "InvalidParameterException", "Attribute does not exist in the schema.")
	_, err = api.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: &poolID, Username: aws.String("fan"),
		UserAttributes: attributeList("custom:nope", "1")})
	wantAPIErrorMessage(t, err, "InvalidParameterException", "Attribute does not exist in the schema.")
	if err := update("custom:oshi", "Aoyama"); err != nil {
		t.Fatal(err)
	}

	// AddCustomAttributes extends the schema; names stay unique.
	add := func(a types.SchemaAttributeType) error {
		_, err := api.AddCustomAttributes(ctx, &cip.AddCustomAttributesInput{UserPoolId: &poolID, CustomAttributes: []types.SchemaAttributeType{a}})
		return err
	}
	if err := add(types.SchemaAttributeType{Name: aws.String("dept"), AttributeDataType: types.AttributeDataTypeString}); err != nil {
		t.Fatal(err)
	}
	if err := add(types.SchemaAttributeType{Name: aws.String("tier"), AttributeDataType: types.AttributeDataTypeString, DeveloperOnlyAttribute: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, update("custom:tier", "gold"), "NotAuthorizedException")
	if _, err := api.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: &poolID, Username: aws.String("fan"),
		UserAttributes: attributeList("custom:tier", "gold")}); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, add(types.SchemaAttributeType{Name: aws.String("dept"), AttributeDataType: types.AttributeDataTypeString}), "InvalidParameterException")
	wantAPIError(t, add(types.SchemaAttributeType{Name: aws.String("must"), AttributeDataType: types.AttributeDataTypeString, Required: aws.Bool(true)}),
		"InvalidParameterException")
	wantAPIError(t, add(types.SchemaAttributeType{Name: aws.String(strings.Repeat("n", 21)), AttributeDataType: types.AttributeDataTypeString}),
		"InvalidParameterException")
	_, err = api.AddCustomAttributes(ctx, &cip.AddCustomAttributesInput{UserPoolId: aws.String("us-east-1_nothere"),
		CustomAttributes: []types.SchemaAttributeType{{Name: aws.String("x"), AttributeDataType: types.AttributeDataTypeString}}})
	wantAPIError(t, err, "ResourceNotFoundException")
	if err := update("custom:dept", "sales"); err != nil {
		t.Fatal(err)
	}
	got, err := api.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &poolID, Username: aws.String("fan")})
	if err != nil {
		t.Fatal(err)
	}
	if a := attrs(got.UserAttributes); a["custom:dept"] != "sales" || a["custom:oshi"] != "Aoyama" || a["custom:level"] != "42" {
		t.Errorf("attributes = %v", a)
	}
}

func TestUpdateUserPool(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	_, err := api.UpdateUserPool(ctx, &cip.UpdateUserPoolInput{UserPoolId: &p.UserPoolID,
		Policies:               &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{MinimumLength: aws.Int32(12), RequireNumbers: true}},
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		UserAttributeUpdateSettings: &types.UserAttributeUpdateSettingsType{
			AttributesRequireVerificationBeforeUpdate: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}}})
	if err != nil {
		t.Fatal(err)
	}
	desc, err := api.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &p.UserPoolID})
	if err != nil {
		t.Fatal(err)
	}
	pool := desc.UserPool
	if pp := pool.Policies.PasswordPolicy; aws.ToInt32(pp.MinimumLength) != 12 || pp.RequireSymbols || len(pool.UsernameAttributes) != 1 ||
		pool.UserAttributeUpdateSettings == nil || len(pool.UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate) != 1 {
		t.Fatalf("after UpdateUserPool: %+v", pool)
	}
	_, err = api.SignUp(ctx, &cip.SignUpInput{ClientId: &p.ClientID, Username: aws.String("short@example.com"), Password: aws.String("Passw0rd!")})
	wantAPIError(t, err, "InvalidPasswordException")

	// As in Cognito, what an update leaves out goes back to its default.
	if _, err := api.UpdateUserPool(ctx, &cip.UpdateUserPoolInput{UserPoolId: &p.UserPoolID}); err != nil {
		t.Fatal(err)
	}
	desc, _ = api.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &p.UserPoolID})
	if pp := desc.UserPool.Policies.PasswordPolicy; aws.ToInt32(pp.MinimumLength) != 8 || !pp.RequireSymbols ||
		len(desc.UserPool.AutoVerifiedAttributes) != 0 || desc.UserPool.UserAttributeUpdateSettings != nil {
		t.Fatalf("after an empty UpdateUserPool: %+v", desc.UserPool)
	}

	// Verification before update needs the attribute to be auto-verified.
	_, err = api.UpdateUserPool(ctx, &cip.UpdateUserPoolInput{UserPoolId: &p.UserPoolID,
		UserAttributeUpdateSettings: &types.UserAttributeUpdateSettingsType{
			AttributesRequireVerificationBeforeUpdate: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}}})
	wantAPIError(t, err, "InvalidParameterException")
	_, err = api.UpdateUserPool(ctx, &cip.UpdateUserPoolInput{UserPoolId: aws.String("us-east-1_nothere")})
	wantAPIError(t, err, "ResourceNotFoundException")
}

// TestSeedSchema: a seed file gives the default pool the tutorial's custom:oshi.
func TestSeedSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.json")
	seed := `{"Pools": [{"Name": "LocalPool", "Schema": [{"Name": "oshi", "AttributeDataType": "String", "Mutable": true}],
		"Users": [{"Username": "fan@example.com", "Password": "Passw0rd!", "Attributes": {"custom:oshi": "Yoshino Aoyama"}}]}]}`
	if err := os.WriteFile(path, []byte(seed), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := localpool.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	p := localpooltest.NewWithOptions(t, localpooltest.Options{Seed: cfg})
	res, err := passwordSignIn(p.Admin(), p.ClientID, "fan@example.com", "Passw0rd!")
	if err != nil {
		t.Fatal(err)
	}
	if got := claims(t, res.IdToken)["custom:oshi"]; got != "Yoshino Aoyama" {
		t.Fatalf("custom:oshi = %v", got)
	}
}

// TestSeedMeetsTheModel: a seed's pools, clients and groups meet the
// constraints of the API calls that would make them, with the same answers.
func TestSeedMeetsTheModel(t *testing.T) {
	open := func(pc localpool.PoolConfig) error {
		srv, err := localpool.Open(localpool.Options{DataDir: t.TempDir(), Seed: &localpool.Config{Pools: []localpool.PoolConfig{pc}}})
		if err == nil {
			srv.Close()
		}
		return err
	}
	if err := open(localpool.PoolConfig{Name: "Seeded", Clients: []localpool.ClientConfig{{ClientName: "web"}},
		Groups: []localpool.GroupConfig{{GroupName: "admins"}}}); err != nil {
		t.Fatalf("a valid seed: %v", err)
	}
	for _, tc := range []struct {
		name string
		pool localpool.PoolConfig
		want string
	}{
		{"a group name with a space", localpool.PoolConfig{Name: "Seeded", Groups: []localpool.GroupConfig{{GroupName: "two words"}}},
			"at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern"},
		{"a client name with a NUL", localpool.PoolConfig{Name: "Seeded", Clients: []localpool.ClientConfig{{ClientName: "we\x00b"}}},
			"at 'clientName' failed to satisfy constraint: Member must satisfy regular expression pattern"},
		{"an unknown auth flow", localpool.PoolConfig{Name: "Seeded", Clients: []localpool.ClientConfig{{ClientName: "web",
			ExplicitAuthFlows: []string{"ALLOW_EVERYTHING"}}}}, "Member must satisfy enum value set"},
		{"a pool name too long", localpool.PoolConfig{Id: "us-east-1_Seeded", Name: strings.Repeat("p", 129)},
			"at 'poolName' failed to satisfy constraint: Member must have length less than or equal to 128"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := open(tc.pool)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Open = %v, want an error with %q", err, tc.want)
			}
		})
	}
}
