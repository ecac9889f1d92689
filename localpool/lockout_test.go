package localpool_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
	"github.com/cognitowasm/cognitowasm/srp"
)

// guessSender prepares one sign-in attempt with a password, to be sent later.
type guessSender func(t *testing.T, p *localpooltest.Pool, api *cip.Client, username, pw string) func() error

func passwordGuess(t *testing.T, p *localpooltest.Pool, api *cip.Client, username, pw string) func() error {
	return func() error {
		_, err := passwordSignIn(api, p.ClientID, username, pw)
		return err
	}
}

// srpGuess starts USER_SRP_AUTH now and answers PASSWORD_VERIFIER when called.
func srpGuess(t *testing.T, p *localpooltest.Pool, api *cip.Client, username, pw string) func() error {
	client, err := srp.NewClient(nil)
	if err != nil {
		t.Fatal(err)
	}
	start, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &p.ClientID, AuthFlow: types.AuthFlowTypeUserSrpAuth,
		AuthParameters: map[string]string{"USERNAME": username, "SRP_A": client.A()}})
	if err != nil {
		t.Fatal(err)
	}
	pr := start.ChallengeParameters
	claim, err := client.Claim(srp.UserIdentity(p.UserPoolID, pr["USER_ID_FOR_SRP"]), pw,
		srp.Challenge{Salt: pr["SALT"], B: pr["SRP_B"], SecretBlock: pr["SECRET_BLOCK"]}, p.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return func() error {
		_, err := api.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &p.ClientID,
			ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeResponses: map[string]string{"USERNAME": pr["USERNAME"],
				"PASSWORD_CLAIM_SECRET_BLOCK": claim.SecretBlock, "PASSWORD_CLAIM_SIGNATURE": claim.Signature, "TIMESTAMP": claim.Timestamp}})
		return err
	}
}

// guessOutcome counts the answers to guesses sent at once.
type guessOutcome struct{ evaluated, locked, signedIn int }

