//go:build !js

package localpool_test

import (
	"bufio"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
	"github.com/cognitowasm/cognitowasm/srp"
)

// serve starts srv on httptest and returns an SDK client for it.
func serve(t *testing.T, srv *localpool.Server) *cip.Client {
	t.Helper()
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(hs.URL), HTTPClient: hs.Client(),
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")})
}

// restart closes srv and opens its data dir again; the new server closes
// when the test ends.
func restart(t *testing.T, srv *localpool.Server, dir string, clock *localpooltest.Clock) *localpool.Server {
	t.Helper()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	srv, err := localpool.Open(localpool.Options{DataDir: dir, Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// createUser makes a confirmed user with the test password.
func createUser(t *testing.T, api *cip.Client, poolID, name string) {
	t.Helper()
	if _, err := api.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &poolID, Username: &name,
		TemporaryPassword: aws.String(password), MessageAction: types.MessageActionTypeSuppress}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &poolID, Username: &name,
		Password: aws.String(password), Permanent: true}); err != nil {
		t.Fatal(err)
	}
}

func TestRestartKeepsState(t *testing.T) {
	dir := t.TempDir()
	clock := localpooltest.NewClock()
	srv, err := localpool.Open(localpool.Options{DataDir: dir, Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	poolID, clientID := srv.DefaultPool()
	api := serve(t, srv)
	createUser(t, api, poolID, "keep@example.com")
	if _, err := api.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: &poolID, GroupName: aws.String("staff")}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.AdminAddUserToGroup(ctx, &cip.AdminAddUserToGroupInput{UserPoolId: &poolID, Username: aws.String("keep@example.com"),
		GroupName: aws.String("staff")}); err != nil {
		t.Fatal(err)
	}
	before, err := passwordSignIn(api, clientID, "keep@example.com", password)
	if err != nil {
		t.Fatal(err)
	}
	srv = restart(t, srv, dir, clock)
	if p2, c2 := srv.DefaultPool(); p2 != poolID || c2 != clientID {
		t.Fatalf("default pool changed: %s %s", p2, c2)
	}
	api = serve(t, srv)
	after, err := passwordSignIn(api, clientID, "keep@example.com", password)
	if err != nil {
		t.Fatal(err)
	}
	if g, _ := claims(t, after.IdToken)["cognito:groups"].([]any); len(g) != 1 || g[0] != "staff" {
		t.Errorf("groups after restart = %v", g)
	}
	// The key survived too: the old access token and refresh token still work.
	if _, err := api.GetUser(ctx, &cip.GetUserInput{AccessToken: before.AccessToken}); err != nil {
		t.Errorf("old access token after restart: %v", err)
	}
	if _, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": *before.RefreshToken}}); err != nil {
		t.Errorf("old refresh token after restart: %v", err)
	}
}

// TestCrashKeepsAcknowledgedWrites kills a pool process with SIGKILL right
// after its writes were acknowledged, then reopens the data dir.
func TestCrashKeepsAcknowledgedWrites(t *testing.T) {
	if dir := os.Getenv("LOCALPOOL_CRASH_DIR"); dir != "" {
		crashChild(dir)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashKeepsAcknowledgedWrites$")
	cmd.Env = append(os.Environ(), "LOCALPOOL_CRASH_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	acked := 0
	for sc.Scan() && acked < 20 {
		if strings.HasPrefix(sc.Text(), "acked ") {
			acked++
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if acked < 20 {
		t.Fatalf("child acknowledged only %d writes", acked)
	}
	srv, err := localpool.Open(localpool.Options{DataDir: dir})
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer srv.Close()
	poolID, clientID := srv.DefaultPool()
	api := serve(t, srv)
	for i := range acked {
		name := fmt.Sprintf("crash%d@example.com", i)
		if _, err := api.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &poolID, Username: &name}); err != nil {
			t.Errorf("acknowledged user %s lost: %v", name, err)
		}
	}
	if _, err := passwordSignIn(api, clientID, "crash0@example.com", password); err != nil {
		t.Errorf("sign-in after crash: %v", err)
	}
}

// crashChild writes users forever, printing each acknowledged one, until killed.
func crashChild(dir string) {
	srv, err := localpool.Open(localpool.Options{DataDir: dir})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	hs := httptest.NewServer(srv)
	poolID, _ := srv.DefaultPool()
	api := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(hs.URL), HTTPClient: hs.Client(),
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")})
	for i := 0; ; i++ {
		name := fmt.Sprintf("crash%d@example.com", i)
		_, err := api.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &poolID, Username: &name,
			TemporaryPassword: aws.String(password), MessageAction: types.MessageActionTypeSuppress})
		if err == nil {
			_, err = api.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &poolID, Username: &name,
				Password: aws.String(password), Permanent: true})
		}
		if err != nil {
			fmt.Println("write:", err)
			os.Exit(1)
		}
		fmt.Println("acked", name)
	}
}

