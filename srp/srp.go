package srp

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"strings"
)

// Identity names whose password an SRP exchange proves. For a user, Realm is
// the pool name (the part of the user pool ID after "_") and Name is
// USER_ID_FOR_SRP. For a device, Realm is the DeviceGroupKey and Name is the
// DeviceKey.
type Identity struct{ Realm, Name string }

// UserIdentity returns the identity of a user of the pool userPoolID
// ("us-east-1_AbCdEf123"), named as the USER_ID_FOR_SRP challenge parameter.
func UserIdentity(userPoolID, userIDForSRP string) Identity {
	// Like amazon-cognito-identity-js: userPoolId.split("_")[1].
	var realm string
	if parts := strings.Split(userPoolID, "_"); len(parts) > 1 {
		realm = parts[1]
	}
	return Identity{Realm: realm, Name: userIDForSRP}
}

// DeviceIdentity returns the identity of a remembered device.
func DeviceIdentity(deviceGroupKey, deviceKey string) Identity {
	return Identity{Realm: deviceGroupKey, Name: deviceKey}
}

// SecretHash returns the SECRET_HASH parameter of an app client with a
// secret: base64(HMAC-SHA256(clientSecret, username + clientID)).
func SecretHash(username, clientID, clientSecret string) string {
	mac := hmac.New(sha256.New, []byte(clientSecret))
	mac.Write([]byte(username))
	mac.Write([]byte(clientID))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// readRandom fills n bytes from random, or from crypto/rand when it is nil.
func readRandom(op string, random io.Reader, n int) ([]byte, error) {
	if random == nil {
		random = rand.Reader
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(random, buf); err != nil {
		return nil, &Error{Op: op, Reason: "reading random bytes: " + err.Error(), Err: err}
	}
	return buf, nil
}
