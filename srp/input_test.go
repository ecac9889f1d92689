package srp

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"math/big"
	"strings"
	"testing"
	"testing/iotest"
)

func TestClaimRejects(t *testing.T) {
	id := UserIdentity("us-east-1_LocalPool", "user")
	good := Challenge{Salt: "0abc", B: "1234", SecretBlock: "AAEC"}
	long := strings.Repeat("a", maxHexLen+1)
	tests := []struct {
		name     string
		id       Identity
		password string
		edit     func(*Challenge)
	}{
		{"empty salt", id, "pw", func(c *Challenge) { c.Salt = "" }},
		{"salt only a sign", id, "pw", func(c *Challenge) { c.Salt = "-" }},
		{"salt with plus", id, "pw", func(c *Challenge) { c.Salt = "+12" }},
		{"salt not hex", id, "pw", func(c *Challenge) { c.Salt = "12g4" }},
		{"salt with space", id, "pw", func(c *Challenge) { c.Salt = "12 34" }},
		{"salt with underscore", id, "pw", func(c *Challenge) { c.Salt = "12_34" }},
		{"salt too long", id, "pw", func(c *Challenge) { c.Salt = long }},
		{"B is 0", id, "pw", func(c *Challenge) { c.B = "0" }},
		{"B is N", id, "pw", func(c *Challenge) { c.B = groupHex }},
		{"B is -N", id, "pw", func(c *Challenge) { c.B = "-" + groupHex }},
		{"B is 2N", id, "pw", func(c *Challenge) { c.B = new(big.Int).Lsh(groupN, 1).Text(16) }},
		{"B is 0x prefixed", id, "pw", func(c *Challenge) { c.B = "0x1234" }},
		{"B too long", id, "pw", func(c *Challenge) { c.B = long }},
		{"empty secret block", id, "pw", func(c *Challenge) { c.SecretBlock = "" }},
		{"secret block not base64", id, "pw", func(c *Challenge) { c.SecretBlock = "AA*C" }},
		{"secret block unpadded", id, "pw", func(c *Challenge) { c.SecretBlock = "AAE" }},
		{"secret block URL alphabet", id, "pw", func(c *Challenge) { c.SecretBlock = "AA-_" }},
		{"secret block too long", id, "pw", func(c *Challenge) {
			c.SecretBlock = base64.StdEncoding.EncodeToString(make([]byte, maxSecretBlockBytes+1))
		}},
		{"password too long", id, strings.Repeat("p", maxTextLen+1), func(*Challenge) {}},
		{"name too long", Identity{"LocalPool", strings.Repeat("n", maxTextLen+1)}, "pw", func(*Challenge) {}},
		{"realm too long", Identity{strings.Repeat("r", maxTextLen+1), "user"}, "pw", func(*Challenge) {}},
	}
	c, err := NewClient(detRandom(1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Claim(id, "pw", good, testNow); err != nil {
		t.Fatalf("the unedited challenge fails: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := good
			tt.edit(&ch)
			_, err := c.Claim(tt.id, tt.password, ch, testNow)
			var e *Error
			if !errors.Is(err, ErrInvalidInput) || !errors.As(err, &e) || e.Op != "Claim" {
				t.Fatalf("Claim = %v, want an *Error from Claim matching ErrInvalidInput", err)
			}
		})
	}
}

func TestVerifierFromDevice(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString
	nMinus1 := new(big.Int).Sub(groupN, big.NewInt(1))
	tests := []struct {
		name, salt, verifier string
		ok                   bool
	}{
		{"small", b64([]byte{1}), b64([]byte{2}), true},
		{"N-1 padded", b64([]byte{0x80, 1}), b64(pad(nMinus1)), true},
		{"empty salt", "", b64([]byte{2}), false},
		{"empty verifier", b64([]byte{1}), "", false},
		{"verifier 0", b64([]byte{1}), b64([]byte{0, 0}), false},
		{"verifier N", b64([]byte{1}), b64(groupN.Bytes()), false},
		{"verifier too long", b64([]byte{1}), b64(make([]byte, maxVerifierBytes+1)), false},
		{"salt too long", b64(make([]byte, maxSaltBytes+1)), b64([]byte{2}), false},
		{"salt not base64", "AQ=", b64([]byte{2}), false},
		{"verifier not base64", b64([]byte{1}), "Ag", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := VerifierFromDevice(tt.salt, tt.verifier)
			if tt.ok != (err == nil) {
				t.Fatalf("VerifierFromDevice = %v, want ok=%v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("error %v does not match ErrInvalidInput", err)
			}
		})
	}
}

func TestRestoreServer(t *testing.T) {
	id := UserIdentity("us-east-1_LocalPool", "user")
	srv, a, block, claim := exchange(t, id, "pw", "pw")
	v, err := NewVerifier(id, "pw", detRandom(1)) // exchange's verifier
	if err != nil {
		t.Fatal(err)
	}
	b, bigB := srv.PrivateB(), srv.PublicB()
	if len(b) != privateBBytes || len(bigB) != groupBytes {
		t.Fatalf("PrivateB has %d bytes, PublicB %d", len(b), len(bigB))
	}
	b[0] ^= 0xff // PrivateB and PublicB return copies
	b[0] ^= 0xff
	bigB[0] ^= 0xff
	bigB[0] ^= 0xff
	restored, err := RestoreServer(v, b, bigB)
	if err != nil || restored.B() != srv.B() {
		t.Fatalf("RestoreServer = %v, %v; want B %s", restored, err, srv.B())
	}
	if err := restored.Verify(id, a, block, claim.Timestamp, claim.Signature); err != nil {
		t.Fatalf("the restored server refuses the claim: %v", err)
	}

	short := make([]byte, groupBytes)
	short[groupBytes-1] = 5 // B = 5 keeps its width
	if s, err := RestoreServer(v, b, short); err != nil || s.B() != "5" || !bytes.Equal(s.PublicB(), short) {
		t.Fatalf("RestoreServer(B = 5) = %v, %v", s, err)
	}
	nMinus1 := new(big.Int).Sub(groupN, big.NewInt(1)).Bytes()
	for _, tt := range []struct {
		name string
		v    Verifier
		b, B []byte
	}{
		{"empty b", v, nil, bigB},
		{"zero b", v, make([]byte, 8), bigB},
		{"b too long", v, make([]byte, maxPrivateBytes+1), bigB},
		{"no B", v, b, nil},
		{"B one byte short", v, b, bigB[1:]},
		{"B one byte long", v, b, append([]byte{0}, bigB...)},
		{"zero B", v, b, make([]byte, groupBytes)},
		{"B = N", v, b, groupN.Bytes()},
		{"B above N", v, b, bytes.Repeat([]byte{0xff}, groupBytes)},
		{"no verifier value", Verifier{Salt: v.Salt}, b, bigB},
	} {
		if _, err := RestoreServer(tt.v, tt.b, tt.B); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("RestoreServer(%s) = %v, want ErrInvalidInput", tt.name, err)
		}
	}
	if _, err := RestoreServer(v, b, nMinus1); err != nil {
		t.Errorf("RestoreServer(B = N-1) = %v", err)
	}
	if _, err := NewServer(Verifier{Value: v.Value}, nil); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("NewServer without a salt = %v, want ErrInvalidInput", err)
	}
}

