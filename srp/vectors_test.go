package srp

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// readJSON decodes testdata/name into v.
func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func hexBytes(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// golden holds vectors published in other projects' test suites.
type golden struct {
	K []struct {
		Source, K string
	}
	Claims []struct {
		Source, UserPoolID, UserIDForSRP, Password string
		SecretA, Salt, B, SecretBlock              string // inputs
		Time                                       time.Time
		A, Key, Signature                          string // outputs
	}
	Scrambles []struct {
		Source, A, B, U string
	}
	HKDF []struct {
		Source, IKM, Salt, Key string
	}
	SecretHashes []struct {
		Source, Username, ClientID, ClientSecret, SecretHash string
	}
}

func TestGoldenVectors(t *testing.T) {
	var g golden
	readJSON(t, "golden.json", &g)
	if len(g.K) == 0 || len(g.Claims) == 0 || len(g.Scrambles) == 0 || len(g.HKDF) == 0 || len(g.SecretHashes) == 0 {
		t.Fatal("golden.json lacks a section")
	}
	for _, v := range g.K {
		if got := multiplierK.Text(16); got != v.K {
			t.Errorf("k = %s, want %s (%s)", got, v.K, v.Source)
		}
	}
	for _, v := range g.Claims {
		// The client reads a as 128 big-endian bytes.
		secretA := new(big.Int).SetBytes(hexBytes(t, v.SecretA)).FillBytes(make([]byte, privateABytes))
		c, err := NewClient(bytes.NewReader(secretA))
		if err != nil {
			t.Fatal(err)
		}
		if c.A() != v.A {
			t.Errorf("A = %s, want %s (%s)", c.A(), v.A, v.Source)
		}
		id := UserIdentity(v.UserPoolID, v.UserIDForSRP)
		salt, _ := new(big.Int).SetString(v.Salt, 16)
		bigB, _ := new(big.Int).SetString(v.B, 16)
		key, err := c.sessionKey("test", id, v.Password, salt, bigB)
		if err != nil || hex.EncodeToString(key) != v.Key {
			t.Errorf("key = %x, %v; want %s (%s)", key, err, v.Key, v.Source)
		}
		claim, err := c.Claim(id, v.Password, Challenge{Salt: v.Salt, B: v.B, SecretBlock: v.SecretBlock}, v.Time)
		if err != nil || claim.Signature != v.Signature {
			t.Errorf("signature = %s, %v; want %s (%s)", claim.Signature, err, v.Signature, v.Source)
		}
	}
	for _, v := range g.Scrambles {
		a, _ := new(big.Int).SetString(v.A, 16)
		b, _ := new(big.Int).SetString(v.B, 16)
		if got := scramble(a, b).Text(16); got != v.U {
			t.Errorf("u = %s, want %s (%s)", got, v.U, v.Source)
		}
	}
	for _, v := range g.HKDF {
		ikm, salt := hexBytes(t, v.IKM), hexBytes(t, v.Salt)
		s, u := new(big.Int).SetBytes(ikm), new(big.Int).SetBytes(salt)
		if !bytes.Equal(pad(s), ikm) || !bytes.Equal(pad(u), salt) {
			t.Fatalf("HKDF vector is not in padded form (%s)", v.Source)
		}
		key, err := derivedKey("test", s, u)
		if err != nil || hex.EncodeToString(key) != v.Key {
			t.Errorf("HKDF key = %x, %v; want %s (%s)", key, err, v.Key, v.Source)
		}
	}
	for _, v := range g.SecretHashes {
		if got := SecretHash(v.Username, v.ClientID, v.ClientSecret); got != v.SecretHash {
			t.Errorf("SecretHash = %s, want %s (%s)", got, v.SecretHash, v.Source)
		}
	}
}

type padTable struct {
	Cases []struct {
		N   int64
		Hex string
	}
}

func TestPadTable(t *testing.T) {
	var table padTable
	readJSON(t, "pad.json", &table)
	if len(table.Cases) != 513 {
		t.Fatalf("pad.json has %d cases, want -256...256", len(table.Cases))
	}
	for _, c := range table.Cases {
		if got := hex.EncodeToString(pad(big.NewInt(c.N))); got != c.Hex {
			t.Errorf("pad(%d) = %s, want %s", c.N, got, c.Hex)
		}
	}
}

type timestampTable struct {
	Cases []struct {
		UnixMilli int64
		Timestamp string
	}
}

func TestTimestampTable(t *testing.T) {
	var table timestampTable
	readJSON(t, "timestamps.json", &table)
	for _, c := range table.Cases {
		at := time.UnixMilli(c.UnixMilli)
		if got := FormatTimestamp(at); got != c.Timestamp {
			t.Errorf("FormatTimestamp(%v) = %q, want %q", at, got, c.Timestamp)
		}
		// Zones other than UTC format the same instant.
		if got := FormatTimestamp(at.In(time.FixedZone("X", -11*3600))); got != c.Timestamp {
			t.Errorf("FormatTimestamp in UTC-11 = %q, want %q", got, c.Timestamp)
		}
		parsed, err := ParseTimestamp(c.Timestamp)
		if err != nil || !parsed.Equal(at.Truncate(time.Second)) || parsed.Location() != time.UTC {
			t.Errorf("ParseTimestamp(%q) = %v, %v; want %v", c.Timestamp, parsed, err, at.Truncate(time.Second).UTC())
		}
	}
}
