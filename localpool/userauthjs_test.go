//go:build !js

package localpool_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/internal/jstest"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// TestAmplifyUserAuth has Amplify v6 sign in with USER_AUTH and an email
// code from the inbox, answer SELECT_CHALLENGE with each factor, and
// refresh twice through GetTokensFromRefreshToken on a client that rotates
// refresh tokens with no grace period.
func TestAmplifyUserAuth(t *testing.T) {
	modules := jstest.Modules(t)
	p := localpooltest.NewWithOptions(t, localpooltest.Options{Clock: time.Now})
	const name = "amplify-otp@example.com"
	p.CreateUser(t, name, password, nil)
	rotating, _ := p.NewClient(t, cip.CreateUserPoolClientInput{ClientName: aws.String("rotating"),
		ExplicitAuthFlows:    []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
		RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled, RetryGracePeriodSeconds: aws.Int32(0)}})
	// Count the refreshes as the pool sees them.
	var mu sync.Mutex
	ops := map[string]int{}
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, op, ok := strings.Cut(r.Header.Get("X-Amz-Target"), "."); ok {
			mu.Lock()
			ops[op]++
			mu.Unlock()
		}
		p.Server.ServeHTTP(w, r)
	}))
	defer proxy.Close()

	runNode(t, modules, "userauth.js", 5, "ENDPOINT="+proxy.URL, "POOL_ID="+p.UserPoolID, "CLIENT_ID="+p.ClientID,
		"ROTATING_CLIENT_ID="+rotating, "PASSWORD="+password, "USERNAME="+name)
	mu.Lock()
	defer mu.Unlock()
	if ops["GetTokensFromRefreshToken"] != 2 {
		t.Fatalf("GetTokensFromRefreshToken calls = %d, want 2 (%v)", ops["GetTokensFromRefreshToken"], ops)
	}
}
