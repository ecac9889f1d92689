//go:build !js

package storage_test

import (
	"encoding/base64"
	"encoding/json"
	"maps"
	"path/filepath"
	"testing"
	"time"

	"github.com/cognitowasm/cognitowasm/internal/jstest"

	"github.com/cognitowasm/cognitowasm/app/storage"
)

const userPoolID = "us-east-1_TestPool1"

type jsSession struct {
	Found        bool              `json:"found"`
	Username     string            `json:"username"`
	IDToken      string            `json:"idToken"`
	AccessToken  string            `json:"accessToken"`
	RefreshToken string            `json:"refreshToken"`
	ClockDrift   int               `json:"clockDrift"`
	Valid        bool              `json:"valid"`
	Store        map[string]string `json:"store"`
}

// cognitoJS runs testdata/cognito_storage.js, which uses the official
// amazon-cognito-identity-js on a store given as a map.
func cognitoJS(t *testing.T, mode string, req map[string]any) jsSession {
	t.Helper()
	req["userPoolId"], req["clientId"] = userPoolID, clientID
	var s jsSession
	jstest.Run(t, filepath.Join("testdata", "cognito_storage.js"), req, &s, mode)
	return s
}

// fakeJWT is an unsigned token amazon-cognito-identity-js accepts: it reads
// exp and iat but checks no signature.
func fakeJWT(use string, iat time.Time) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(map[string]any{"alg": "RS256", "kid": "k"}) + "." +
		enc(map[string]any{"sub": "8c1d7e2a", "token_use": use, "iat": iat.Unix(), "exp": iat.Add(time.Hour).Unix()}) +
		".c2lnbmF0dXJl"
}

// The username contains dots, as an email-address username does.
const jsUser = "alice@example.com"

func jsTokens(drift time.Duration) storage.Tokens {
	now := time.Now()
	return storage.Tokens{
		IDToken:      fakeJWT("id", now),
		AccessToken:  fakeJWT("access", now),
		RefreshToken: "opaque-refresh-token",
		ClockDrift:   drift,
	}
}

// TestCognitoJSReadsOurSession: amazon-cognito-identity-js restores a valid
// session from what SaveSession wrote.
func TestCognitoJSReadsOurSession(t *testing.T) {
	s := storage.NewMemory()
	want := jsTokens(5 * time.Second)
	if err := storage.SaveSession(s, clientID, jsUser, want); err != nil {
		t.Fatal(err)
	}
	got := cognitoJS(t, "read", map[string]any{"store": s.Snapshot()})
	if !got.Found || got.Username != jsUser || got.IDToken != want.IDToken || got.AccessToken != want.AccessToken ||
		got.RefreshToken != want.RefreshToken || got.ClockDrift != 5 || !got.Valid {
		t.Errorf("amazon-cognito-identity-js read %+v, want the session of %s with drift 5 s", got, jsUser)
	}
}

// TestWeReadCognitoJSSession: LoadSession reads what amazon-cognito-identity-js's
// cacheTokens wrote, and SaveSession writes exactly the same keys and values.
func TestWeReadCognitoJSSession(t *testing.T) {
	want := jsTokens(-7 * time.Second)
	js := cognitoJS(t, "write", map[string]any{
		"store":        map[string]string{},
		"username":     jsUser,
		"idToken":      want.IDToken,
		"accessToken":  want.AccessToken,
		"refreshToken": want.RefreshToken,
		"clockDrift":   int(want.ClockDrift / time.Second),
	})
	s := storage.NewMemory()
	for k, v := range js.Store {
		s.Set(k, v)
	}
	user, got, ok, err := storage.LoadSession(s, clientID)
	if err != nil || !ok || user != jsUser || got != want {
		t.Errorf("LoadSession = %q, %+v, %v, %v; want %q, %+v", user, got, ok, err, jsUser, want)
	}

	ours := storage.NewMemory()
	if err := storage.SaveSession(ours, clientID, jsUser, want); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(ours.Snapshot(), js.Store) {
		t.Errorf("SaveSession wrote\n%v\namazon-cognito-identity-js wrote\n%v", ours.Snapshot(), js.Store)
	}
}

// TestClearSessionLikeCognitoJSSignOut: ClearSession removes exactly what
// amazon-cognito-identity-js's signOut removes.
func TestClearSessionLikeCognitoJSSignOut(t *testing.T) {
	s := storage.NewMemory()
	if err := storage.SaveSession(s, clientID, jsUser, jsTokens(time.Second)); err != nil {
		t.Fatal(err)
	}
	for _, kv := range [][2]string{
		{storage.UserKey(clientID, jsUser, "userData"), `{"Username":"alice@example.com"}`},
		{storage.UserKey(clientID, jsUser, "deviceKey"), "us-east-1_device"},
		{storage.UserKey(clientID, jsUser, "deviceGroupKey"), "-group"},
		{storage.UserKey(clientID, jsUser, "randomPasswordKey"), "device-password"},
		{storage.LastAuthUserKey("otherclient"), "bob"},
		{storage.UserKey("otherclient", "bob", "idToken"), "x"},
	} {
		s.Set(kv[0], kv[1])
	}
	js := cognitoJS(t, "signout", map[string]any{"store": s.Snapshot()})
	if err := storage.ClearSession(s, clientID); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(s.Snapshot(), js.Store) {
		t.Errorf("after ClearSession\n%v\nafter amazon-cognito-identity-js signOut\n%v", s.Snapshot(), js.Store)
	}
	if len(js.Store) != 5 {
		t.Errorf("signOut kept %d keys, want the 3 device keys and the other client's 2", len(js.Store))
	}
}
