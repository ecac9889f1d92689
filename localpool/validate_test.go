package localpool_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
	"github.com/google/uuid"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// postHTTP sends a raw API call over HTTP to the running pool.
func postHTTP(t testing.TB, p *localpooltest.Pool, op, body string) (*http.Response, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, p.URL+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s answered %d %q: %v", op, resp.StatusCode, raw, err)
	}
	return resp, out
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Each kind of constraint of the model, sent as raw JSON: Cognito checks the
// request against the model before the operation runs, and says so in AWS's words.
func TestInputConstraintsRaw(t *testing.T) {
	p := localpooltest.New(t)
	pool, client := jsonString(p.UserPoolID), jsonString(p.ClientID)
	const poolIDPattern = `Member must satisfy regular expression pattern: [\w-]+_[0-9a-zA-Z]+`
	const namePattern = `Member must satisfy regular expression pattern: [\p{L}\p{M}\p{S}\p{N}\p{P}]+`
	for _, tc := range []struct {
		name, op, body, want string
	}{
		{"required member missing", "UpdateUserAttributes", `{"AccessToken":"a.b.c"}`,
			"1 validation error detected: Value null at 'userAttributes' failed to satisfy constraint: Member must not be null"},
		{"required members missing", "InitiateAuth", `{}`,
			"2 validation errors detected: Value null at 'authFlow' failed to satisfy constraint: Member must not be null; " +
				"Value at 'clientId' failed to satisfy constraint: Member must not be null"},
		{"null is missing", "InitiateAuth", `{"AuthFlow":null,"ClientId":` + client + `}`,
			"1 validation error detected: Value null at 'authFlow' failed to satisfy constraint: Member must not be null"},
		{"lower-case member name", "InitiateAuth", `{"authflow":"USER_PASSWORD_AUTH","ClientId":` + client + `,"AuthParameters":{"USERNAME":"a@b.c","PASSWORD":"Passw0rd!"}}`,
			"1 validation error detected: Value null at 'authFlow' failed to satisfy constraint: Member must not be null"},
		{"lower-case member names", "AdminGetUser", `{"userpoolid":` + pool + `,"username":"a@b.c"}`,
			"2 validation errors detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null; " +
				"Value at 'username' failed to satisfy constraint: Member must not be null"},
		{"Username of 129 characters", "AdminGetUser", `{"UserPoolId":` + pool + `,"Username":"` + strings.Repeat("u", 129) + `"}`,
			"1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128"},
		{"malformed UserPoolId", "DescribeUserPool", `{"UserPoolId":"us-east-1-LocalPool"}`,
			"1 validation error detected: Value 'us-east-1-LocalPool' at 'userPoolId' failed to satisfy constraint: " + poolIDPattern},
		{"UserPoolId with a leading space", "ListGroups", `{"UserPoolId":" ` + p.UserPoolID + `"}`,
			"1 validation error detected: Value ' " + p.UserPoolID + "' at 'userPoolId' failed to satisfy constraint: " + poolIDPattern},
		{"Limit 61", "ListUsers", `{"UserPoolId":` + pool + `,"Limit":61}`,
			"1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60"},
		{"negative Limit", "ListUsers", `{"UserPoolId":` + pool + `,"Limit":-1}`,
			"1 validation error detected: Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 0"},
		{"empty pagination token", "ListUsers", `{"UserPoolId":` + pool + `,"PaginationToken":""}`,
			"2 validation errors detected: Value '' at 'paginationToken' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
				`Value '' at 'paginationToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [\S]+`},
		{"unknown PreventUserExistenceErrors", "CreateUserPoolClient", `{"UserPoolId":` + pool + `,"ClientName":"web","PreventUserExistenceErrors":"Enabled"}`,
			"1 validation error detected: Value 'Enabled' at 'preventUserExistenceErrors' failed to satisfy constraint: Member must satisfy enum value set: [LEGACY, ENABLED]"},
		{"unknown MfaConfiguration", "CreateUserPool", `{"PoolName":"p","MfaConfiguration":"MAYBE"}`,
			"1 validation error detected: Value 'MAYBE' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]"},
		{"unknown enum in a list", "CreateUserPoolClient", `{"UserPoolId":` + pool + `,"ClientName":"web","ExplicitAuthFlows":["ALLOW_USER_SRP_AUTH","ALLOW_MAGIC"]}`,
			"1 validation error detected: Value 'ALLOW_MAGIC' at 'explicitAuthFlows.2.member' failed to satisfy constraint: Member must satisfy enum value set: " +
				"[ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH, ALLOW_ADMIN_USER_PASSWORD_AUTH, ALLOW_CUSTOM_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_AUTH]"},
		{"NUL in a username", "AdminCreateUser", `{"UserPoolId":` + pool + `,"Username":"eve\u0000@example.com"}`,
			"1 validation error detected: Value at 'username' failed to satisfy constraint: " + namePattern},
		{"U+202E in a username", "SignUp", `{"ClientId":` + client + `,"Username":"gpj.exe\u202e@example.com","Password":"Passw0rd!"}`,
			"1 validation error detected: Value at 'username' failed to satisfy constraint: " + namePattern},
		{"U+202E in a group name", "CreateGroup", `{"UserPoolId":` + pool + `,"GroupName":"admins\u202e"}`,
			"1 validation error detected: Value 'admins\u202e' at 'groupName' failed to satisfy constraint: " + namePattern},
		{"NUL in a client name", "CreateUserPoolClient", `{"UserPoolId":` + pool + `,"ClientName":"web\u0000"}`,
			"1 validation error detected: Value 'web\x00' at 'clientName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+"},
		{"NUL in an attribute name", "AdminCreateUser", `{"UserPoolId":` + pool + `,"Username":"eve@example.com","UserAttributes":[{"Name":"email","Value":"eve@example.com"},{"Name":"na\u0000me","Value":"Eve"}]}`,
			"1 validation error detected: Value 'na\x00me' at 'userAttributes.2.member.name' failed to satisfy constraint: " +
				`Member must satisfy regular expression pattern: [\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r ]+`},
		{"nested required member", "AdminCreateUser", `{"UserPoolId":` + pool + `,"Username":"eve@example.com","UserAttributes":[{"Value":"Eve"}]}`,
			"1 validation error detected: Value null at 'userAttributes.1.member.name' failed to satisfy constraint: Member must not be null"},
		{"password with a leading space, value hidden", "ChangePassword", `{"AccessToken":"a.b.c","PreviousPassword":"Old pass1","ProposedPassword":" New pass1"}`,
			`1 validation error detected: Value at 'proposedPassword' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\S]+.*[\S]+$`},
		{"token validity out of range", "CreateUserPoolClient", `{"UserPoolId":` + pool + `,"ClientName":"web","AccessTokenValidity":0,"IdTokenValidity":86401}`,
			"2 validation errors detected: Value '0' at 'accessTokenValidity' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
				"Value '86401' at 'idTokenValidity' failed to satisfy constraint: Member must have value less than or equal to 86400"},
		{"too many list items", "CreateUserPoolClient", `{"UserPoolId":` + pool + `,"ClientName":"web","AllowedOAuthFlows":["code","implicit","client_credentials","code"]}`,
			"1 validation error detected: Value '[code, implicit, client_credentials, code]' at 'allowedOAuthFlows' failed to satisfy constraint: Member must have length less than or equal to 3"},
		{"too few list items", "CreateUserPool", `{"PoolName":"p","Schema":[]}`,
			"1 validation error detected: Value '[]' at 'schema' failed to satisfy constraint: Member must have length greater than or equal to 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, out := postHTTP(t, p, tc.op, tc.body)
			if resp.StatusCode != http.StatusBadRequest || out["__type"] != "InvalidParameterException" || out["message"] != tc.want {
				t.Fatalf("%s %s:\n got %d %v %q\nwant 400 InvalidParameterException %q", tc.op, tc.body, resp.StatusCode, out["__type"], out["message"], tc.want)
			}
			if got := resp.Header.Get("X-Amzn-Errortype"); got != "InvalidParameterException:" {
				t.Errorf("x-amzn-errortype = %q", got)
			}
		})
	}
}

