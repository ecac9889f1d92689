//go:build !js

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// cli runs account commands in-process against one local pool and session file.
type cli struct {
	t           *testing.T
	pool        *localpooltest.Pool
	session     string
	secretsSeen []string // passwords and refresh tokens, which no output may contain
}

// newCLI starts a local pool on the real clock, as `make run` does: the
// command line's own clock is the real one.
func newCLI(t *testing.T) *cli {
	return &cli{
		t:       t,
		pool:    localpooltest.NewWithOptions(t, localpooltest.Options{Clock: time.Now}),
		session: filepath.Join(t.TempDir(), "session.json"),
	}
}

// run runs one command with stdin, adding the pool and session flags (the
// client ID is left for the command to discover). It returns the exit
// status, stdout and stderr.
func (c *cli) run(stdin string, name string, args ...string) (int, string, string) {
	c.t.Helper()
	return c.runOn(strings.NewReader(stdin), nil, name, args...)
}

// runOn is run with stdin read from in, and stderr also written to watch
// (when not nil) as the command writes it.
func (c *cli) runOn(in io.Reader, watch io.Writer, name string, args ...string) (int, string, string) {
	c.t.Helper()
	var out, errOut bytes.Buffer
	var errW io.Writer = &errOut
	if watch != nil {
		errW = io.MultiWriter(&errOut, watch)
	}
	full := append([]string{name, "-endpoint", c.pool.URL, "-pool", c.pool.UserPoolID, "-session", c.session}, args...)
	code := run(context.Background(), full, stdio{in: in, out: &out, err: errW})
	for _, secret := range c.secretsSeen {
		if strings.Contains(out.String(), secret) || strings.Contains(errOut.String(), secret) {
			c.t.Fatalf("%s printed a secret", name)
		}
	}
	return code, out.String(), errOut.String()
}

// ok runs a command that must succeed and returns its stdout.
func (c *cli) ok(stdin string, name string, args ...string) string {
	c.t.Helper()
	code, out, errOut := c.run(stdin, name, args...)
	if code != 0 {
		c.t.Fatalf("cognitowasm %s %v: exit %d\nstdout: %s\nstderr: %s", name, args, code, out, errOut)
	}
	return out
}

// fails runs a command that must fail and returns its stderr.
func (c *cli) fails(stdin string, name string, args ...string) string {
	c.t.Helper()
	code, out, errOut := c.run(stdin, name, args...)
	if code == 0 {
		c.t.Fatalf("cognitowasm %s %v succeeded, want a failure\nstdout: %s", name, args, out)
	}
	return errOut
}

func wantContains(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s = %q, want it to contain %q", what, got, w)
		}
	}
}

func TestAccountCommands(t *testing.T) {
	c := newCLI(t)
	const (
		email = "ana@example.com"
		pw1   = "Corr3ct-Horse!"
		pw2   = "B4ttery-Staple?"
		pw3   = "Tr0ub4dor&3-x"
	)
	c.secretsSeen = []string{pw1, pw2, pw3}

	wantContains(t, "signup", c.ok(pw1+"\n", "signup", "-password-stdin", "-attr", "name=Ana", email),
		"Signed up "+email, "Code sent by email")
	// Unconfirmed: signin says what to do.
	wantContains(t, "signin before confirm", c.fails(pw1+"\n", "signin", "-password-stdin", email), "confirm "+email)
	wantContains(t, "confirm with a wrong code", c.fails("", "confirm", email, "000000x"), "CodeMismatchException", "That code is not right.")
	c.ok("", "confirm", email, c.pool.Code(t, email))

	errOut := c.fails("Wr0ng-Password!\n", "signin", "-password-stdin", email)
	wantContains(t, "signin with a wrong password", errOut, "NotAuthorizedException", "Incorrect username or password.")

	wantContains(t, "signin", c.ok(pw1+"\n", "signin", "-password-stdin", email), "Signed in as")
	var result struct {
		AccessToken, IdToken, RefreshToken, TokenType string
		ExpiresIn                                     int
	}
	if err := json.Unmarshal([]byte(c.ok(pw1+"\n", "signin", "-password-stdin", "-flow", "password", "-json", email)), &result); err != nil {
		t.Fatal("signin -json:", err)
	}
	if result.AccessToken == "" || result.IdToken == "" || result.RefreshToken == "" || result.TokenType != "Bearer" ||
		result.ExpiresIn < 3000 || result.ExpiresIn > 3600 {
		t.Fatalf("signin -json = %+v", result)
	}
	c.secretsSeen = append(c.secretsSeen, result.RefreshToken)

	wantContains(t, "whoami", c.ok("", "whoami"), "email: "+email, "name: Ana", "email_verified: true")
	wantContains(t, "refresh", c.ok("", "refresh"), "Refreshed")

	// token: decode and verify, from an argument or stdin.
	wantContains(t, "token", c.ok("", "token", result.IdToken), `"token_use": "id"`, "expires:", "verified: yes")
	wantContains(t, "token on stdin", c.ok(result.AccessToken+"\n", "token"), `"token_use": "access"`, "verified: yes")
	parts := strings.Split(result.AccessToken, ".")
	tampered := parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))
	code, out, errOut := c.run("", "token", tampered)
	if code == 0 || !strings.Contains(out, "verified: no") || !strings.Contains(errOut, "signature") {
		t.Errorf("token with a bad signature: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	c.ok("", "attr", "set", "name=Bo")
	wantContains(t, "whoami after attr set", c.ok("", "whoami"), "name: Bo")
	c.ok("", "attr", "delete", "name")
	if out := c.ok("", "whoami"); strings.Contains(out, "name: Bo") {
		t.Errorf("attr delete left the name: %s", out)
	}
	wantContains(t, "attr verify", c.ok("", "attr", "verify", "email"), "Code sent")
	c.ok("", "attr", "verify", "email", c.pool.Code(t, email))

	wantContains(t, "passwd with a wrong old password", c.fails("nope-Nope1!\n"+pw2+"\n", "passwd", "-password-stdin"), "NotAuthorizedException")
	c.ok(pw1+"\n"+pw2+"\n", "passwd", "-password-stdin")
	c.ok("", "signout")
	wantContains(t, "whoami after signout", c.fails("", "whoami"), "not signed in")

	c.ok("", "forgot", email)
	wantContains(t, "reset with a weak password", c.fails("weak\n", "reset", "-password-stdin", email, c.pool.Code(t, email)), "InvalidPasswordException")
	c.ok(pw3+"\n", "reset", "-password-stdin", email, c.pool.Code(t, email))
	c.ok(pw3+"\n", "signin", "-password-stdin", email)
	if fi, err := os.Stat(c.session); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("session file: %v, mode %v; want 0600", err, fi.Mode())
	}
	wantContains(t, "signout -global", c.ok("", "signout", "-global"), "Signed out")
	c.fails("", "refresh")
}

