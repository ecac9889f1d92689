package localpool_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cognitowasm/cognitowasm/localpool"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

const targetPrefix = "AWSCognitoIdentityProviderService."

// callFrom sends a raw API call as a page on origin would ("" for no browser).
func callFrom(h http.Handler, origin, op, body string) (int, map[string]any, http.Header) {
	req := apiRequest(targetPrefix+op, body)
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	return roundTrip(h, req)
}

func TestCrossSiteAdminCallsRefused(t *testing.T) {
	p := localpooltest.New(t)
	const victim = "victim@example.com"
	p.CreateUser(t, victim, password, nil)
	pool := `"UserPoolId":"` + p.UserPoolID + `"`
	admin := []struct{ op, body string }{
		{"ListUsers", `{` + pool + `}`},
		{"AdminSetUserPassword", `{` + pool + `,"Username":"` + victim + `","Password":"Evil-passw0rd","Permanent":true}`},
		{"AdminInitiateAuth", `{` + pool + `,"ClientId":"` + p.ClientID + `","AuthFlow":"ADMIN_USER_PASSWORD_AUTH","AuthParameters":{"USERNAME":"` + victim + `","PASSWORD":"` + password + `"}}`},
		{"DescribeUserPoolClient", `{` + pool + `,"ClientId":"` + p.ClientID + `"}`},
		{"CreateUserPoolClient", `{` + pool + `,"ClientName":"evil"}`},
		{"DeleteUserPool", `{` + pool + `}`},
	}
	for _, origin := range []string{"http://evil.example", "http://127.0.0.1:8001", "null"} {
		for _, c := range admin {
			code, out, _ := callFrom(p.Server, origin, c.op, c.body)
			if code != http.StatusBadRequest || out["__type"] != "AccessDeniedException" {
				t.Errorf("%s from %s: %d %v, want 400 AccessDeniedException", c.op, origin, code, out)
			}
		}
	}
	// Nothing changed: the victim's password and the pool are as they were.
	mustSignIn(t, p, victim, password)
	// The user operations a browser app calls still answer any origin.
	code, out, h := callFrom(p.Server, "http://evil.example", "InitiateAuth",
		`{"ClientId":"`+p.ClientID+`","AuthFlow":"USER_PASSWORD_AUTH","AuthParameters":{"USERNAME":"`+victim+`","PASSWORD":"`+password+`"}}`)
	if code != http.StatusOK || out["AuthenticationResult"] == nil || h.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("InitiateAuth from a page: %d %v %v", code, out, h)
	}
	// Without Origin the caller is no browser page (the SDK, the command line).
	if code, out, _ := callFrom(p.Server, "", "ListUsers", admin[0].body); code != http.StatusOK {
		t.Errorf("ListUsers without Origin: %d %v", code, out)
	}
}

func TestAllowOriginAdmitsAdminCalls(t *testing.T) {
	srv, err := localpool.Open(localpool.Options{DataDir: t.TempDir(), AllowOrigins: []string{"http://admin.localhost:3000/"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	poolID, _ := srv.DefaultPool()
	body := `{"UserPoolId":"` + poolID + `"}`
	if code, out, _ := callFrom(srv, "http://admin.localhost:3000", "ListUsers", body); code != http.StatusOK {
		t.Errorf("ListUsers from the allowed origin: %d %v", code, out)
	}
	if code, out, _ := callFrom(srv, "http://admin.localhost:3001", "ListUsers", body); out["__type"] != "AccessDeniedException" {
		t.Errorf("ListUsers from another port: %d %v", code, out)
	}
	for _, bad := range []string{"localhost:3000", "http://localhost:3000/admin", "ftp://localhost", "http://"} {
		if srv, err := localpool.Open(localpool.Options{DataDir: t.TempDir(), AllowOrigins: []string{bad}}); err == nil {
			srv.Close()
			t.Errorf("Open accepted the allowed origin %q", bad)
		}
	}
}

func TestForeignHostRefused(t *testing.T) {
	srv, err := localpool.Open(localpool.Options{DataDir: t.TempDir(), IssuerBase: "https://auth.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	poolID, clientID := srv.DefaultPool()
	for host, allowed := range map[string]bool{
		"127.0.0.1:9229": true, "127.9.9.9": true, "localhost": true, "LOCALHOST:9229": true, "[::1]:9229": true,
		"app.localhost:8000": true, "auth.example.com": true, "Auth.Example.COM:443": true,
		"attacker.example": false, "attacker.example:9229": false, "localhost.attacker.example": false,
		"example.com": false, "10.0.0.1:9229": false, "[::2]:9229": false, "": false,
	} {
		for _, req := range []*http.Request{
			apiRequest(targetPrefix+"InitiateAuth", `{"ClientId":"`+clientID+`","AuthFlow":"USER_SRP_AUTH"}`),
			localRequest(http.MethodGet, "/_local/inbox?username=ann@example.com", nil),
			localRequest(http.MethodGet, "/"+poolID+"/.well-known/jwks.json", nil),
		} {
			req.Host = host
			code, out, _ := roundTrip(srv, req)
			if refused := out["__type"] == "ForbiddenException"; refused == allowed || code != http.StatusBadRequest && !allowed {
				t.Errorf("%s %s with Host %q: %d %v, allowed = %v", req.Method, req.URL.Path, host, code, out, allowed)
			}
		}
	}
}

// TestSlowBodyTimesOut sends bodies that never finish: the pool must let go
// of each connection once the body timeout passes.
func TestSlowBodyTimesOut(t *testing.T) {
	srv, err := localpool.Open(localpool.Options{DataDir: t.TempDir(), BodyTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	hs := httptest.NewServer(srv)
	defer hs.Close()
	const conns = 20
	errs := make(chan error, conns)
	for range conns {
		go func() {
			conn, err := net.Dial("tcp", hs.Listener.Addr().String())
			if err != nil {
				errs <- err
				return
			}
			defer conn.Close()
			fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: %sSignUp\r\nContent-Length: 100\r\n\r\n{\"Cli", targetPrefix)
			conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			_, err = io.ReadAll(conn) // the answer, then the pool closes the connection
			if err != nil {
				err = fmt.Errorf("the pool still held the connection after 5 s: %w", err)
			}
			errs <- err
		}()
	}
	for range conns {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
