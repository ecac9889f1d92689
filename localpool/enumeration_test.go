package localpool_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/google/uuid"

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
	// respond answers the challenge of a.
	respond := func(a wireAnswer, challenge string, answers map[string]string) map[string]any {
		session, _ := a.body["Session"].(string)
		return map[string]any{"ClientId": p.ClientID, "ChallengeName": challenge, "Session": session, "ChallengeResponses": answers}
	}
	selectChallenge := func(name string) wireAnswer {
		a := callPool(t, hc, p, "InitiateAuth", auth("USER_AUTH", map[string]string{"USERNAME": name}))
		if a.body["ChallengeName"] != "SELECT_CHALLENGE" {
			t.Fatalf("USER_AUTH for %s: %v", name, a.body)
		}
		return a
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
		{name: "USER_AUTH", call: func(name string) wireAnswer {
			return callPool(t, hc, p, "InitiateAuth", auth("USER_AUTH", map[string]string{"USERNAME": name}))
		}, same: challengeShape},
		{name: "USER_AUTH, EMAIL_OTP preferred", call: func(name string) wireAnswer {
			return callPool(t, hc, p, "InitiateAuth", auth("USER_AUTH", map[string]string{"USERNAME": name, "PREFERRED_CHALLENGE": "EMAIL_OTP"}))
		}, same: challengeShape},
		{name: "USER_AUTH, SMS_OTP preferred", call: func(name string) wireAnswer {
			return callPool(t, hc, p, "InitiateAuth", auth("USER_AUTH", map[string]string{"USERNAME": name, "PREFERRED_CHALLENGE": "SMS_OTP"}))
		}, same: challengeShape},
		{name: "SELECT_CHALLENGE answered EMAIL_OTP", call: func(name string) wireAnswer {
			return callPool(t, hc, p, "RespondToAuthChallenge", respond(selectChallenge(name), "SELECT_CHALLENGE", map[string]string{
				"USERNAME": name, "ANSWER": "EMAIL_OTP"}))
		}, same: challengeShape},
		{name: "SELECT_CHALLENGE answered WEB_AUTHN", call: func(name string) wireAnswer {
			return callPool(t, hc, p, "RespondToAuthChallenge", respond(selectChallenge(name), "SELECT_CHALLENGE", map[string]string{
				"USERNAME": name, "ANSWER": "WEB_AUTHN"}))
		}, same: challengeShape},
		{name: "EMAIL_OTP, wrong code", call: func(name string) wireAnswer {
			a := callPool(t, hc, p, "InitiateAuth", auth("USER_AUTH", map[string]string{"USERNAME": name, "PREFERRED_CHALLENGE": "EMAIL_OTP"}))
			return callPool(t, hc, p, "RespondToAuthChallenge", respond(a, "EMAIL_OTP", map[string]string{
				"USERNAME": name, "EMAIL_OTP_CODE": "12345"}))
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
			// samples: a leak shows in every run, so up to three are taken.
			const samples, runs = 200, 3
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

// answerSeries is what a client sees over a run of calls: each answer's
// exception, or its challenge on a success.
func answerSeries(as []wireAnswer) []string {
	var out []string
	for _, a := range as {
		if name := a.errorName(); name != "" {
			out = append(out, name)
		} else {
			out = append(out, fmt.Sprint("OK ", a.body["ChallengeName"]))
		}
	}
	return out
}

// TestNoUserEnumerationByRepeats repeats a call until a limit answers (a
// spent code budget, too many wrong codes): a registered and an unknown
// user meet the same limits at the same call.
func TestNoUserEnumerationByRepeats(t *testing.T) {
	p := localpooltest.New(t)
	hc := &http.Client{Timeout: 30 * time.Second}
	call := func(op string, in map[string]any) wireAnswer {
		in["ClientId"] = p.ClientID
		return callPool(t, hc, p, op, in)
	}
	times := func(n int, f func() wireAnswer) []wireAnswer {
		var out []wireAnswer
		for range n {
			out = append(out, f())
		}
		return out
	}
	const wrongCode = "12345" // no code the pool sends has five digits
	for i, tc := range []struct {
		name string
		// pending makes the registered user unconfirmed (signed up an hour ago).
		pending bool
		series  func(name string) []wireAnswer
	}{
		{name: "ForgotPassword until the code budget is spent", series: func(name string) []wireAnswer {
			return times(7, func() wireAnswer { return call("ForgotPassword", map[string]any{"Username": name}) })
		}},
		{name: "ConfirmForgotPassword with wrong codes", series: func(name string) []wireAnswer {
			first := call("ForgotPassword", map[string]any{"Username": name})
			return append([]wireAnswer{first}, times(7, func() wireAnswer {
				return call("ConfirmForgotPassword", map[string]any{"Username": name, "ConfirmationCode": wrongCode, "Password": password})
			})...)
		}},
		{name: "ConfirmForgotPassword with no code requested", series: func(name string) []wireAnswer {
			return times(7, func() wireAnswer {
				return call("ConfirmForgotPassword", map[string]any{"Username": name, "ConfirmationCode": wrongCode, "Password": password})
			})
		}},
		{name: "ResendConfirmationCode until the code budget is spent", pending: true, series: func(name string) []wireAnswer {
			return times(7, func() wireAnswer { return call("ResendConfirmationCode", map[string]any{"Username": name}) })
		}},
		{name: "ConfirmSignUp with wrong codes", pending: true, series: func(name string) []wireAnswer {
			return times(7, func() wireAnswer {
				return call("ConfirmSignUp", map[string]any{"Username": name, "ConfirmationCode": wrongCode})
			})
		}},
		{name: "ConfirmSignUp with wrong codes after a resend", pending: true, series: func(name string) []wireAnswer {
			first := call("ResendConfirmationCode", map[string]any{"Username": name})
			return append([]wireAnswer{first}, times(7, func() wireAnswer {
				return call("ConfirmSignUp", map[string]any{"Username": name, "ConfirmationCode": wrongCode})
			})...)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			known, unknown := fmt.Sprintf("known%d@example.com", i), fmt.Sprintf("unknown%d@example.com", i)
			if tc.pending {
				if a := call("SignUp", map[string]any{"Username": known, "Password": password}); a.status != http.StatusOK {
					t.Fatalf("SignUp: %v", a.body)
				}
			} else {
				p.CreateUser(t, known, password, nil)
			}
			p.Clock.Advance(time.Hour) // the sign-up's code leaves the hour's budget
			ks, us := answerSeries(tc.series(known)), answerSeries(tc.series(unknown))
			if !slices.Equal(ks, us) {
				t.Errorf("the registered user gets\n\t%q\nthe unknown one\n\t%q", ks, us)
			}
		})
	}
}

// TestNoUserEnumerationByAlias signs in by SRP with an email alias: where a
// user's internal username is a UUID, an unknown address gets a UUID too,
// the same one each time, as Cognito answers.
func TestNoUserEnumerationByAlias(t *testing.T) {
	p := localpooltest.New(t)
	poolID, clientID := newPool(t, p, &cip.CreateUserPoolInput{AliasAttributes: []types.AliasAttributeType{types.AliasAttributeTypeEmail}})
	const known, unknown = "known@example.com", "unknown@example.com"
	adminUser(t, p.Admin(), poolID, uuid.NewString(), "email", known, "email_verified", "true")
	hc := &http.Client{Timeout: 30 * time.Second}
	shape := func(name string) (string, string) {
		c, err := srp.NewClient(nil)
		if err != nil {
			t.Fatal(err)
		}
		a := callPool(t, hc, p, "InitiateAuth", map[string]any{"ClientId": clientID, "AuthFlow": "USER_SRP_AUTH",
			"AuthParameters": map[string]string{"USERNAME": name, "SRP_A": c.A()}})
		if a.status != http.StatusOK {
			t.Fatalf("USER_SRP_AUTH for %s: %v", name, a.body)
		}
		pr := a.body["ChallengeParameters"].(map[string]any)
		var out []string
		for _, k := range []string{"USERNAME", "USER_ID_FOR_SRP"} {
			id, err := uuid.Parse(pr[k].(string))
			out = append(out, fmt.Sprintf("%s is a version %d UUID (%v)", k, id.Version(), err))
		}
		// SALT is hex without leading zeros, for a user as for a decoy: its length varies.
		out = append(out, fmt.Sprintf("SECRET_BLOCK %d characters", len(pr["SECRET_BLOCK"].(string))))
		return fmt.Sprint(out), pr["USER_ID_FOR_SRP"].(string)
	}
	ks, kid := shape(known)
	us, uid := shape(unknown)
	if ks != us {
		t.Errorf("the registered user gets %s, the unknown one %s", ks, us)
	}
	if _, kid2 := shape(known); kid2 != kid {
		t.Errorf("the registered user's USER_ID_FOR_SRP changed: %s, then %s", kid, kid2)
	}
	if _, uid2 := shape(unknown); uid2 != uid {
		t.Errorf("the unknown user's USER_ID_FOR_SRP changed: %s, then %s", uid, uid2)
	}
}

// challengeShape is what a challenge shows besides its values: its name,
// the choices offered, the lengths of its parameters and Session.
func challengeShape(a wireAnswer) string {
	var out []string
	if pr, ok := a.body["ChallengeParameters"].(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(pr)) {
			out = append(out, fmt.Sprintf("%s %d characters", k, len(fmt.Sprint(pr[k]))))
		}
	}
	session, _ := a.body["Session"].(string)
	return fmt.Sprintf("challenge %v, choices %v, %s, Session %d characters", a.body["ChallengeName"], a.body["AvailableChallenges"],
		strings.Join(out, ", "), len(session))
}

// TestSecretBlockHasOneLength checks that SECRET_BLOCK's length depends on
// neither the user, nor the SRP_A's number of hex digits, nor the clock's
// fraction of a second: any of them would tell a caller more than Cognito's
// answer does (one registered user against one unknown, with
// PreventUserExistenceErrors).
func TestSecretBlockHasOneLength(t *testing.T) {
	p := localpooltest.New(t)
	const known, unknown = "known@example.com", "unknown@example.com"
	p.CreateUser(t, known, password, nil)
	hc := &http.Client{Timeout: 30 * time.Second}
	client, err := srp.NewClient(nil)
	if err != nil {
		t.Fatal(err)
	}
	lengths := map[int][]string{}
	for _, name := range []string{known, unknown} {
		for _, srpA := range []string{client.A(), "2", strings.Repeat("f", 700), client.A()[2:]} {
			for _, step := range []time.Duration{0, 1500 * time.Millisecond, 100 * time.Millisecond, 10 * time.Millisecond, time.Millisecond} {
				p.Clock.Advance(step)
				a := callPool(t, hc, p, "InitiateAuth", map[string]any{"ClientId": p.ClientID, "AuthFlow": "USER_SRP_AUTH",
					"AuthParameters": map[string]string{"USERNAME": name, "SRP_A": srpA}})
				if a.status != http.StatusOK {
					t.Fatalf("USER_SRP_AUTH for %s with a %d-digit SRP_A: %v", name, len(srpA), a.body)
				}
				block := a.body["ChallengeParameters"].(map[string]any)["SECRET_BLOCK"].(string)
				lengths[len(block)] = append(lengths[len(block)], fmt.Sprintf("%s, %d-digit SRP_A, at %s", name, len(srpA), p.Clock.Now().Format(time.StampMilli)))
			}
		}
	}
	if len(lengths) != 1 {
		t.Fatalf("SECRET_BLOCK has %d lengths: %v", len(lengths), lengths)
	}
}
