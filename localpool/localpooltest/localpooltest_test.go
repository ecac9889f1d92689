package localpooltest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// signIn signs username in with USER_PASSWORD_AUTH and returns the access
// token's iat.
func signIn(t *testing.T, p *localpooltest.Pool, username, password string) time.Time {
	t.Helper()
	out, err := p.Admin().InitiateAuth(context.Background(), &cip.InitiateAuthInput{
		ClientId:       aws.String(p.ClientID),
		AuthFlow:       types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password},
	})
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(aws.ToString(out.AuthenticationResult.AccessToken), ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims struct{ Iat int64 }
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	return time.Unix(claims.Iat, 0)
}

func TestClocks(t *testing.T) {
	fake := localpooltest.New(t)
	fake.CreateUser(t, "ann@example.com", "Ann-Passw0rd", nil)
	if iat := signIn(t, fake, "ann@example.com", "Ann-Passw0rd"); !iat.Equal(localpooltest.Start) {
		t.Errorf("fake clock: iat = %v, want %v", iat, localpooltest.Start)
	}

	live := localpooltest.NewWithOptions(t, localpooltest.Options{Clock: time.Now})
	if live.Clock != nil {
		t.Error("Pool.Clock is set with the real clock")
	}
	live.CreateUser(t, "bob@example.com", "Bob-Passw0rd", nil)
	before := time.Now().Truncate(time.Second)
	if iat := signIn(t, live, "bob@example.com", "Bob-Passw0rd"); iat.Before(before) || iat.After(time.Now()) {
		t.Errorf("real clock: iat = %v, want about %v", iat, before)
	}
}

func TestCalls(t *testing.T) {
	p := localpooltest.New(t)
	p.CreateUser(t, "ann@example.com", "Ann-Passw0rd", nil)
	signIn(t, p, "ann@example.com", "Ann-Passw0rd")
	want := []localpooltest.Call{
		{Operation: "AdminCreateUser"},
		{Operation: "AdminSetUserPassword"},
		{Operation: "InitiateAuth", AuthFlow: "USER_PASSWORD_AUTH"},
	}
	got := p.Calls()
	if len(got) != len(want) {
		t.Fatalf("Calls() = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Calls()[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}
