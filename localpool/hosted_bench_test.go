//go:build !js

package localpool_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// TestHostedUIBenchReport appends the hosted UI's round trip for `make
// bench`: authorize → login form → POST → code → token exchange, each with a
// new browser, against an InitiateAuth USER_PASSWORD_AUTH sign-in on the same
// pool (the same password check, without the pages and redirects).
func TestHostedUIBenchReport(t *testing.T) {
	out := os.Getenv("COGNITOWASM_BENCH")
	if out == "" {
		t.Skip("set COGNITOWASM_BENCH to a file to run the bench report")
	}
	p := newHostedPool(t)
	p.CreateUser(t, hostedUser, hostedPassword, nil)
	const runs = 51
	var hosted, api []time.Duration
	for i := range runs + 5 { // the first five warm up
		verifier := oauth2.GenerateVerifier()
		start := time.Now()
		back := p.HostedSignIn(t, p.oauth.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)), hostedUser, hostedPassword)
		if _, err := p.oauth.Exchange(ctx, back.Query().Get("code"), oauth2.VerifierOption(verifier)); err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		start = time.Now()
		mustSignIn(t, p.Pool, hostedUser, hostedPassword)
		if i >= 5 {
			hosted, api = append(hosted, took), append(api, time.Since(start))
		}
	}
	h, a := median(hosted), median(api)
	row := fmt.Sprintf("localpool\thosted UI round trip: authorize → login → token, code + PKCE (median of %d)\t%.1f ms\t%.1f ms (USER_PASSWORD_AUTH)\t%.2f\n",
		runs, ms(h), ms(a), float64(h)/float64(a))
	t.Logf("hosted UI round trip %v, USER_PASSWORD_AUTH %v", h, a)
	f, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(row); err != nil {
		t.Fatal(err)
	}
}