// TestConcurrentSignUps runs 200 parallel sign-ups and sign-ins.
func TestConcurrentSignUps(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	const n = 200
	subs := make([]string, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("user%03d@example.com", i)
			out, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &p.ClientID, Username: &name, Password: aws.String(password)})
			if err == nil {
				subs[i] = aws.ToString(out.UserSub)
				_, err = api.AdminConfirmSignUp(ctx, &cip.AdminConfirmSignUpInput{UserPoolId: &p.UserPoolID, Username: &name})
			}
			if err == nil {
				if i%2 == 0 {
					_, err = srpSignIn(t, p, api, p.ClientID, name, password)
				} else {
					_, err = passwordSignIn(api, p.ClientID, name, password)
				}
			}
			// A second sign-up of the same name must fail, never duplicate.
			if err == nil {
				_, dup := api.SignUp(ctx, &cip.SignUpInput{ClientId: &p.ClientID, Username: &name, Password: aws.String(password)})
				if !isAPIError(dup, "UsernameExistsException") {
					err = fmt.Errorf("duplicate sign-up of %s: %v", name, dup)
				}
			}
			if err != nil {
				errs <- fmt.Errorf("%s: %w", name, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	seen := map[string]bool{}
	var token *string
	for {
		out, err := api.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: &p.UserPoolID, PaginationToken: token})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range out.Users {
			if seen[aws.ToString(u.Username)] {
				t.Errorf("user %s listed twice", aws.ToString(u.Username))
			}
			seen[aws.ToString(u.Username)] = true
			if u.UserStatus != types.UserStatusTypeConfirmed {
				t.Errorf("user %s is %s", aws.ToString(u.Username), u.UserStatus)
			}
		}
		if token = out.PaginationToken; token == nil {
			break
		}
	}
	if len(seen) != n {
		t.Errorf("%d users listed, want %d", len(seen), n)
	}
	for _, sub := range subs {
		if !seen[sub] {
			t.Errorf("user %s lost", sub)
		}
	}
}

// TestFailedSeedLeavesDataDirNew checks that a seed that fails on a new data
// dir leaves nothing behind, so the next start with a fixed seed succeeds.
func TestFailedSeedLeavesDataDirNew(t *testing.T) {
	dir := t.TempDir()
	seed := func(pw string) *localpool.Config {
		return &localpool.Config{Pools: []localpool.PoolConfig{{Name: "Seeded",
			Users: []localpool.UserConfig{{Username: "seed@example.com", Password: pw}}}}}
	}
	if srv, err := localpool.Open(localpool.Options{DataDir: dir, Seed: seed("weak")}); err == nil {
		srv.Close()
		t.Fatal("Open with a seed user whose password breaks the policy succeeded")
	}
	srv, err := localpool.Open(localpool.Options{DataDir: dir, Seed: seed(password)})
	if err != nil {
		t.Fatalf("Open after a failed seed: %v", err)
	}
	srv.Close()
}

// TestSecretBlockDoesNotOutliveRestart checks that a SECRET_BLOCK issued
// before a restart is refused after it: spent blocks are remembered in
// memory only, so a block from an earlier process could otherwise be
// replayed.
func TestSecretBlockDoesNotOutliveRestart(t *testing.T) {
	dir := t.TempDir()
	clock := localpooltest.NewClock()
	srv, err := localpool.Open(localpool.Options{DataDir: dir, Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	poolID, clientID := srv.DefaultPool()
	const name = "restart-srp@example.com"
	api := serve(t, srv)
	createUser(t, api, poolID, name)
	client, err := srp.NewClient(nil)
	if err != nil {
		t.Fatal(err)
	}
	start, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeUserSrpAuth,
		AuthParameters: map[string]string{"USERNAME": name, "SRP_A": client.A()}})
	if err != nil {
		t.Fatal(err)
	}
	pr := start.ChallengeParameters
	claim, err := client.Claim(srp.UserIdentity(poolID, pr["USER_ID_FOR_SRP"]), password,
		srp.Challenge{Salt: pr["SALT"], B: pr["SRP_B"], SecretBlock: pr["SECRET_BLOCK"]}, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	srv = restart(t, srv, dir, clock)
	_, err = serve(t, srv).RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &clientID,
		ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeResponses: map[string]string{"USERNAME": pr["USERNAME"],
			"PASSWORD_CLAIM_SECRET_BLOCK": claim.SecretBlock, "PASSWORD_CLAIM_SIGNATURE": claim.Signature, "TIMESTAMP": claim.Timestamp}})
	wantAPIError(t, err, "NotAuthorizedException")
}
