package localpool_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cognitowasm/cognitowasm/localpool"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// post sends a raw API call and decodes the answer.
func post(t testing.TB, h http.Handler, target, body string) (int, map[string]any) {
	t.Helper()
	code, out, _ := roundTrip(h, apiRequest(target, body))
	return code, out
}

// localRequest is a request to the pool on loopback, the host it answers.
func localRequest(method, path string, body io.Reader) *http.Request {
	return httptest.NewRequest(method, "http://127.0.0.1:9229"+path, body)
}

// apiRequest is a raw API call of the operation target.
func apiRequest(target, body string) *http.Request {
	req := localRequest(http.MethodPost, "/", strings.NewReader(body))
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	return req
}

// roundTrip serves req and decodes the JSON answer.
func roundTrip(h http.Handler, req *http.Request) (int, map[string]any, http.Header) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	out := map[string]any{}
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out, rec.Header()
}

func TestWireErrors(t *testing.T) {
	p := localpooltest.New(t)
	const prefix = "AWSCognitoIdentityProviderService."
	for _, tc := range []struct {
		name, target, body, want string
	}{
		{"malformed JSON", prefix + "SignUp", `{"ClientId":`, "SerializationException"},
		{"wrong JSON type", prefix + "SignUp", `{"ClientId":5}`, "SerializationException"},
		{"unknown operation", prefix + "MakeCoffee", `{}`, "UnknownOperationException"},
		{"no target", "", `{}`, "UnknownOperationException"},
		{"other service", "AmazonS3.GetObject", `{}`, "UnknownOperationException"},
		{"missing field", prefix + "SignUp", `{"ClientId":"` + p.ClientID + `"}`, "InvalidParameterException"},
		{"oversized field", prefix + "SignUp", `{"ClientId":"` + p.ClientID + `","Username":"` + strings.Repeat("a", 200) + `","Password":"x"}`, "InvalidParameterException"},
		{"oversized body", prefix + "SignUp", `{"ClientId":"` + strings.Repeat("a", 70<<10) + `"}`, "InvalidParameterException"},
		{"unknown client", prefix + "SignUp", `{"ClientId":"nope","Username":"a@b.c","Password":"Passw0rd!"}`, "ResourceNotFoundException"},
		{"unknown pool", prefix + "DescribeUserPool", `{"UserPoolId":"us-east-1_Nope"}`, "ResourceNotFoundException"},
		{"weak password", prefix + "SignUp", `{"ClientId":"` + p.ClientID + `","Username":"a@b.c","Password":"password"}`, "InvalidPasswordException"},
		{"username not an email", prefix + "SignUp", `{"ClientId":"` + p.ClientID + `","Username":"bob","Password":"Passw0rd!"}`, "InvalidParameterException"},
		{"unknown flow", prefix + "InitiateAuth", `{"ClientId":"` + p.ClientID + `","AuthFlow":"MAGIC"}`, "InvalidParameterException"},
		{"admin flow on public op", prefix + "InitiateAuth", `{"ClientId":"` + p.ClientID + `","AuthFlow":"ADMIN_USER_PASSWORD_AUTH"}`, "InvalidParameterException"},
		{"unknown challenge", prefix + "RespondToAuthChallenge", `{"ClientId":"` + p.ClientID + `","ChallengeName":"SMS_MFA"}`, "InvalidParameterException"},
		{"bad SRP_A", prefix + "InitiateAuth", `{"ClientId":"` + p.ClientID + `","AuthFlow":"USER_SRP_AUTH","AuthParameters":{"USERNAME":"a@b.c","SRP_A":"zz"}}`, "InvalidParameterException"},
		{"garbage access token", prefix + "GetUser", `{"AccessToken":"a.b.c"}`, "NotAuthorizedException"},
		{"list without max", prefix + "ListUserPools", `{}`, "InvalidParameterException"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out := post(t, p.Server, tc.target, tc.body)
			if code != http.StatusBadRequest || out["__type"] != tc.want || out["message"] == "" {
				t.Fatalf("got %d %v, want 400 %s", code, out, tc.want)
			}
		})
	}
}