// A sensitive value is never echoed, wherever it is refused.
func TestInputConstraintsHideSecrets(t *testing.T) {
	p := localpooltest.New(t)
	secret := "Secret\x00" + strings.Repeat("s", 300)
	for _, body := range []string{
		`{"ClientId":` + jsonString(p.ClientID) + `,"Username":` + jsonString(secret) + `,"Password":` + jsonString(secret) + `}`,
		`{"AccessToken":` + jsonString(secret) + `,"PreviousPassword":` + jsonString(secret) + `,"ProposedPassword":` + jsonString(secret) + `}`,
	} {
		op := "SignUp"
		if strings.Contains(body, "AccessToken") {
			op = "ChangePassword"
		}
		_, out := postHTTP(t, p, op, body)
		msg, _ := out["message"].(string)
		if out["__type"] != "InvalidParameterException" || !strings.Contains(msg, "validation errors detected") || strings.Contains(msg, "Secret") {
			t.Fatalf("%s: %v", op, out)
		}
	}
}

// Members the model does not name are ignored, as they are by AWS's JSON
// services; the one the model names, spelled exactly, is the one used.
func TestUnknownMembersIgnored(t *testing.T) {
	p := localpooltest.New(t)
	resp, out := postHTTP(t, p, "DescribeUserPool", `{"UserPoolId":`+jsonString(p.UserPoolID)+`,"Bogus":{"deep":[1,2]},"userpoolid":"x_y"}`)
	if resp.StatusCode != http.StatusOK || out["UserPool"].(map[string]any)["Id"] != p.UserPoolID {
		t.Fatalf("DescribeUserPool with unknown members: %d %v", resp.StatusCode, out)
	}
	// A lower-case duplicate cannot override the real member.
	resp, out = postHTTP(t, p, "CreateGroup", `{"UserPoolId":`+jsonString(p.UserPoolID)+`,"GroupName":"readers","groupname":"writers"}`)
	if resp.StatusCode != http.StatusOK || out["Group"].(map[string]any)["GroupName"] != "readers" {
		t.Fatalf("CreateGroup: %d %v", resp.StatusCode, out)
	}
}

