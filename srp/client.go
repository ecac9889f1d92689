package srp

import (
	"encoding/base64"
	"io"
	"math/big"
	"time"
)

// privateABytes is the size of the client's secret a, as in
// amazon-cognito-identity-js.
const privateABytes = 128

// Client is the user's (or device's) side of one SRP exchange.
type Client struct {
	a, bigA *big.Int
}

// NewClient picks a random secret a from random (crypto/rand when nil) and
// computes A = g^a mod N. The first call also computes the tables of powers
// of g that make A and Claim faster, so a client made ahead of a sign-in
// leaves that sign-in less to do.
func NewClient(random io.Reader) (*Client, error) {
	buf, err := readRandom("NewClient", random, privateABytes)
	if err != nil {
		return nil, err
	}
	a := new(big.Int).SetBytes(buf)
	preparePowG()
	return &Client{a: a, bigA: powG(a)}, nil
}

// A returns the SRP_A parameter: A in lower-case hex without leading zeros.
func (c *Client) A() string { return c.bigA.Text(16) }

// Challenge holds the PASSWORD_VERIFIER (or DEVICE_PASSWORD_VERIFIER)
// challenge parameters as Cognito sends them.
type Challenge struct {
	Salt        string // SALT, hex
	B           string // SRP_B, hex
	SecretBlock string // SECRET_BLOCK, base64
}

// Claim holds the challenge responses that prove the password.
type Claim struct {
	Signature   string // PASSWORD_CLAIM_SIGNATURE, base64
	SecretBlock string // PASSWORD_CLAIM_SECRET_BLOCK, the SECRET_BLOCK echoed back
	Timestamp   string // TIMESTAMP, see FormatTimestamp
}

// Claim proves that the client knows the password of id, answering the
// challenge ch at the time now.
func (c *Client) Claim(id Identity, password string, ch Challenge, now time.Time) (Claim, error) {
	const op = "Claim"
	if err := checkIdentity(op, id, password); err != nil {
		return Claim{}, err
	}
	salt, err := parseHex(op, "SALT", ch.Salt)
	if err != nil {
		return Claim{}, err
	}
	bigB, err := parseHex(op, "SRP_B", ch.B)
	if err != nil {
		return Claim{}, err
	}
	secretBlock, err := decodeBase64(op, "SECRET_BLOCK", ch.SecretBlock, maxSecretBlockBytes)
	if err != nil {
		return Claim{}, err
	}
	key, err := c.sessionKey(op, id, password, salt, bigB)
	if err != nil {
		return Claim{}, err
	}
	ts := FormatTimestamp(now)
	sig := claimSignature(key, id, secretBlock, ts)
	return Claim{
		Signature:   base64.StdEncoding.EncodeToString(sig),
		SecretBlock: ch.SecretBlock,
		Timestamp:   ts,
	}, nil
}

// sessionKey computes the claim key for the server's B and the salt.
func (c *Client) sessionKey(op string, id Identity, password string, salt, bigB *big.Int) ([]byte, error) {
	if modN(bigB).Sign() == 0 {
		return nil, invalid(op, "SRP_B mod N is 0")
	}
	u := scramble(c.bigA, bigB)
	if u.Sign() == 0 {
		return nil, invalid(op, "u is 0")
	}
	x := privateKey(salt, id, password)

	// S = (B - k*g^x) ^ (a + u*x) mod N
	base := new(big.Int).Mul(multiplierK, powG(x))
	base.Sub(bigB, base).Mod(base, groupN)
	exp := new(big.Int).Mul(u, x)
	exp.Add(exp, c.a)
	s := expN(base, exp)
	return derivedKey(op, s, u)
}
