package srp

import (
	"encoding/base64"
	"encoding/hex"
	"testing"
	"time"
)

// benchChallenge is a fixed exchange for benchmarks: a verifier, a server
// and the challenge it sends.
func benchChallenge(b testing.TB) (Identity, *Server, Challenge) {
	b.Helper()
	id := UserIdentity("us-east-1_LocalPool", "bench-user")
	v, err := NewVerifier(id, "Correct horse 1!", detRandom(1))
	if err != nil {
		b.Fatal(err)
	}
	srv, err := NewServer(v, detRandom(2))
	if err != nil {
		b.Fatal(err)
	}
	return id, srv, Challenge{
		Salt:        v.SaltHex(),
		B:           srv.B(),
		SecretBlock: base64.StdEncoding.EncodeToString(make([]byte, 1293)), // Cognito's are ~1724 base64 characters
	}
}

// benchClaimInput is BenchmarkClientSignIn's sign-in as
// amazon-cognito-identity-js takes it, in testdata/cognito_srp.js.
func benchClaimInput(b testing.TB) jsClaimInput {
	id, _, ch := benchChallenge(b)
	secretA, err := readRandom("bench", detRandom(3), privateABytes)
	if err != nil {
		b.Fatal(err)
	}
	return jsClaimInput{
		Realm: id.Realm, Name: id.Name, Password: "Correct horse 1!",
		A: hex.EncodeToString(secretA), B: ch.B, Salt: ch.Salt, SecretBlock: ch.SecretBlock,
		Timestamp: "Fri Jan 2 03:04:05 UTC 2026",
	}
}

// BenchmarkClientSignIn is one full client computation: A and the claim.
func BenchmarkClientSignIn(b *testing.B) {
	id, _, ch := benchChallenge(b)
	random := detRandom(3)
	now := time.Date(2026, time.January, 2, 3, 4, 5, 0, time.UTC)
	for b.Loop() {
		c, err := NewClient(random)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Claim(id, "Correct horse 1!", ch, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServerChallenge is the pool's work to answer InitiateAuth.
func BenchmarkServerChallenge(b *testing.B) {
	id := UserIdentity("us-east-1_LocalPool", "bench-user")
	v, err := NewVerifier(id, "Correct horse 1!", detRandom(1))
	if err != nil {
		b.Fatal(err)
	}
	random := detRandom(2)
	for b.Loop() {
		if _, err := NewServer(v, random); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServerVerify is the pool's work to check a claim.
func BenchmarkServerVerify(b *testing.B) {
	id, srv, ch := benchChallenge(b)
	c, err := NewClient(detRandom(3))
	if err != nil {
		b.Fatal(err)
	}
	claim, err := c.Claim(id, "Correct horse 1!", ch, time.Unix(0, 0))
	if err != nil {
		b.Fatal(err)
	}
	block, _ := base64.StdEncoding.DecodeString(ch.SecretBlock)
	for b.Loop() {
		if err := srv.Verify(id, c.A(), block, claim.Timestamp, claim.Signature); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifierMatches is the pool's work for USER_PASSWORD_AUTH.
func BenchmarkVerifierMatches(b *testing.B) {
	id := UserIdentity("us-east-1_LocalPool", "bench-user")
	v, err := NewVerifier(id, "Correct horse 1!", detRandom(1))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if !v.Matches(id, "Correct horse 1!") {
			b.Fatal("no match")
		}
	}
}