func TestCORS(t *testing.T) {
	p := localpooltest.New(t)
	req := localRequest(http.MethodOptions, "/", nil)
	req.Header.Set("Origin", "http://127.0.0.1:8000")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type,x-amz-target,x-amz-user-agent,cache-control,amz-sdk-invocation-id,amz-sdk-request,x-evil")
	rec := httptest.NewRecorder()
	p.Server.ServeHTTP(rec, req)
	h := rec.Header()
	if rec.Code/100 != 2 || h.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(h.Get("Access-Control-Allow-Methods"), "POST") {
		t.Fatalf("preflight: %d %v", rec.Code, h)
	}
	allowed := h.Get("Access-Control-Allow-Headers")
	for _, want := range []string{"content-type", "x-amz-target", "x-amz-user-agent", "cache-control", "amz-sdk-invocation-id", "amz-sdk-request"} {
		if !strings.Contains(allowed, want) {
			t.Errorf("Allow-Headers %q lacks %s", allowed, want)
		}
	}
	if strings.Contains(allowed, "x-evil") {
		t.Errorf("Allow-Headers %q allows x-evil", allowed)
	}
	// Answers, errors included, carry the CORS header too.
	req = localRequest(http.MethodPost, "/", strings.NewReader("{}"))
	req.Header.Set("Origin", "http://127.0.0.1:8000")
	rec = httptest.NewRecorder()
	p.Server.ServeHTTP(rec, req)
	if rec.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("error answer lacks CORS: %v", rec.Header())
	}
	// The inbox holds codes and temporary passwords: other sites' pages must
	// not read it, so it carries no CORS header, not even on a preflight.
	for _, method := range []string{http.MethodGet, http.MethodOptions} {
		req = localRequest(method, "/_local/inbox?username=ann@example.com", nil)
		req.Header.Set("Origin", "http://evil.example")
		req.Header.Set("Access-Control-Request-Method", "GET")
		rec = httptest.NewRecorder()
		p.Server.ServeHTTP(rec, req)
		if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("%s /_local/inbox: Access-Control-Allow-Origin %q, want none", method, got)
		}
	}
}

func TestHTTPSurface(t *testing.T) {
	p := localpooltest.New(t)
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/" + p.UserPoolID + "/.well-known/jwks.json", 200},
		{"/" + p.UserPoolID + "/.well-known/openid-configuration", 200},
		{"/us-east-1_Nope/.well-known/jwks.json", 404},
		{"/_local/inbox", 400},
		{"/_local/inbox?username=nobody@example.com", 400},
		{"/nothing", 404},
		{"/", 400},
	} {
		resp, err := http.Get(p.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("GET %s = %d, want %d", tc.path, resp.StatusCode, tc.want)
		}
	}
}

