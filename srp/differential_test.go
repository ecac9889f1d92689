package srp

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

// jsClaimInput is one PASSWORD_VERIFIER computation for cognito_srp.js.
type jsClaimInput struct {
	Realm       string `json:"realm"`
	Name        string `json:"name"`
	Password    string `json:"password"`
	A           string `json:"a"` // the secret a, hex
	B           string `json:"b"`
	Salt        string `json:"salt"`
	SecretBlock string `json:"secretBlock"`
	Timestamp   string `json:"timestamp"`
}

// jsDeviceInput is one generateHashDevice call fed with Random (hex).
type jsDeviceInput struct {
	Group  string `json:"group"`
	Key    string `json:"key"`
	Random string `json:"random"`
}

type jsCase struct {
	Claim  jsClaimInput   `json:"claim"`
	Device *jsDeviceInput `json:"device,omitempty"`
}

type jsResult struct {
	Claim struct {
		A, Key, Signature string
	} `json:"claim"`
	Device *struct {
		Password, Salt, Verifier string
	} `json:"device"`
}

// caseGen makes random inputs that stress the edges: short and negative
// values, leading zeros, upper-case hex and non-ASCII names.
type caseGen struct{ r *rand.Rand }

func (g caseGen) bytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.r.Uint32())
	}
	return b
}

// secretA returns the 128 bytes a client reads for a; some have many
// leading zeros, which makes a, and so A, short.
func (g caseGen) secretA() []byte {
	a := g.bytes(privateABytes)
	switch g.r.IntN(4) {
	case 0: // a < 2^16, so A = 2^a mod N = 2^a for most
		clear(a[:privateABytes-1-g.r.IntN(2)])
	case 1:
		clear(a[:g.r.IntN(privateABytes)])
	}
	return a
}

// hexInt returns the hex of a random integer of 1 to maxBytes bytes,
// sometimes negative, zero-prefixed or upper-case.
func (g caseGen) hexInt(maxBytes int) string {
	n := 1 + g.r.IntN(maxBytes)
	if g.r.IntN(3) == 0 {
		n = 1 + g.r.IntN(3)
	}
	b := g.bytes(n)
	if b[0] == 0 {
		b[0] = 1
	}
	s := hex.EncodeToString(b)
	switch g.r.IntN(6) {
	case 0:
		s = "-" + s
	case 1:
		s = "00" + s
	case 2:
		s = strings.ToUpper(s)
	case 3:
		s = strings.TrimLeft(s, "0")
	}
	return s
}

func (g caseGen) text() string {
	const alphabet = "abcXYZ019_-:.@+ é日本🙂"
	runes := []rune(alphabet)
	var sb strings.Builder
	for range g.r.IntN(40) {
		sb.WriteRune(runes[g.r.IntN(len(runes))])
	}
	return sb.String()
}

func (g caseGen) claim() jsClaimInput {
	var b string
	switch g.r.IntN(5) {
	case 0: // B above N
		b = new(big.Int).Add(groupN, new(big.Int).SetBytes(g.bytes(1+g.r.IntN(groupBytes)))).Text(16)
	case 1:
		b = g.hexInt(8)
	default:
		b = g.hexInt(groupBytes)
	}
	return jsClaimInput{
		Realm:       g.text(),
		Name:        g.text(),
		Password:    g.text(),
		A:           hex.EncodeToString(g.secretA()),
		B:           b,
		Salt:        g.hexInt(20),
		SecretBlock: base64.StdEncoding.EncodeToString(g.bytes(1 + g.r.IntN(1200))),
		Timestamp:   FormatTimestamp(time.Unix(g.r.Int64N(4102444800), 0)),
	}
}

// ourClaim computes in with this package, returning what cognito_srp.js returns.
func ourClaim(t *testing.T, in jsClaimInput) (a, key, signature string) {
	t.Helper()
	secretA, err := hex.DecodeString(in.A)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewClient(bytes.NewReader(secretA))
	if err != nil {
		t.Fatal(err)
	}
	now, err := ParseTimestamp(in.Timestamp)
	if err != nil {
		t.Fatal(err)
	}
	id := Identity{Realm: in.Realm, Name: in.Name}
	claim, err := c.Claim(id, in.Password, Challenge{Salt: in.Salt, B: in.B, SecretBlock: in.SecretBlock}, now)
	if err != nil {
		t.Fatalf("Claim(%+v): %v", in, err)
	}
	if claim.Timestamp != in.Timestamp || claim.SecretBlock != in.SecretBlock {
		t.Fatalf("Claim echoed timestamp %q, block %q; want %q, %q", claim.Timestamp, claim.SecretBlock, in.Timestamp, in.SecretBlock)
	}
	salt, _ := parseHex("test", "salt", in.Salt)
	bigB, _ := parseHex("test", "B", in.B)
	k, err := c.sessionKey("test", id, in.Password, salt, bigB)
	if err != nil {
		t.Fatal(err)
	}
	return c.A(), hex.EncodeToString(k), claim.Signature
}