// The same refusals through aws-sdk-go-v2, which leaves these checks to the service.
func TestInputConstraintsSDK(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"Username of 129 characters", func() error {
			_, err := api.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(strings.Repeat("u", 129))})
			return err
		}, "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128"},
		{"malformed UserPoolId", func() error {
			_, err := api.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String("LocalPool"), Username: aws.String("a@b.c")})
			return err
		}, `1 validation error detected: Value 'LocalPool' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w-]+_[0-9a-zA-Z]+`},
		{"Limit 61", func() error {
			_, err := api.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: &p.UserPoolID, Limit: aws.Int32(61)})
			return err
		}, "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60"},
		{"empty pagination token", func() error {
			_, err := api.ListGroups(ctx, &cip.ListGroupsInput{UserPoolId: &p.UserPoolID, NextToken: aws.String("")})
			return err
		}, "2 validation errors detected: Value '' at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
			`Value '' at 'nextToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [\S]+`},
		{"PreventUserExistenceErrors Enabled", func() error {
			_, err := api.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &p.UserPoolID, ClientName: aws.String("web"),
				PreventUserExistenceErrors: types.PreventUserExistenceErrorTypes("Enabled")})
			return err
		}, "1 validation error detected: Value 'Enabled' at 'preventUserExistenceErrors' failed to satisfy constraint: Member must satisfy enum value set: [LEGACY, ENABLED]"},
		{"MfaConfiguration MAYBE", func() error {
			_, err := api.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("p"), MfaConfiguration: types.UserPoolMfaType("MAYBE")})
			return err
		}, "1 validation error detected: Value 'MAYBE' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]"},
		{"NUL in a username", func() error {
			_, err := api.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &p.UserPoolID, Username: aws.String("eve\x00@example.com")})
			return err
		}, `1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\p{L}\p{M}\p{S}\p{N}\p{P}]+`},
		{"U+202E in a pool name", func() error {
			_, err := api.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("txt.\u202eexe")})
			return err
		}, "1 validation error detected: Value 'txt.\u202eexe' at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+"},
		{"session too short", func() error {
			_, err := api.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &p.ClientID,
				ChallengeName: types.ChallengeNameTypeNewPasswordRequired, Session: aws.String("short")})
			return err
		}, "1 validation error detected: Value at 'session' failed to satisfy constraint: Member must have length greater than or equal to 20"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var apiErr smithy.APIError
			if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "InvalidParameterException" || apiErr.ErrorMessage() != tc.want {
				t.Fatalf("err = %v\nwant InvalidParameterException: %s", err, tc.want)
			}
		})
	}
}

