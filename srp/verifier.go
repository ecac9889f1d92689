package srp

import (
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"io"
	"math/big"
)

// saltBytes is the size of a fresh random salt, as in
// amazon-cognito-identity-js.
const saltBytes = 16

// Verifier is what a server stores instead of a password.
type Verifier struct {
	// Salt is the salt as a two's complement big-endian integer, the way
	// Cognito (Java) reads it. Fresh salts are non-negative.
	Salt []byte
	// Value is v = g^x mod N, big-endian.
	Value []byte
}

// NewVerifier picks a random salt from random (crypto/rand when nil) and
// computes the verifier of password for id.
func NewVerifier(id Identity, password string, random io.Reader) (Verifier, error) {
	const op = "NewVerifier"
	if err := checkIdentity(op, id, password); err != nil {
		return Verifier{}, err
	}
	buf, err := readRandom(op, random, saltBytes)
	if err != nil {
		return Verifier{}, err
	}
	salt := new(big.Int).SetBytes(buf)
	v := powG(privateKey(salt, id, password))
	return Verifier{Salt: pad(salt), Value: pad(v)}, nil
}

// NewDecoyVerifier draws a verifier of no password from random (crypto/rand
// when nil): a salt drawn as NewVerifier draws one and a value drawn from
// [1, N). To a client it looks like a real verifier, and it costs no
// exponentiation, so a server can answer an unknown user with it as fast as a
// known one.
func NewDecoyVerifier(random io.Reader) (Verifier, error) {
	const op = "NewDecoyVerifier"
	buf, err := readRandom(op, random, saltBytes+groupBytes)
	if err != nil {
		return Verifier{}, err
	}
	v := new(big.Int).SetBytes(buf[saltBytes:])
	v.Mod(v, new(big.Int).Sub(groupN, big.NewInt(1))).Add(v, big.NewInt(1))
	return Verifier{Salt: pad(new(big.Int).SetBytes(buf[:saltBytes])), Value: pad(v)}, nil
}

// VerifierFromDevice reads the DeviceSecretVerifierConfig a client sends
// with ConfirmDevice.
func VerifierFromDevice(saltB64, passwordVerifierB64 string) (Verifier, error) {
	const op = "VerifierFromDevice"
	salt, err := decodeBase64(op, "Salt", saltB64, maxSaltBytes)
	if err != nil {
		return Verifier{}, err
	}
	value, err := decodeBase64(op, "PasswordVerifier", passwordVerifierB64, maxVerifierBytes)
	if err != nil {
		return Verifier{}, err
	}
	v := Verifier{Salt: salt, Value: value}
	return v, v.check(op)
}

// check rejects a verifier whose salt is empty or over-long or whose value
// is not in [1, N).
func (v Verifier) check(op string) error {
	if len(v.Salt) == 0 || len(v.Salt) > maxSaltBytes {
		return invalid(op, "verifier salt is empty or longer than 256 bytes")
	}
	if len(v.Value) > maxVerifierBytes {
		return invalid(op, "verifier value is longer than N")
	}
	x := new(big.Int).SetBytes(v.Value)
	if x.Sign() == 0 || x.Cmp(groupN) >= 0 {
		return invalid(op, "verifier value is not in [1, N)")
	}
	return nil
}

// saltInt returns the salt as Cognito reads it: a signed integer.
func (v Verifier) saltInt() *big.Int {
	x := new(big.Int).SetBytes(v.Salt)
	if len(v.Salt) > 0 && v.Salt[0]&0x80 != 0 {
		x.Sub(x, new(big.Int).Lsh(big.NewInt(1), uint(8*len(v.Salt))))
	}
	return x
}

// SaltHex returns the SALT challenge parameter. A negative salt is sent
// with a leading "-", which amazon-cognito-identity-js parses back to the
// same signed integer.
func (v Verifier) SaltHex() string {
	x := v.saltInt()
	if x.Sign() < 0 {
		return x.Text(16)
	}
	return hex.EncodeToString(v.Salt)
}

// Matches reports whether password is the one v was made from, comparing in
// constant time. It serves USER_PASSWORD_AUTH.
func (v Verifier) Matches(id Identity, password string) bool {
	if v.check("Matches") != nil || checkIdentity("Matches", id, password) != nil {
		return false
	}
	got := powG(privateKey(v.saltInt(), id, password))
	want := new(big.Int).SetBytes(v.Value)
	return subtle.ConstantTimeCompare(got.FillBytes(make([]byte, groupBytes)), want.FillBytes(make([]byte, groupBytes))) == 1
}

// DeviceSecret is a new device's secret: the password the device remembers
// and the verifier it registers with ConfirmDevice.
type DeviceSecret struct {
	Password         string // base64 of 40 random bytes, kept by the device
	Salt             string // base64, DeviceSecretVerifierConfig.Salt
	PasswordVerifier string // base64, DeviceSecretVerifierConfig.PasswordVerifier
}

// devicePasswordBytes is the size of a device's random password.
const devicePasswordBytes = 40

// NewDeviceSecret makes a random device password and its verifier, reading
// first the password and then the salt from random (crypto/rand when nil),
// like AuthenticationHelper.generateHashDevice.
func NewDeviceSecret(deviceGroupKey, deviceKey string, random io.Reader) (DeviceSecret, error) {
	const op = "NewDeviceSecret"
	buf, err := readRandom(op, random, devicePasswordBytes)
	if err != nil {
		return DeviceSecret{}, err
	}
	password := base64.StdEncoding.EncodeToString(buf)
	v, err := NewVerifier(DeviceIdentity(deviceGroupKey, deviceKey), password, random)
	if err != nil {
		return DeviceSecret{}, err
	}
	return DeviceSecret{
		Password:         password,
		Salt:             base64.StdEncoding.EncodeToString(v.Salt),
		PasswordVerifier: base64.StdEncoding.EncodeToString(v.Value),
	}, nil
}