func fireAtOnce(t *testing.T, guesses []func() error) guessOutcome {
	t.Helper()
	var out guessOutcome
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, g := range guesses {
		wg.Go(func() {
			<-start
			err := g()
			mu.Lock()
			defer mu.Unlock()
			var apiErr interface{ ErrorMessage() string }
			switch {
			case err == nil:
				out.signedIn++
			case errors.As(err, &apiErr) && apiErr.ErrorMessage() == "Incorrect username or password.":
				out.evaluated++
			case errors.As(err, &apiErr) && apiErr.ErrorMessage() == "Password attempts exceeded":
				out.locked++
			default:
				t.Errorf("guess: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()
	return out
}

// guessFlows are the two ways a password is guessed: sent in the clear, and
// proven over SRP.
var guessFlows = []struct {
	name  string
	guess guessSender
}{{"USER_PASSWORD_AUTH", passwordGuess}, {"PASSWORD_VERIFIER", srpGuess}}

// TestParallelGuessesMeetTheLock fires 50 guesses at once: the lock must
// hold as it does for guesses sent one after another, on both sign-in flows.
func TestParallelGuessesMeetTheLock(t *testing.T) {
	for _, flow := range guessFlows {
		t.Run(flow.name, func(t *testing.T) {
			p := localpooltest.New(t)
			api := p.Admin()
			const name = "target@example.com"
			p.CreateUser(t, name, password, nil)
			unlock := func() {
				p.Clock.Advance(16 * time.Minute) // past the longest lock
				if err := flow.guess(t, p, api, name, password)(); err != nil {
					t.Fatalf("the right password after the lock: %v", err)
				}
			}
			// Sign-ins with the right password at once are no guesses: none meets a lock.
			var guesses []func() error
			for range 10 {
				guesses = append(guesses, flow.guess(t, p, api, name, password))
			}
			if got := fireAtOnce(t, guesses); got.signedIn != 10 {
				t.Errorf("10 sign-ins with the right password at once: %+v, want 10 signed in", got)
			}
			guesses = guesses[:0]
			for range 50 {
				guesses = append(guesses, flow.guess(t, p, api, name, "Wrong-passw0rd"))
			}
			got := fireAtOnce(t, guesses)
			t.Logf("50 wrong passwords at once: %d evaluated, %d refused by the lock", got.evaluated, got.locked)
			if got.evaluated > 5 || got.evaluated+got.locked != 50 {
				t.Errorf("50 wrong passwords at once: %d evaluated, %d locked; want at most 5 evaluated", got.evaluated, got.locked)
			}
			if err := flow.guess(t, p, api, name, password)(); err == nil {
				t.Error("the right password got tokens while the user is locked")
			}
			unlock()
			// The right password among 49 wrong ones: it is evaluated only
			// if it comes before the lock, and its success starts a new
			// count of failures in a row.
			for round := range 5 {
				guesses = guesses[:0]
				for i := range 50 {
					pw := "Wrong-passw0rd"
					if i == 25 {
						pw = password
					}
					guesses = append(guesses, flow.guess(t, p, api, name, pw))
				}
				got := fireAtOnce(t, guesses)
				t.Logf("round %d, the right password among 49 wrong: %d evaluated, %d locked, %d signed in", round, got.evaluated, got.locked, got.signedIn)
				if got.evaluated > 5+5*got.signedIn || got.evaluated+got.locked+got.signedIn != 50 {
					t.Errorf("round %d: %d wrong passwords evaluated, %d signed in", round, got.evaluated, got.signedIn)
				}
				unlock()
			}
		})
	}
}

// TestNewPasswordSessionEndsWithItsPassword starts NEW_PASSWORD_REQUIRED with
// a temporary password, then has an admin replace that password: the session
// the old one started must no longer set a password.
func TestNewPasswordSessionEndsWithItsPassword(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	const name = "invited@example.com"
	temp := "Temp-passw0rd1"
	if _, err := api.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(name),
		TemporaryPassword: &temp, MessageAction: types.MessageActionTypeSuppress}); err != nil {
		t.Fatal(err)
	}
	challenge := func(pw string) *string {
		t.Helper()
		out, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &p.ClientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": pw}})
		if err != nil || out.ChallengeName != types.ChallengeNameTypeNewPasswordRequired {
			t.Fatalf("sign in with %s: %+v, %v", pw, out, err)
		}
		return out.Session
	}
	answer := func(session *string) error {
		_, err := api.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &p.ClientID,
			ChallengeName: types.ChallengeNameTypeNewPasswordRequired, Session: session,
			ChallengeResponses: map[string]string{"USERNAME": name, "NEW_PASSWORD": password}})
		return err
	}
	resets := []struct {
		name  string
		reset func(pw string) error
	}{
		{"AdminCreateUser RESEND", func(pw string) error {
			_, err := api.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &p.UserPoolID, Username: aws.String(name),
				TemporaryPassword: &pw, MessageAction: types.MessageActionTypeResend})
			return err
		}},
		{"AdminSetUserPassword", func(pw string) error {
			_, err := api.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &p.UserPoolID, Username: aws.String(name),
				Password: &pw, Permanent: false})
			return err
		}},
	}
	for i, r := range resets {
		old := challenge(temp)
		temp = fmt.Sprintf("Temp-passw0rd%d", i+2)
		if err := r.reset(temp); err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		if err := answer(old); !isAPIError(err, "NotAuthorizedException") {
			t.Errorf("after %s, the session of the replaced temporary password: %v, want NotAuthorizedException", r.name, err)
		}
	}
	if err := answer(challenge(temp)); err != nil {
		t.Fatalf("the session of the current temporary password: %v", err)
	}
}

// TestLockHidesUserExistence sends six wrong passwords for a registered and
// an unknown user: both must meet the lock, or the lock would tell them apart.
func TestLockHidesUserExistence(t *testing.T) {
	for _, flow := range guessFlows {
		t.Run(flow.name, func(t *testing.T) {
			p := localpooltest.New(t)
			api := p.Admin()
			p.CreateUser(t, "known@example.com", password, nil)
			for _, name := range []string{"known@example.com", "unknown@example.com"} {
				var got []string
				for range 6 {
					err := flow.guess(t, p, api, name, "Wrong-passw0rd")()
					var apiErr interface{ ErrorMessage() string }
					if !errors.As(err, &apiErr) {
						t.Fatalf("%s: %v", name, err)
					}
					got = append(got, apiErr.ErrorMessage())
				}
				if got[4] != "Incorrect username or password." || got[5] != "Password attempts exceeded" {
					t.Errorf("six wrong passwords for %s: %q", name, got)
				}
			}
		})
	}
}
