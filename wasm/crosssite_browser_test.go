//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/chromedp/chromedp"
)

// TestBrowserCrossSiteAdminCallsRefused signs a user in to the app, then opens
// a page of another site in the same browser. That page calls the local
// pool's admin operations, which need no credentials: the pool must refuse
// them, while the user operations the app calls go on working.
func TestBrowserCrossSiteAdminCallsRefused(t *testing.T) {
	s := newSite(t)
	const email, pw = "vic@example.com", "Vic-Passw0rd"
	b := s.signedIn(t, email, pw, nil)

	// Chromium resolves every *.localhost name to loopback: another site,
	// on this machine, as a page a developer opens in another tab would be.
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="en"><title>Another site</title><p>Another site</p></html>`)
	}))
	t.Cleanup(other.Close)
	_, port, _ := net.SplitHostPort(other.Listener.Addr().String())
	otherURL := "http://elsewhere.localhost:" + port + "/"
	b.open(otherURL)

	// The page's script: each call answers its HTTP status and exception name,
	// or status 0 when the browser kept the answer from the page.
	script := fmt.Sprintf(`(async () => {
		const call = async (op, body) => {
			try {
				const r = await fetch(%s, {method: "POST", body: JSON.stringify(body), headers: {
					"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSCognitoIdentityProviderService." + op}});
				return {status: r.status, type: (await r.json()).__type || ""};
			} catch (e) {
				return {status: 0, type: String(e)};
			}
		};
		const pool = %s, user = %s, client = %s;
		return JSON.stringify({
			origin: location.origin,
			listUsers: await call("ListUsers", {UserPoolId: pool}),
			setPassword: await call("AdminSetUserPassword", {UserPoolId: pool, Username: user, Password: "Evil-Passw0rd", Permanent: true}),
			signIn: await call("InitiateAuth", {ClientId: client, AuthFlow: "USER_PASSWORD_AUTH",
				AuthParameters: {USERNAME: user, PASSWORD: "Evil-Passw0rd"}}),
		});
	})()`, jsString(s.Pool.URL+"/"), jsString(s.Pool.UserPoolID), jsString(email), jsString(s.Pool.ClientID))
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running the other site's script: %v", err)
	}
	type answer struct {
		Status int
		Type   string
	}
	var got struct {
		Origin                         string
		ListUsers, SetPassword, SignIn answer
	}
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		t.Fatalf("the other site's script answered %s: %v", raw, err)
	}
	t.Logf("calls from %s: %s", got.Origin, raw)
	if want := "http://elsewhere.localhost:" + port; got.Origin != want {
		t.Fatalf("the page runs on %s, want %s", got.Origin, want)
	}
	// The pool itself refuses the admin calls, with an answer the page may
	// read: the browser did not just hide them.
	refused := answer{Status: http.StatusBadRequest, Type: "AccessDeniedException"}
	if got.ListUsers != refused || got.SetPassword != refused {
		t.Errorf("admin calls from another site: ListUsers %+v, AdminSetUserPassword %+v, want both %+v", got.ListUsers, got.SetPassword, refused)
	}
	// A user operation answers the page (CORS), and the password it tried
	// is not the user's: AdminSetUserPassword changed nothing.
	if want := (answer{Status: http.StatusBadRequest, Type: "NotAuthorizedException"}); got.SignIn != want {
		t.Errorf("InitiateAuth with the password the other site tried to set: %+v, want %+v", got.SignIn, want)
	}
	var ops []string
	for _, c := range s.Pool.Calls() {
		ops = append(ops, c.Operation)
	}
	if !slices.Contains(ops, "ListUsers") || !slices.Contains(ops, "AdminSetUserPassword") {
		t.Errorf("the pool received %v: the admin calls never reached it", ops)
	}

	// Back in the app, the user's session and password still work.
	b.open(s.URL + "/")
	b.do("showing the signed-in user", waitText("#summary-who", email))
	out, err := s.Pool.Admin().InitiateAuth(context.Background(), &cip.InitiateAuthInput{ClientId: aws.String(s.Pool.ClientID),
		AuthFlow: types.AuthFlowTypeUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": email, "PASSWORD": pw}})
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("signing in with the user's own password after the other site's calls: %+v, %v", out, err)
	}
}
