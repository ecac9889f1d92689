package token_test

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/cognitowasm/cognitowasm/app/userpool"
	"github.com/golang-jwt/jwt/v5"
)

const (
	testPool   = "us-east-1_TestPool1"
	testClient = "testclient0123456789abcdef"
	testKID    = "test-key-1"
)

// testIssuer is the issuer used by tests that do not start an HTTP server;
// their JWKS is served by a jwksTransport.
var testIssuer = "https://cognito-idp.us-east-1.amazonaws.com/" + testPool

// start is the fake clock's initial instant.
var start = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: start} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type signingKey struct {
	kid  string
	priv *rsa.PrivateKey
}

func loadKey(t testing.TB, file, kid string) signingKey {
	t.Helper()
	b, err := os.ReadFile("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := jwt.ParseRSAPrivateKeyFromPEM(b)
	if err != nil {
		t.Fatal(err)
	}
	return signingKey{kid: kid, priv: priv}
}

// publicPEM is the key's public half in PEM, the bytes an attacker would use
// as an HMAC secret in the algorithm confusion attack.
func (k signingKey) publicPEM(t testing.TB) []byte {
	der, err := x509.MarshalPKIXPublicKey(&k.priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

// jwksJSON is the JSON Web Key Set publishing keys, as Cognito serves it.
func jwksJSON(t testing.TB, keys ...signingKey) []byte {
	t.Helper()
	var set userpool.JWKS
	for _, k := range keys {
		set.Keys = append(set.Keys, userpool.PublicJWK(k.kid, &k.priv.PublicKey))
	}
	b, err := json.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// cognitoClaims are the claims of a Cognito token of the given use, issued at
// now and valid for an hour.
func cognitoClaims(issuer string, use string, now time.Time) jwt.MapClaims {
	c := jwt.MapClaims{
		"sub":        "8c1d7e2a-1b3c-4d5e-8f90-0123456789ab",
		"iss":        issuer,
		"token_use":  use,
		"auth_time":  now.Unix(),
		"iat":        now.Unix(),
		"exp":        now.Add(time.Hour).Unix(),
		"jti":        "5f0c4a56-8f3d-4c43-9a43-0a7c9b2f1e11",
		"origin_jti": "7a1e2b3c-4d5e-6f70-8192-a3b4c5d6e7f8",
	}
	switch use {
	case "id":
		c["aud"] = testClient
		c["cognito:username"] = "alice"
		c["email"] = "alice@example.com"
		c["email_verified"] = true
	case "access":
		c["client_id"] = testClient
		c["username"] = "alice"
		c["scope"] = "aws.cognito.signin.user.admin"
	}
	return c
}

func sign(t testing.TB, k signingKey, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = k.kid
	s, err := tok.SignedString(k.priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// jwksTransport serves a JWKS from memory, counting fetches, so verification
// runs its real HTTP code path without a network (also under js/wasm).
type jwksTransport struct {
	mu      sync.Mutex
	body    []byte
	status  int
	fetches int
	urls    []string
	gate    chan struct{} // when non-nil, each fetch waits for it to close
}

func (tr *jwksTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	tr.mu.Lock()
	tr.fetches++
	tr.urls = append(tr.urls, req.URL.String())
	body, status, gate := tr.body, tr.status, tr.gate
	tr.mu.Unlock()
	if gate != nil {
		<-gate
	}
	if status == 0 {
		status = http.StatusOK
	}
	return &http.Response{
		StatusCode: status,
		Status:     http.StatusText(status),
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(bytes.NewReader(body)),
		Request:    req,
	}, nil
}

func (tr *jwksTransport) set(body []byte) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.body = body
}

func (tr *jwksTransport) count() int {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.fetches
}
