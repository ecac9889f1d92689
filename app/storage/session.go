package storage

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Tokens are the tokens of a signed-in user as stored between sessions.
type Tokens struct {
	IDToken, AccessToken, RefreshToken string
	// ClockDrift is local time minus the tokens' issue time at sign-in, as
	// amazon-cognito-identity-js computes it. It is stored in whole seconds.
	ClockDrift time.Duration
}

// ErrInvalidKey is returned when a client ID or username cannot be part of a
// key: empty, too long, a client ID with a dot, or either with a control
// character. Usernames may contain dots (email addresses do); the layout stays
// unambiguous because LastAuthUser names the user.
var ErrInvalidKey = errors.New("storage: invalid client ID or username")

const keyPrefix = "CognitoIdentityServiceProvider."

// LastAuthUserKey returns the key naming the last signed-in user of clientID.
func LastAuthUserKey(clientID string) string { return keyPrefix + clientID + ".LastAuthUser" }

// UserKey returns the key of one of a user's values, such as "idToken" or
// "deviceKey".
func UserKey(clientID, username, name string) string {
	return keyPrefix + clientID + "." + username + "." + name
}

// sessionValues are the per-user values a session has, as
// amazon-cognito-identity-js's CognitoUser.clearCachedUser removes them.
var sessionValues = []string{"idToken", "accessToken", "refreshToken", "clockDrift", "userData"}

// SaveSession stores t as the session of username and makes username the
// client's last signed-in user.
func SaveSession(s Store, clientID, username string, t Tokens) error {
	if err := checkClientID(clientID); err != nil {
		return err
	}
	if err := checkKeyPart("username", username); err != nil {
		return err
	}
	for _, kv := range [][2]string{
		{UserKey(clientID, username, "idToken"), t.IDToken},
		{UserKey(clientID, username, "accessToken"), t.AccessToken},
		{UserKey(clientID, username, "refreshToken"), t.RefreshToken},
		{UserKey(clientID, username, "clockDrift"), strconv.FormatInt(int64(t.ClockDrift/time.Second), 10)},
		{LastAuthUserKey(clientID), username},
	} {
		if err := s.Set(kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

// LoadSession returns the client's last signed-in user and their tokens. ok is
// false when there is no user or no ID token, the cases in which
// amazon-cognito-identity-js's getSession asks to authenticate again. Like it,
// a missing or unreadable clockDrift counts as zero.
func LoadSession(s Store, clientID string) (username string, t Tokens, ok bool, err error) {
	if err := checkClientID(clientID); err != nil {
		return "", Tokens{}, false, err
	}
	username, ok, err = s.Get(LastAuthUserKey(clientID))
	if err != nil || !ok || username == "" {
		return "", Tokens{}, false, err
	}
	get := func(name string) string {
		if err != nil {
			return ""
		}
		var v string
		v, _, err = s.Get(UserKey(clientID, username, name))
		return v
	}
	t = Tokens{IDToken: get("idToken"), AccessToken: get("accessToken"), RefreshToken: get("refreshToken")}
	drift := get("clockDrift")
	if err != nil || t.IDToken == "" {
		return "", Tokens{}, false, err
	}
	if sec, perr := strconv.ParseInt(strings.TrimSpace(drift), 10, 32); perr == nil {
		t.ClockDrift = time.Duration(sec) * time.Second
	}
	return username, t, true, nil
}

// ClearSession removes the client's last signed-in user and their session,
// as amazon-cognito-identity-js's signOut does. Remembered device keys stay.
func ClearSession(s Store, clientID string) error {
	if err := checkClientID(clientID); err != nil {
		return err
	}
	username, ok, err := s.Get(LastAuthUserKey(clientID))
	if err != nil || !ok {
		return err
	}
	if username != "" {
		for _, name := range sessionValues {
			if err := s.Delete(UserKey(clientID, username, name)); err != nil {
				return err
			}
		}
	}
	return s.Delete(LastAuthUserKey(clientID))
}

// ClearUser removes username's session if its stored access token is still
// accessToken, and LastAuthUser if it names username. The session a later
// sign-in stored, of another user or of the same one, stays.
func ClearUser(s Store, clientID, username, accessToken string) error {
	if err := checkClientID(clientID); err != nil {
		return err
	}
	if err := checkKeyPart("username", username); err != nil {
		return err
	}
	stored, _, err := s.Get(UserKey(clientID, username, "accessToken"))
	if err != nil || stored != accessToken {
		return err
	}
	for _, name := range sessionValues {
		if err := s.Delete(UserKey(clientID, username, name)); err != nil {
			return err
		}
	}
	last, _, err := s.Get(LastAuthUserKey(clientID))
	if err != nil || last != username {
		return err
	}
	return s.Delete(LastAuthUserKey(clientID))
}

// maxKeyPart bounds a client ID or username; Cognito allows 128 characters.
const maxKeyPart = 512

func checkClientID(clientID string) error {
	if strings.Contains(clientID, ".") {
		return fmt.Errorf("%w: client ID %q contains a dot", ErrInvalidKey, clientID)
	}
	return checkKeyPart("client ID", clientID)
}

func checkKeyPart(what, v string) error {
	switch {
	case v == "":
		return fmt.Errorf("%w: empty %s", ErrInvalidKey, what)
	case len(v) > maxKeyPart:
		return fmt.Errorf("%w: %s is %d bytes, more than %d", ErrInvalidKey, what, len(v), maxKeyPart)
	case strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return fmt.Errorf("%w: %s %q contains a control character", ErrInvalidKey, what, v)
	}
	return nil
}