// differentialCases is the number of random cases TestAgainstCognitoJS
// runs; the js/wasm build, where the reference runs in the same node
// process, runs fewer.
var differentialCases = 240

// TestAgainstCognitoJS compares A, the derived key, the claim signature and
// the device verifier with amazon-cognito-identity-js on the same inputs.
func TestAgainstCognitoJS(t *testing.T) {
	n := differentialCases
	g := caseGen{rand.New(rand.NewPCG(2026, 1))}
	cases := make([]jsCase, n)
	for i := range cases {
		cases[i] = jsCase{Claim: g.claim(), Device: &jsDeviceInput{
			Group: g.text(), Key: g.text(), Random: hex.EncodeToString(g.bytes(devicePasswordBytes + saltBytes)),
		}}
	}
	// Fixed edge cases: a = 1 (A = 2), the smallest salts, B = N+1.
	one := make([]byte, privateABytes)
	one[privateABytes-1] = 1
	edges := []jsClaimInput{
		{A: hex.EncodeToString(one), B: "1", Salt: "0"},
		{A: hex.EncodeToString(one), B: "-1", Salt: "-1"},
		{A: hex.EncodeToString(one), B: "80", Salt: "-80"},
		{A: hex.EncodeToString(one), B: new(big.Int).Add(groupN, big.NewInt(1)).Text(16), Salt: "-81"},
	}
	for _, e := range edges {
		e.Realm, e.Name, e.Password = "LocalPool", "user", "pw"
		e.SecretBlock, e.Timestamp = "AA==", "Thu Jan 1 00:00:00 UTC 1970"
		cases = append(cases, jsCase{Claim: e})
	}

	var negativeSalts, shortA int
	for _, c := range cases {
		if strings.HasPrefix(c.Claim.Salt, "-") {
			negativeSalts++
		}
		if a, _ := new(big.Int).SetString(c.Claim.A, 16); a.BitLen() < 8*groupBytes-8 {
			shortA++ // A = 2^a < N
		}
	}
	if negativeSalts < n/12 || shortA < n/12 {
		t.Errorf("only %d negative salts and %d short A values in %d cases", negativeSalts, shortA, len(cases))
	}
	// Two node processes share the work.
	for part := range 2 {
		t.Run(strconv.Itoa(part), func(t *testing.T) {
			t.Parallel()
			var mine []jsCase
			for i := part; i < len(cases); i += 2 {
				mine = append(mine, cases[i])
			}
			compareWithCognitoJS(t, mine)
		})
	}
}

// compareWithCognitoJS runs cases through cognito_srp.js and this package.
func compareWithCognitoJS(t *testing.T, cases []jsCase) {
	var want []jsResult
	cognitoJS(t, "claims", cases, &want)
	if len(want) != len(cases) {
		t.Fatalf("got %d results for %d cases", len(want), len(cases))
	}
	for i, c := range cases {
		a, key, sig := ourClaim(t, c.Claim)
		w := want[i].Claim
		if a != w.A || key != w.Key || sig != w.Signature {
			t.Errorf("case %+v:\n ours A=%s key=%s sig=%s\n   js A=%s key=%s sig=%s", c.Claim, a, key, sig, w.A, w.Key, w.Signature)
		}
		if c.Device == nil {
			continue
		}
		random, _ := hex.DecodeString(c.Device.Random)
		got, err := NewDeviceSecret(c.Device.Group, c.Device.Key, bytes.NewReader(random))
		if err != nil {
			t.Fatal(err)
		}
		wd := want[i].Device
		if got.Password != wd.Password || got.Salt != wd.Salt || got.PasswordVerifier != wd.Verifier {
			t.Errorf("device case %+v: ours %+v, js %+v", *c.Device, got, *wd)
		}
	}
}

