package localpool_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

var ctx = context.Background()

func passwordSignIn(api *cip.Client, clientID, username, pw string) (*types.AuthenticationResultType, error) {
	out, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": pw}})
	if err != nil {
		return nil, err
	}
	return out.AuthenticationResult, nil
}

func mustSignIn(t testing.TB, p *localpooltest.Pool, username, pw string) *types.AuthenticationResultType {
	t.Helper()
	res, err := passwordSignIn(p.Admin(), p.ClientID, username, pw)
	if err != nil {
		t.Fatalf("sign in %s: %v", username, err)
	}
	if res == nil {
		t.Fatalf("sign in %s: no tokens", username)
	}
	return res
}

// claims decodes a JWT's payload without verifying it (the tests that verify are separate).
func claims(t testing.TB, token *string) map[string]any {
	t.Helper()
	parts := strings.Split(aws.ToString(token), ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", aws.ToString(token))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func attrs(list []types.AttributeType) map[string]string {
	m := map[string]string{}
	for _, a := range list {
		m[aws.ToString(a.Name)] = aws.ToString(a.Value)
	}
	return m
}

func getJSON(t testing.TB, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func isAPIError(err error, typ string) bool {
	var apiErr interface{ ErrorCode() string }
	return errors.As(err, &apiErr) && apiErr.ErrorCode() == typ
}