// Every answer names a request ID, a fresh UUID, which the SDKs report
// (boto3 as ResponseMetadata.RequestId).
func TestRequestID(t *testing.T) {
	p := localpooltest.New(t)
	out, err := p.Admin().DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &p.UserPoolID})
	if err != nil {
		t.Fatal(err)
	}
	sdkID, ok := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	if _, err := uuid.Parse(sdkID); !ok || err != nil {
		t.Fatalf("SDK request ID = %q, %v", sdkID, ok)
	}
	_, err = p.Admin().AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &p.UserPoolID, Username: aws.String("nobody@example.com")})
	var re interface{ ServiceRequestID() string }
	if !errors.As(err, &re) || !isUUID(re.ServiceRequestID()) {
		t.Fatalf("error without request ID: %v", err)
	}

	seen := map[string]bool{sdkID: true, re.ServiceRequestID(): true}
	for _, r := range []struct{ method, path, target, body string }{
		{http.MethodPost, "/", "DescribeUserPool", `{"UserPoolId":"` + p.UserPoolID + `"}`},
		{http.MethodPost, "/", "DescribeUserPool", `{"UserPoolId":"nope"}`},
		{http.MethodPost, "/", "MakeCoffee", `{}`},
		{http.MethodOptions, "/", "", ""},
		{http.MethodGet, "/" + p.UserPoolID + "/.well-known/jwks.json", "", ""},
		{http.MethodGet, "/" + p.UserPoolID + "/.well-known/openid-configuration", "", ""},
		{http.MethodGet, "/nowhere", "", ""},
	} {
		req, err := http.NewRequest(r.method, p.URL+r.path, strings.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		if r.target != "" {
			req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+r.target)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		id := resp.Header.Get("x-amzn-RequestId")
		if u, err := uuid.Parse(id); err != nil || u.Version() != 4 || seen[id] {
			t.Fatalf("%s %s %s: x-amzn-RequestId %q (status %d)", r.method, r.path, r.target, id, resp.StatusCode)
		}
		seen[id] = true
	}
}

func isUUID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil
}

// The hosted UI's forms go through the same model check as API calls.
func TestHostedFormsCheckedAgainstTheModel(t *testing.T) {
	p := newHostedPool(t)
	b := newBrowser(t)
	login := b.follow(p.URL, b.get(p.oauth.AuthCodeURL("s")))
	signup := b.get(p.URL + htmlUnescape(regexpFind(t, login.body, `href="(/signup\?[^"]+)"`)))
	for _, name := range []string{"eve\x00@example.com", "gpj.exe\u202e@example.com", strings.Repeat("e", 120) + "@example.com"} {
		r := b.submit(p.URL, signup, url.Values{"username": {name}, "password": {"Passw0rd!"}})
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, "too long or has characters that are not allowed") {
			t.Errorf("sign-up as %q: %d\n%s", name, r.status, r.body)
		}
	}
	if out, err := p.Admin().ListUsers(ctx, &cip.ListUsersInput{UserPoolId: &p.UserPoolID}); err != nil || len(out.Users) != 0 {
		t.Fatalf("users after refused sign-ups: %v %v", out, err)
	}
}