func TestAccountCommandUsage(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{
		{"signin"},                        // no username
		{"signin", "-flow", "magic", "x"}, // unknown flow
		{"confirm", "only-a-username"},
		{"attr", "frobnicate", "x"},
		{"attr", "set", "no-equals-sign"},
	} {
		if code, _, _ := c.run("", args[0], args[1:]...); code != 2 {
			t.Errorf("cognitowasm %v: exit %d, want 2", args, code)
		}
	}
	// Without -password-stdin and no terminal, there is nowhere to read a password from.
	wantContains(t, "signin without a terminal", c.fails("secret\n", "signin", "x@example.com"), "-password-stdin")
}

// Flags win over the environment, which wins over the local defaults.
func TestPoolFlagsResolution(t *testing.T) {
	for _, tc := range []struct {
		name       string
		env        map[string]string
		args       []string
		wantIssuer string
	}{
		{"env", map[string]string{"COGNITO_USER_POOL_ID": "eu-west-1_Env", "COGNITO_CLIENT_ID": "envclient"}, nil,
			"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Env"},
		{"flags win", map[string]string{"COGNITO_USER_POOL_ID": "eu-west-1_Env", "COGNITO_CLIENT_ID": "envclient"},
			[]string{"-pool", "ap-south-1_Flag", "-endpoint", "http://127.0.0.1:1"}, "http://127.0.0.1:1/ap-south-1_Flag"},
		{"region flag", map[string]string{"COGNITO_ENDPOINT": "http://127.0.0.1:2/"},
			[]string{"-pool", "us-west-2_P", "-client", "c", "-region", "us-west-2"}, "http://127.0.0.1:2/us-west-2_P"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []string{"COGNITO_ENDPOINT", "COGNITO_REGION", "COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID", "COGNITO_CLIENT_SECRET"} {
				t.Setenv(k, tc.env[k])
			}
			fs, pf := newFlagSet("test", stdio{err: &bytes.Buffer{}})
			if err := fs.Parse(append([]string{"-session", filepath.Join(t.TempDir(), "s.json")}, tc.args...)); err != nil {
				t.Fatal(err)
			}
			c, err := pf.newClient(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Issuer(); got != tc.wantIssuer {
				t.Errorf("Issuer() = %q, want %q", got, tc.wantIssuer)
			}
		})
	}
	// Nothing set: the local pool of `make run`.
	var pf poolFlags
	if err := pf.resolve(); err != nil || pf.endpoint != localEndpoint || pf.pool != localPoolID || pf.region != "us-east-1" {
		t.Errorf("defaults: %+v, %v; want the local pool", pf, err)
	}
	// An endpoint alone: the local pool's default pool there.
	pf = poolFlags{endpoint: "http://127.0.0.1:9339"}
	if err := pf.resolve(); err != nil || pf.endpoint != "http://127.0.0.1:9339" || pf.pool != localPoolID {
		t.Errorf("endpoint only: %+v, %v; want the local pool's default pool at that endpoint", pf, err)
	}
	// A client ID alone names no pool: refuse rather than guess.
	pf = poolFlags{client: "given"}
	if err := pf.resolve(); err == nil {
		t.Error("a client ID without a pool was accepted")
	}
}

// A user an administrator created picks a new password during signin; the
// admin flow signs with AWS credentials from the environment.
func TestSignInNewPasswordAndAdminFlow(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDLOCALPOOLTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "local-pool-accepts-any-signature")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	c := newCLI(t)
	const email, temporary, chosen = "bo@example.com", "Temp-Pass1!", "Corr3ct-Horse!"
	c.secretsSeen = []string{temporary, chosen}
	_, err := c.pool.Admin().AdminCreateUser(context.Background(), &cip.AdminCreateUserInput{
		UserPoolId: &c.pool.UserPoolID, Username: aws.String(email), TemporaryPassword: aws.String(temporary),
		MessageAction: types.MessageActionTypeSuppress,
	})
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := c.run(temporary+"\n"+chosen+"\n", "signin", "-password-stdin", "-flow", "admin", email)
	if code != 0 {
		t.Fatalf("signin with a temporary password: exit %d: %s", code, errOut)
	}
	wantContains(t, "signin with a temporary password", out+errOut, "A new password is required.", "Signed in as")
	c.ok(chosen+"\n", "signin", "-password-stdin", "-flow", "admin", email)
	wantContains(t, "whoami", c.ok("", "whoami"), "email: "+email)
}