func TestIssuerBase(t *testing.T) {
	srv, err := localpool.Open(localpool.Options{DataDir: t.TempDir(), IssuerBase: "https://auth.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	poolID, _ := srv.DefaultPool()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "https://auth.example.com/"+poolID+"/.well-known/openid-configuration", nil)
	srv.ServeHTTP(rec, req)
	var oidc map[string]any
	json.Unmarshal(rec.Body.Bytes(), &oidc)
	if oidc["issuer"] != "https://auth.example.com/"+poolID || oidc["jwks_uri"] != "https://auth.example.com/"+poolID+"/.well-known/jwks.json" {
		t.Fatalf("openid-configuration = %v", oidc)
	}
}

// FuzzHandler sends arbitrary operations and bodies: the answer is never a 5xx.
func FuzzHandler(f *testing.F) {
	srv, err := localpool.Open(localpool.Options{DataDir: f.TempDir(), Clock: localpooltest.NewClock().Now})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Close() })
	poolID, clientID := srv.DefaultPool()
	ops := []string{"SignUp", "ConfirmSignUp", "InitiateAuth", "RespondToAuthChallenge", "AdminCreateUser", "ListUsers", "GetUser",
		"GetTokensFromRefreshToken", "RevokeToken", "CreateUserPoolClient", "UpdateUserPoolClient", "ListGroups", "ForgotPassword",
		"AdminInitiateAuth", "ChangePassword", "DescribeUserPool", "CreateUserPool", "Nope",
		"AddCustomAttributes", "UpdateUserPool", "GetGroup", "UpdateGroup", "DeleteGroup", "ListUsersInGroup", "AdminListGroupsForUser",
		"AdminRemoveUserFromGroup", "AdminUpdateUserAttributes", "AdminDeleteUserAttributes", "AdminResetUserPassword",
		"ConfirmForgotPassword", "ResendConfirmationCode", "SetUserPoolMfaConfig", "CreateUserPoolDomain", "CreateResourceServer",
		"ListResourceServers", "ListUserPools", "SetUserMFAPreference", "AdminSetUserMFAPreference", "ConfirmDevice", "AdminListDevices",
		"AssociateSoftwareToken", "VerifySoftwareToken", "DescribeUserPoolClient"}
	bodies := []string{"", "{}", "null", "[]", `{"ClientId":"` + clientID + `"}`, `{"UserPoolId":"` + poolID + `","Username":"a@b.c"}`,
		`{"ClientId":"` + clientID + `","Username":"fuzz@example.com","Password":"Passw0rd!"}`,
		`{"ClientId":"` + clientID + `","AuthFlow":"USER_SRP_AUTH","AuthParameters":{"USERNAME":"fuzz@example.com","SRP_A":"0"}}`,
		`{"ClientId":"` + clientID + `","AuthFlow":"USER_AUTH","AuthParameters":{"USERNAME":"nobody@example.com","PREFERRED_CHALLENGE":"EMAIL_OTP"}}`,
		`{"ClientId":"` + clientID + `","ChallengeName":"EMAIL_OTP","Session":"` + poolID + `.AAAAAAAAAAAAAAAAAAAAAAAA","ChallengeResponses":{"USERNAME":"nobody@example.com","EMAIL_OTP_CODE":"123456"}}`,
		`{"ClientId":"` + clientID + `","Username":"nobody@example.com","ConfirmationCode":"123456","Password":"Passw0rd!"}`,
		`{"ClientId":"` + clientID + `","ChallengeName":"PASSWORD_VERIFIER","ChallengeResponses":{"USERNAME":"x","PASSWORD_CLAIM_SECRET_BLOCK":"AAAA","PASSWORD_CLAIM_SIGNATURE":"AAAA","TIMESTAMP":"Mon Jan 2 03:04:05 UTC 2026"}}`,
		`{"ClientId":"` + clientID + `","ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"AAAA","ChallengeResponses":{"USERNAME":"x","NEW_PASSWORD":"Passw0rd!"}}`,
		`{"ClientId":"` + clientID + `","RefreshToken":"YQ.Yg.` + strings.Repeat("A", 43) + `"}`,
		`{"UserPoolId":"` + poolID + `","ClientName":"x","AccessTokenValidity":-1,"TokenValidityUnits":{"AccessToken":"weeks"}}`,
		`{"UserPoolId":"` + poolID + `","Filter":"email ^= \"\\\""}`, `{"UserPoolId":"` + poolID + `","MaxResults":100000}`,
		`{"UserPoolId":"` + poolID + `","CustomAttributes":[{"Name":"n","AttributeDataType":"Number","NumberAttributeConstraints":{"MinValue":"1","MaxValue":"0"}}]}`,
		`{"UserPoolId":"` + poolID + `","Username":"a@b.c","GroupName":"g","UserAttributes":[{"Name":"custom:n","Value":"1e9"}]}`,
	}
	for _, op := range ops {
		for _, b := range bodies {
			f.Add(op, []byte(b))
		}
	}
	f.Fuzz(func(t *testing.T, op string, body []byte) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, apiRequest("AWSCognitoIdentityProviderService."+op, string(body)))
		if rec.Code >= 500 {
			t.Fatalf("%s %q: status %d %s", op, body, rec.Code, rec.Body)
		}
	})
}
