package srp_test

import (
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/cognitowasm/cognitowasm/srp"
)

// A client signs in against a server that stores only a verifier.
func Example() {
	id := srp.UserIdentity("us-east-1_LocalPool", "6c1f0e2a-user")

	// The pool, at sign-up: keep a verifier, never the password.
	verifier, err := srp.NewVerifier(id, "Correct horse 1!", nil)
	if err != nil {
		log.Fatal(err)
	}
	// InitiateAuth(USER_SRP_AUTH): the client sends SRP_A ...
	client, err := srp.NewClient(nil)
	if err != nil {
		log.Fatal(err)
	}
	// ... and the pool answers with SALT, SRP_B and SECRET_BLOCK.
	server, err := srp.NewServer(verifier, nil)
	if err != nil {
		log.Fatal(err)
	}
	secretBlock := []byte("opaque server state")
	challenge := srp.Challenge{
		Salt:        verifier.SaltHex(),
		B:           server.B(),
		SecretBlock: "b3BhcXVlIHNlcnZlciBzdGF0ZQ==",
	}
	// RespondToAuthChallenge(PASSWORD_VERIFIER).
	now := time.Date(2026, time.January, 2, 3, 4, 5, 0, time.UTC)
	claim, err := client.Claim(id, "Correct horse 1!", challenge, now)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(claim.Timestamp)
	fmt.Println(server.Verify(id, client.A(), secretBlock, claim.Timestamp, claim.Signature))

	wrong, err := client.Claim(id, "correct horse 1!", challenge, now)
	if err != nil {
		log.Fatal(err)
	}
	err = server.Verify(id, client.A(), secretBlock, wrong.Timestamp, wrong.Signature)
	fmt.Println(errors.Is(err, srp.ErrBadClaim))
	// Output:
	// Fri Jan 2 03:04:05 UTC 2026
	// <nil>
	// true
}

func ExampleSecretHash() {
	fmt.Println(srp.SecretHash("alice", "1example23456789", "client-secret"))
	// Output: doAs8PWFaIXHVzm8IRTTAZHZPttKm5OMQ6HFP6BUy1E=
}

func ExampleFormatTimestamp() {
	fmt.Println(srp.FormatTimestamp(time.Date(2026, time.March, 1, 13, 5, 9, 0, time.UTC)))
	// Output: Sun Mar 1 13:05:09 UTC 2026
}

func ExampleParseTimestamp() {
	t, err := srp.ParseTimestamp("Sun Mar 1 13:05:09 UTC 2026")
	fmt.Println(t, err)
	_, err = srp.ParseTimestamp("Sun Mar 01 13:05:09 UTC 2026")
	fmt.Println(errors.Is(err, srp.ErrInvalidInput))
	// Output:
	// 2026-03-01 13:05:09 +0000 UTC <nil>
	// true
}

// A device remembers Password and registers Salt and PasswordVerifier with
// ConfirmDevice; the pool turns them back into a verifier.
func ExampleNewDeviceSecret() {
	secret, err := srp.NewDeviceSecret("-Hb6c0sQL", "us-east-1_6f0b1d2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", nil)
	if err != nil {
		log.Fatal(err)
	}
	verifier, err := srp.VerifierFromDevice(secret.Salt, secret.PasswordVerifier)
	if err != nil {
		log.Fatal(err)
	}
	id := srp.DeviceIdentity("-Hb6c0sQL", "us-east-1_6f0b1d2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b")
	fmt.Println(len(secret.Password), verifier.Matches(id, secret.Password))
	// Output: 56 true
}