// TestServerAcceptsCognitoJS registers devices made by amazon-cognito-identity-js
// with our verifier and server, and checks that its claims verify, with the
// right device password only.
func TestServerAcceptsCognitoJS(t *testing.T) {
	g := caseGen{rand.New(rand.NewPCG(2026, 2))}
	type device struct {
		id  Identity
		srv *Server
	}
	var devices []device
	var registrations []jsCase
	for range 16 {
		in := &jsDeviceInput{Group: g.text(), Key: g.text(), Random: hex.EncodeToString(g.bytes(devicePasswordBytes + saltBytes))}
		registrations = append(registrations, jsCase{Claim: g.claim(), Device: in})
		devices = append(devices, device{id: DeviceIdentity(in.Group, in.Key)})
	}
	var registered []jsResult
	cognitoJS(t, "claims", registrations, &registered)

	var claims []jsCase
	for i, r := range registered {
		v, err := VerifierFromDevice(r.Device.Salt, r.Device.Verifier)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Matches(devices[i].id, r.Device.Password) || v.Matches(devices[i].id, r.Device.Password+"x") {
			t.Errorf("device %d: Matches does not tell the device password from another", i)
		}
		srv, err := NewServer(v, bytes.NewReader(g.bytes(privateBBytes)))
		if err != nil {
			t.Fatal(err)
		}
		devices[i].srv = srv
		in := g.claim()
		in.Realm, in.Name, in.Password = devices[i].id.Realm, devices[i].id.Name, r.Device.Password
		in.B, in.Salt = srv.B(), v.SaltHex()
		if i%4 == 3 {
			in.Password += "x"
		}
		claims = append(claims, jsCase{Claim: in})
	}
	var answers []jsResult
	cognitoJS(t, "claims", claims, &answers)
	for i, a := range answers {
		in := claims[i].Claim
		block, _ := base64.StdEncoding.DecodeString(in.SecretBlock)
		err := devices[i].srv.Verify(devices[i].id, a.Claim.A, block, in.Timestamp, a.Claim.Signature)
		if i%4 == 3 {
			if !errors.Is(err, ErrBadClaim) {
				t.Errorf("device %d, wrong password: Verify = %v, want ErrBadClaim", i, err)
			}
		} else if err != nil {
			t.Errorf("device %d: Verify = %v", i, err)
		}
	}
}

// TestPadAgainstCognitoJS checks pad.json (Java's table) and random values
// of every length against AuthenticationHelper.padHex.
func TestPadAgainstCognitoJS(t *testing.T) {
	var table padTable
	readJSON(t, "pad.json", &table)
	var values []*big.Int
	for _, c := range table.Cases {
		values = append(values, big.NewInt(c.N))
	}
	g := caseGen{rand.New(rand.NewPCG(2026, 3))}
	for i := range 300 {
		x := new(big.Int).SetBytes(g.bytes(1 + i%(groupBytes+1)))
		if i%3 == 0 { // -0x80...00, where the shortest form drops the sign byte
			x.Lsh(big.NewInt(1), uint(8*(i%40)+7))
		}
		values = append(values, x, new(big.Int).Neg(x))
	}
	in := make([]string, len(values))
	for i, v := range values {
		in[i] = v.Text(16)
	}
	var want []string
	cognitoJS(t, "pad", in, &want)
	if len(want) != len(values) {
		t.Fatalf("got %d results for %d values", len(want), len(values))
	}
	for i, v := range values {
		if got := hex.EncodeToString(pad(v)); got != want[i] {
			t.Errorf("pad(%s) = %s, padHex = %s", in[i], got, want[i])
		}
	}
	for i, c := range table.Cases {
		if c.Hex != want[i] {
			t.Errorf("pad.json %d = %s, padHex = %s", c.N, c.Hex, want[i])
		}
	}
}

// TestTimestampsAgainstCognitoJS checks timestamps.json and random instants
// against DateHelper.getNowString.
func TestTimestampsAgainstCognitoJS(t *testing.T) {
	var table timestampTable
	readJSON(t, "timestamps.json", &table)
	var instants []int64
	for _, c := range table.Cases {
		instants = append(instants, c.UnixMilli)
	}
	g := caseGen{rand.New(rand.NewPCG(2026, 4))}
	for range 200 {
		instants = append(instants, g.r.Int64N(4102444800000))
	}
	var want []string
	cognitoJS(t, "timestamps", instants, &want)
	if len(want) != len(instants) {
		t.Fatalf("got %d results for %d instants", len(want), len(instants))
	}
	for i, ms := range instants {
		if got := FormatTimestamp(time.UnixMilli(ms)); got != want[i] {
			t.Errorf("FormatTimestamp(%d ms) = %q, getNowString = %q", ms, got, want[i])
		}
	}
}
