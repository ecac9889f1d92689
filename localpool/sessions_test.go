package localpool_test

import (
	"testing"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

func sessionCount(t *testing.T, srv *localpool.Server, poolID string) int {
	t.Helper()
	n, err := localpool.SessionCount(srv, poolID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestExpiredSessionsArePruned signs in 20 times, lets every refresh token
// expire and the day its access tokens may outlive it pass: later sign-ins
// remove the dead sessions.
func TestExpiredSessionsArePruned(t *testing.T) {
	p := localpooltest.New(t)
	const name = "often@example.com"
	p.CreateUser(t, name, password, nil)
	for range 20 {
		mustSignIn(t, p, name, password)
	}
	if n := sessionCount(t, p.Server, p.UserPoolID); n != 20 {
		t.Fatalf("%d sessions after 20 sign-ins", n)
	}
	p.Clock.Advance(30*24*time.Hour + 23*time.Hour) // refresh tokens live 30 days
	mustSignIn(t, p, name, password)
	if n := sessionCount(t, p.Server, p.UserPoolID); n != 21 {
		t.Fatalf("%d sessions: a session was pruned while its access tokens may still be in use", n)
	}
	p.Clock.Advance(2 * time.Hour)
	var res *types.AuthenticationResultType
	for range 3 {
		res = mustSignIn(t, p, name, password)
	}
	if n := sessionCount(t, p.Server, p.UserPoolID); n != 4 {
		t.Errorf("%d sessions after the 20 first ones expired and 4 sign-ins, want the 4 live ones", n)
	}
	// The live sessions still work, and sign out together.
	api := p.Admin()
	if _, err := api.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: res.AccessToken}); err != nil {
		t.Fatal(err)
	}
	_, err := api.GetUser(ctx, &cip.GetUserInput{AccessToken: res.AccessToken})
	wantAPIError(t, err, "NotAuthorizedException")
}

// TestSessionIndexBuiltOnOpen opens a state file written before sessions
// were indexed by user: GlobalSignOut must still end its sessions.
func TestSessionIndexBuiltOnOpen(t *testing.T) {
	dir, clock := t.TempDir(), localpooltest.NewClock()
	srv, err := localpool.Open(localpool.Options{DataDir: dir, Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	poolID, clientID := srv.DefaultPool()
	api := serve(t, srv)
	const name = "old@example.com"
	createUser(t, api, poolID, name)
	first, err := passwordSignIn(api, clientID, name, password)
	if err != nil {
		t.Fatal(err)
	}
	if err := localpool.DropSessionIndexes(srv, poolID); err != nil {
		t.Fatal(err)
	}
	srv = restart(t, srv, dir, clock)
	api = serve(t, srv)
	second, err := passwordSignIn(api, clientID, name, password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: second.AccessToken}); err != nil {
		t.Fatal(err)
	}
	for _, res := range []*types.AuthenticationResultType{first, second} {
		_, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
			AuthParameters: map[string]string{"REFRESH_TOKEN": *res.RefreshToken}})
		wantAPIError(t, err, "NotAuthorizedException")
	}
}
