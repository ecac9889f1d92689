//go:build !js

package localpool_test

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
	"github.com/cognitowasm/cognitowasm/srp"
)

// benchPool is a pool on loopback with the real clock and some users.
type benchPool struct {
	*localpooltest.Pool
	api   *cip.Client
	users []string
}

func newBenchPool(tb testing.TB, users int) *benchPool {
	tb.Helper()
	p := localpooltest.New(tb)
	b := &benchPool{Pool: p, api: p.Admin()}
	for i := range users {
		name := fmt.Sprintf("bench%d@example.com", i)
		p.CreateUser(tb, name, password, nil)
		b.users = append(b.users, name)
	}
	return b
}

// signInSRP is one full USER_SRP_AUTH sign-in, the client's math included.
func (b *benchPool) signInSRP(username string) error {
	client, err := srp.NewClient(nil)
	if err != nil {
		return err
	}
	return b.signInSRPWith(client, username)
}

// preparedClients makes n SRP clients (their secret a and A = g^a) ahead,
// as the module's PrepareSignIn and amazon-cognito-identity-js do before
// the user submits; each is used for one sign-in only.
func preparedClients(tb testing.TB, n int) chan *srp.Client {
	tb.Helper()
	ready := make(chan *srp.Client, n)
	for range n {
		c, err := srp.NewClient(nil)
		if err != nil {
			tb.Fatal(err)
		}
		ready <- c
	}
	return ready
}

// signInSRPPrepared is signInSRP with a client made ahead (a fresh one once
// those run out), so the two cores spend the timed window on the pool's
// work and the client's claim, not on the clients' A.
func (b *benchPool) signInSRPPrepared(ready chan *srp.Client) func(string) error {
	return func(username string) error {
		select {
		case client := <-ready:
			return b.signInSRPWith(client, username)
		default:
			return b.signInSRP(username)
		}
	}
}

func (b *benchPool) signInSRPWith(client *srp.Client, username string) error {
	start, err := b.api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &b.ClientID, AuthFlow: types.AuthFlowTypeUserSrpAuth,
		AuthParameters: map[string]string{"USERNAME": username, "SRP_A": client.A()}})
	if err != nil {
		return err
	}
	pr := start.ChallengeParameters
	claim, err := client.Claim(srp.UserIdentity(b.UserPoolID, pr["USER_ID_FOR_SRP"]), password,
		srp.Challenge{Salt: pr["SALT"], B: pr["SRP_B"], SecretBlock: pr["SECRET_BLOCK"]}, b.Clock.Now())
	if err != nil {
		return err
	}
	out, err := b.api.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &b.ClientID,
		ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeResponses: map[string]string{"USERNAME": pr["USERNAME"],
			"PASSWORD_CLAIM_SECRET_BLOCK": claim.SecretBlock, "PASSWORD_CLAIM_SIGNATURE": claim.Signature, "TIMESTAMP": claim.Timestamp}})
	if err == nil && out.AuthenticationResult == nil {
		err = fmt.Errorf("no tokens")
	}
	return err
}

func (b *benchPool) signInPassword(username string) error {
	_, err := passwordSignIn(b.api, b.ClientID, username, password)
	return err
}

// measure runs sign-ins from workers goroutines for d and returns the rate and latency percentiles.
func (b *benchPool) measure(tb testing.TB, signIn func(string) error, workers int, d time.Duration) (perSec float64, p50, p99 time.Duration) {
	var mu sync.Mutex
	var lat []time.Duration
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				t0 := time.Now()
				if err := signIn(b.users[(w+i*workers)%len(b.users)]); err != nil {
					tb.Error(err)
					return
				}
				mu.Lock()
				lat = append(lat, time.Since(t0))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	if len(lat) == 0 {
		tb.Fatal("no sign-ins")
	}
	return float64(len(lat)) / elapsed.Seconds(), lat[len(lat)/2], lat[len(lat)*99/100]
}

// cognitoQuota is real Cognito's default UserAuthentication quota for a whole pool (requests/s).
const cognitoQuota = 120

// TestLocalPoolBenchReport appends sign-in throughput and latency rows for `make bench`.
func TestLocalPoolBenchReport(t *testing.T) {
	out := os.Getenv("COGNITOWASM_BENCH")
	if out == "" {
		t.Skip("set COGNITOWASM_BENCH to a file to run the bench report")
	}
	b := newBenchPool(t, 16)
	workers := 2 * runtime.GOMAXPROCS(0)
	var rows []string
	for _, flow := range []struct {
		name   string
		signIn func(string) error
	}{
		{"USER_SRP_AUTH", b.signInSRP},
		{"USER_SRP_AUTH, clients' A made ahead as PrepareSignIn does,", b.signInSRPPrepared(preparedClients(t, 1500))},
		{"USER_PASSWORD_AUTH", b.signInPassword},
	} {
		b.measure(t, flow.signIn, workers, 300*time.Millisecond) // warm up
		rate, p50, p99 := b.measure(t, flow.signIn, workers, 3*time.Second)
		rows = append(rows,
			fmt.Sprintf("localpool\t%s sign-ins/s (loopback, %d clients in-process)\t%.0f\t%d (Cognito default quota)\t%.2f\n",
				flow.name, workers, rate, cognitoQuota, rate/cognitoQuota),
			fmt.Sprintf("localpool\t%s sign-in latency p50\t%.1f ms\t-\t-\n", flow.name, ms(p50)),
			fmt.Sprintf("localpool\t%s sign-in latency p99\t%.1f ms\t-\t-\n", flow.name, ms(p99)))
		t.Logf("%s: %.0f sign-ins/s, p50 %v, p99 %v", flow.name, rate, p50, p99)
	}
	full, few := globalSignOutMedian(t, 50_000), globalSignOutMedian(t, 100)
	rows = append(rows, fmt.Sprintf("localpool\tGlobalSignOut latency, 50,000 sessions of other users in the pool (median of 21)\t%.2f ms\t%.2f ms (100 sessions)\t%.2f\n",
		ms(full), ms(few), float64(full)/float64(few)))
	t.Logf("GlobalSignOut: %v with 50,000 other sessions, %v with 100", full, few)
	f, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, r := range rows {
		if _, err := f.WriteString(r); err != nil {
			t.Fatal(err)
		}
	}
}

// globalSignOutMedian times GlobalSignOut of one user in a pool that also
// holds others sessions of other users.
func globalSignOutMedian(t *testing.T, others int) time.Duration {
	p := localpooltest.New(t)
	const name = "leaver@example.com"
	p.CreateUser(t, name, password, nil)
	if err := localpool.AddSessions(p.Server, p.UserPoolID, others, p.Clock.Now().Add(30*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	api := p.Admin()
	var lat []time.Duration
	for range 21 {
		res := mustSignIn(t, p, name, password)
		start := time.Now()
		if _, err := api.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: res.AccessToken}); err != nil {
			t.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	return median(lat)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func BenchmarkSRPSignIn(b *testing.B) {
	p := newBenchPool(b, 4)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if err := p.signInSRP(p.users[i%len(p.users)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPasswordSignIn(b *testing.B) {
	p := newBenchPool(b, 4)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if err := p.signInPassword(p.users[i%len(p.users)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignUp(b *testing.B) {
	p := localpooltest.New(b)
	api := p.Admin()
	for i := 0; b.Loop(); i++ {
		name := fmt.Sprintf("signup%d@example.com", i)
		if _, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &p.ClientID, Username: &name, Password: aws.String(password)}); err != nil {
			b.Fatal(err)
		}
	}
}