// A negative salt travels as "-hex" and both sides hash its two's
// complement bytes.
func TestNegativeSaltRoundTrip(t *testing.T) {
	id := DeviceIdentity("group", "device")
	for _, salt := range [][]byte{{0x80}, {0xff}, {0xff, 0x00}, {0x80, 0, 0, 1}, {0xde, 0xad, 0xbe, 0xef}} {
		v := Verifier{Salt: salt}
		v.Value = pad(powG(privateKey(v.saltInt(), id, "pw")))
		hexSalt := v.SaltHex()
		if !strings.HasPrefix(hexSalt, "-") {
			t.Fatalf("SaltHex(%x) = %s, want a negative value", salt, hexSalt)
		}
		parsed, err := parseHex("test", "SALT", hexSalt)
		if err != nil || string(pad(parsed)) != string(salt) {
			t.Fatalf("pad(parse(%s)) = %x, %v; want %x", hexSalt, pad(parsed), err, salt)
		}
		if !v.Matches(id, "pw") || v.Matches(id, "pW") {
			t.Errorf("Matches with salt %x does not tell passwords apart", salt)
		}
		srv, c := fixedServerAndClient(t, v)
		claim, err := c.Claim(id, "pw", Challenge{Salt: hexSalt, B: srv.B(), SecretBlock: "AA=="}, testNow)
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Verify(id, c.A(), []byte{0}, claim.Timestamp, claim.Signature); err != nil {
			t.Errorf("salt %x: Verify = %v", salt, err)
		}
	}
}

