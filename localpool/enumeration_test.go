package localpool_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
	"github.com/cognitowasm/cognitowasm/srp"
)

// wireAnswer is an answer of the pool as a client sees it.
type wireAnswer struct {
	status int
	body   map[string]any
	took   time.Duration
}

// errorName is the exception an answer names, "" for a success.
func (a wireAnswer) errorName() string {
	if a.status == http.StatusOK {
		return ""
	}
	return fmt.Sprint(a.body["__type"], ": ", a.body["message"])
}

// callPool sends one API call over HTTP and times it.
func callPool(t testing.TB, hc *http.Client, p *localpooltest.Pool, op string, in any) wireAnswer {
	t.Helper()
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, p.URL+"/", bytes.NewReader(raw))
	req.Header.Set("X-Amz-Target", targetPrefix+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	took := time.Since(start)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	a := wireAnswer{status: resp.StatusCode, body: map[string]any{}, took: took}
	if err := json.Unmarshal(body, &a.body); err != nil {
		t.Fatalf("%s: %s", op, body)
	}
	return a
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// TestNoUserEnumeration compares, with PreventUserExistenceErrors, what a
// client sees for a registered and an unknown user: the same exception
// names, the same lengths and, over 200 samples each, medians within 25%.
func TestNoUserEnumeration(t *testing.T) {
	p := localpooltest.New(t)
	const known, unknown = "known@example.com", "unknown@example.com"
	p.CreateUser(t, known, password, nil)
	hc := &http.Client{Timeout: 30 * time.Second}
	auth := func(flow string, params map[string]string) map[string]any {
		return map[string]any{"ClientId": p.ClientID, "AuthFlow": flow, "AuthParameters": params}
	}
	// startSRP answers InitiateAuth for name and prepares a claim with a wrong password.
	startSRP := func(name string) (wireAnswer, map[string]any) {
		c, err := srp.NewClient(nil)
		if err != nil {
			t.Fatal(err)
		}
		a := callPool(t, hc, p, "InitiateAuth", auth("USER_SRP_AUTH", map[string]string{"USERNAME": name, "SRP_A": c.A()}))
		if a.status != http.StatusOK {
			t.Fatalf("USER_SRP_AUTH for %s: %v", name, a.body)
		}
		pr := map[string]string{}
		for k, v := range a.body["ChallengeParameters"].(map[string]any) {
			pr[k] = v.(string)
		}
		claim, err := c.Claim(srp.UserIdentity(p.UserPoolID, pr["USER_ID_FOR_SRP"]), "Wrong-passw0rd",
			srp.Challenge{Salt: pr["SALT"], B: pr["SRP_B"], SecretBlock: pr["SECRET_BLOCK"]}, p.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		return a, map[string]any{"ClientId": p.ClientID, "ChallengeName": "PASSWORD_VERIFIER", "ChallengeResponses": map[string]string{
			"USERNAME": pr["USERNAME"], "PASSWORD_CLAIM_SECRET_BLOCK": claim.SecretBlock, "PASSWORD_CLAIM_SIGNATURE": claim.Signature,
			"TIMESTAMP": claim.Timestamp}}
	}
	for _, tc := range []struct {
		name string
		// call answers one sample for a user name, the clock already moved
		// past locks and code budgets.
		call func(name string) wireAnswer
		// same lists what must be equal besides the exception: lengths of
		// answer fields.
		same func(a wireAnswer) string
	}{
		{name: "USER_PASSWORD_AUTH, wrong password", call: func(name string) wireAnswer {
			return callPool(t, hc, p, "InitiateAuth", auth("USER_PASSWORD_AUTH", map[string]string{"USERNAME": name, "PASSWORD": "Wrong-passw0rd"}))
		}},
		{name: "USER_SRP_AUTH", call: func(name string) wireAnswer {
			a, _ := startSRP(name)
			return a
		}, same: func(a wireAnswer) string {
			pr := a.body["ChallengeParameters"].(map[string]any)
			return fmt.Sprintf("SECRET_BLOCK %d, USERNAME %d, USER_ID_FOR_SRP %d characters", len(pr["SECRET_BLOCK"].(string)),
				len(pr["USERNAME"].(string)), len(pr["USER_ID_FOR_SRP"].(string)))
		}},
		{name: "PASSWORD_VERIFIER, wrong password", call: func(name string) wireAnswer {
			_, respond := startSRP(name)
			return callPool(t, hc, p, "RespondToAuthChallenge", respond)
		}},
		{name: "ForgotPassword", call: func(name string) wireAnswer {
			return callPool(t, hc, p, "ForgotPassword", map[string]any{"ClientId": p.ClientID, "Username": name})
		}, same: func(a wireAnswer) string {
			d, _ := a.body["CodeDeliveryDetails"].(map[string]any)
			return fmt.Sprintf("%v by %v to a %d-character destination", d["AttributeName"], d["DeliveryMedium"], len(fmt.Sprint(d["Destination"])))
		}},
		{name: "ConfirmForgotPassword, weak password", call: func(name string) wireAnswer {
			return callPool(t, hc, p, "ConfirmForgotPassword", map[string]any{"ClientId": p.ClientID, "Username": name,
				"ConfirmationCode": "123456", "Password": "weak"})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p.Clock.Advance(time.Hour)
			ka, ua := tc.call(known), tc.call(unknown)
			if ka.errorName() != ua.errorName() {
				t.Errorf("the registered user gets %q, the unknown one %q", ka.errorName(), ua.errorName())
			}
			if tc.same != nil && tc.same(ka) != tc.same(ua) {
				t.Errorf("the registered user gets %s, the unknown one %s", tc.same(ka), tc.same(ua))
			}
			// Samples alternate between the two users, so a busy machine
			// slows both alike. A busy machine may still skew one run of
			// samples: a leak shows in every run, so up to five are taken.
			const samples, runs = 200, 5
			for run := 1; ; run++ {
				var times [2][]time.Duration
				for i := range 2 * samples {
					p.Clock.Advance(time.Hour) // past any lock and code budget
					times[i%2] = append(times[i%2], tc.call([]string{known, unknown}[i%2]).took)
				}
				mk, mu := median(times[0]), median(times[1])
				ratio := float64(max(mk, mu)) / float64(min(mk, mu))
				t.Logf("medians over %d samples: registered user %v, unknown user %v (ratio %.2f)", samples, mk, mu, ratio)
				if ratio <= 1.25 {
					break
				}
				if run == runs {
					t.Errorf("median answer times differ by more than 25%% in %d runs: registered user %v, unknown user %v", runs, mk, mu)
					break
				}
			}
		})
	}
}
