package srp

import (
	"bytes"
	"encoding/base64"
	"errors"
	"testing"
)

// checkError fails unless err is nil or an *Error matching ErrInvalidInput
// (or ErrBadClaim when badClaimOK).
func checkError(t *testing.T, err error, badClaimOK bool) {
	t.Helper()
	var e *Error
	if err == nil {
		return
	}
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *Error", err)
	}
	if !errors.Is(err, ErrInvalidInput) && !(badClaimOK && errors.Is(err, ErrBadClaim)) {
		t.Fatalf("unexpected error kind: %v", err)
	}
}

func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{"Fri Jan 2 03:04:05 UTC 2026", "Sat Oct 31 23:00:00 UTC 2026", "Fri Jan 02 03:04:05 UTC 2026", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts, err := ParseTimestamp(s)
		checkError(t, err, false)
		if err == nil && FormatTimestamp(ts) != s {
			t.Fatalf("ParseTimestamp(%q) = %v, which formats as %q", s, ts, FormatTimestamp(ts))
		}
	})
}

// FuzzClaim feeds the challenge parameters a server sends to the client.
func FuzzClaim(f *testing.F) {
	c, err := NewClient(detRandom(1))
	if err != nil {
		f.Fatal(err)
	}
	f.Add("0abc", "1234", "AAEC")
	f.Add("-80", "-1", "AA==")
	f.Add("", "0", "")
	f.Add("ff", groupHex, "AA")
	f.Fuzz(func(t *testing.T, salt, b, secretBlock string) {
		claim, err := c.Claim(Identity{"Pool", "user"}, "pw", Challenge{Salt: salt, B: b, SecretBlock: secretBlock}, testNow)
		checkError(t, err, false)
		if err == nil && (claim.SecretBlock != secretBlock || len(claim.Signature) != 44) {
			t.Fatalf("Claim = %+v", claim)
		}
	})
}

// FuzzVerify feeds a client's SRP_A to CheckA and its PASSWORD_VERIFIER
// response to the server.
func FuzzVerify(f *testing.F) {
	id := UserIdentity("us-east-1_LocalPool", "user")
	v, srv, c := fixedParties(f, id, "pw")
	claim, err := c.Claim(id, "pw", Challenge{Salt: v.SaltHex(), B: srv.B(), SecretBlock: "AAEC"}, testNow)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(c.A(), []byte{0, 1, 2}, claim.Timestamp, claim.Signature)
	f.Add("0", []byte{}, "", "")
	f.Add("-"+groupHex, []byte{1}, claim.Timestamp, base64.StdEncoding.EncodeToString(make([]byte, 32)))
	f.Fuzz(func(t *testing.T, aHex string, secretBlock []byte, timestamp, signature string) {
		checkError(t, CheckA(aHex), false)
		checkError(t, srv.Verify(id, aHex, secretBlock, timestamp, signature), true)
	})
}

// FuzzVerifierFromDevice feeds ConfirmDevice's DeviceSecretVerifierConfig
// and a stored b to the server side.
func FuzzVerifierFromDevice(f *testing.F) {
	_, srv, c := fixedParties(f, UserIdentity("us-east-1_LocalPool", "user"), "pw")
	a := c.A()
	f.Add("AQ==", "Ag==", []byte{1})
	f.Add("gA==", base64.StdEncoding.EncodeToString(groupN.Bytes()), []byte{})
	f.Add("", "", make([]byte, 300))
	f.Fuzz(func(t *testing.T, salt, verifier string, b []byte) {
		v, err := VerifierFromDevice(salt, verifier)
		checkError(t, err, false)
		if err != nil {
			return
		}
		_ = v.SaltHex()
		restored, err := RestoreServer(v, b, srv.PublicB())
		checkError(t, err, false)
		if err == nil {
			checkError(t, restored.Verify(DeviceIdentity("group", "device"), a, []byte("block"), testTimestamp, zeroSignature), true)
		}
	})
}

// FuzzRestoreServer feeds a stored b and B to the server side.
func FuzzRestoreServer(f *testing.F) {
	id := UserIdentity("us-east-1_LocalPool", "user")
	v, srv, c := fixedParties(f, id, "pw")
	a := c.A()
	f.Add(srv.PrivateB(), srv.PublicB())
	f.Add([]byte{1}, []byte{2})
	f.Add([]byte{}, groupN.Bytes())
	f.Add(make([]byte, 300), make([]byte, groupBytes))
	f.Add([]byte{7}, append(make([]byte, groupBytes-1), 9))
	f.Fuzz(func(t *testing.T, b, publicB []byte) {
		restored, err := RestoreServer(v, b, publicB)
		checkError(t, err, false)
		if err != nil {
			return
		}
		if restored.B() == "0" || !bytes.Equal(restored.PublicB(), publicB) || !bytes.Equal(restored.PrivateB(), b) {
			t.Fatalf("RestoreServer gave B = %q", restored.B())
		}
		checkError(t, restored.Verify(id, a, []byte("block"), testTimestamp, zeroSignature), true)
	})
}

const (
	testTimestamp = "Fri Jan 2 03:04:05 UTC 2026"
	zeroSignature = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
)
