package storage_test

import (
	"testing"

	"github.com/cognitowasm/cognitowasm/app/storage"
)

// A device is kept under amazon-cognito-identity-js's three keys, outlives
// the session's sign-out and is forgotten on its own.
func TestDeviceKeys(t *testing.T) {
	s := storage.NewMemory()
	d := storage.Device{Key: "us-east-1_d1", GroupKey: "-g1", Password: "secret"}
	if err := storage.SaveDevice(s, "client", "ann", d); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"deviceKey": d.Key, "deviceGroupKey": d.GroupKey, "randomPasswordKey": d.Password} {
		if got, _, _ := s.Get("CognitoIdentityServiceProvider.client.ann." + name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if err := storage.SaveSession(s, "client", "ann", storage.Tokens{IDToken: "id"}); err != nil {
		t.Fatal(err)
	}
	if err := storage.ClearSession(s, "client"); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := storage.LoadDevice(s, "client", "ann"); err != nil || !ok || got != d {
		t.Fatalf("after sign-out: %+v %v %v", got, ok, err)
	}
	if err := storage.ClearDevice(s, "client", "ann"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := storage.LoadDevice(s, "client", "ann"); ok {
		t.Fatal("device still there")
	}
	if err := storage.SaveDevice(s, "client.x", "ann", d); err == nil {
		t.Fatal("a client ID with a dot was accepted")
	}
}