func TestRandomFailure(t *testing.T) {
	broken := iotest.ErrReader(io.ErrClosedPipe)
	short := strings.NewReader("short")
	_, err1 := NewClient(broken)
	_, err2 := NewVerifier(Identity{}, "pw", broken)
	_, err3 := NewDeviceSecret("g", "k", short)
	_, err4 := NewServer(Verifier{Salt: []byte{1}, Value: []byte{2}}, broken)
	for i, err := range []error{err1, err2, err3, err4} {
		var e *Error
		if !errors.As(err, &e) || errors.Is(err, ErrInvalidInput) {
			t.Errorf("case %d: %v, want an *Error wrapping the reader's error", i, err)
		}
	}
	if !errors.Is(err1, io.ErrClosedPipe) || !errors.Is(err3, io.ErrUnexpectedEOF) {
		t.Errorf("errors do not wrap the reader's: %v, %v", err1, err3)
	}
}

func TestParseTimestampRejects(t *testing.T) {
	for _, s := range []string{
		"",
		"Fri Jan 02 03:04:05 UTC 2026", // zero-padded day
		"Sat Jan 2 03:04:05 UTC 2026",  // wrong weekday
		"Fri Jan 2 3:04:05 UTC 2026",   // unpadded hour
		"Fri Jan 2 03:04:05 GMT 2026",
		"Fri Jan 2 03:04:05 PM UTC 2026",
		"Fri Jan 2 24:04:05 UTC 2026",
		"Fri Jan 2 03:04:05 UTC 2026 ",
		"fri jan 2 03:04:05 UTC 2026",
		"Fri Jan 32 03:04:05 UTC 2026",
		"Fri Jan  2 03:04:05 UTC 2026",
		"2026-01-02T03:04:05Z",
		strings.Repeat("Fri Jan 2 03:04:05 UTC 2026", 10),
	} {
		if _, err := ParseTimestamp(s); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("ParseTimestamp(%q) = %v, want ErrInvalidInput", s, err)
		}
	}
}

func TestUserIdentity(t *testing.T) {
	for _, tt := range []struct{ pool, realm string }{
		{"us-east-1_LocalPool", "LocalPool"},
		{"eu-west-1_myPool", "myPool"},
		{"a_b_c", "b"}, // like userPoolId.split("_")[1]
		{"nounderscore", ""},
		{"", ""},
	} {
		if got := UserIdentity(tt.pool, "u"); got != (Identity{tt.realm, "u"}) {
			t.Errorf("UserIdentity(%q) = %+v, want realm %q", tt.pool, got, tt.realm)
		}
	}
}

func TestCheckA(t *testing.T) {
	c, err := NewClient(detRandom(1))
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckA(c.A()); err != nil {
		t.Fatalf("CheckA(client's A) = %v", err)
	}
	for _, a := range []string{"", "-", "0", "-0", groupHex, "-" + groupHex, new(big.Int).Lsh(groupN, 1).Text(16), "xyz", "0x12",
		strings.Repeat("a", maxHexLen+1)} {
		err := CheckA(a)
		var e *Error
		if !errors.Is(err, ErrInvalidInput) || !errors.As(err, &e) || e.Op != "CheckA" {
			t.Errorf("CheckA(%.20q) = %v, want an *Error from CheckA matching ErrInvalidInput", a, err)
		}
	}
}

func TestNewDecoyVerifier(t *testing.T) {
	seed := bytes.Repeat([]byte{0xa5}, 400)
	d1, err := NewDecoyVerifier(bytes.NewReader(seed))
	if err != nil {
		t.Fatal(err)
	}
	d2, _ := NewDecoyVerifier(bytes.NewReader(seed))
	if !bytes.Equal(d1.Salt, d2.Salt) || !bytes.Equal(d1.Value, d2.Value) {
		t.Fatal("the same random bytes gave two decoys")
	}
	real, err := NewVerifier(UserIdentity("us-east-1_Pool", "ann"), "Passw0rd!", bytes.NewReader(seed))
	if err != nil {
		t.Fatal(err)
	}
	// The salt is drawn as NewVerifier draws it, so SALT looks the same.
	if d1.SaltHex() != real.SaltHex() {
		t.Errorf("decoy SALT %s, NewVerifier's from the same bytes %s", d1.SaltHex(), real.SaltHex())
	}
	// A server accepts the decoy, and no password matches it.
	if _, err := NewServer(d1, nil); err != nil {
		t.Fatalf("NewServer(decoy): %v", err)
	}
	if d1.Matches(UserIdentity("us-east-1_Pool", "ann"), "Passw0rd!") {
		t.Error("a password matches the decoy")
	}
	if _, err := NewDecoyVerifier(bytes.NewReader(seed[:10])); err == nil {
		t.Error("a short random source made a decoy")
	}
}
