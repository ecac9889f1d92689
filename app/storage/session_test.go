package storage_test

import (
	"errors"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cognitowasm/cognitowasm/app/storage"
)

const clientID = "3n4b5urk1ft4fl3mg5e62d9ado"

func TestSaveLoadClearSession(t *testing.T) {
	s := storage.NewMemory()
	// Another client's session and a remembered device must survive.
	s.Set("CognitoIdentityServiceProvider.otherclient.LastAuthUser", "bob")
	s.Set("CognitoIdentityServiceProvider."+clientID+".alice@example.com.deviceKey", "us-east-1_dev")
	s.Set("CognitoIdentityServiceProvider."+clientID+".alice@example.com.userData", `{"UserAttributes":[]}`)

	want := storage.Tokens{IDToken: "id.tok.en", AccessToken: "access.tok.en", RefreshToken: "refresh", ClockDrift: -3*time.Second - 400*time.Millisecond}
	if err := storage.SaveSession(s, clientID, "alice@example.com", want); err != nil {
		t.Fatal(err)
	}
	p := "CognitoIdentityServiceProvider." + clientID + "."
	wantKeys := map[string]string{
		"CognitoIdentityServiceProvider.otherclient.LastAuthUser": "bob",
		p + "alice@example.com.deviceKey":                         "us-east-1_dev",
		p + "alice@example.com.userData":                          `{"UserAttributes":[]}`,
		p + "LastAuthUser":                                        "alice@example.com",
		p + "alice@example.com.idToken":                           "id.tok.en",
		p + "alice@example.com.accessToken":                       "access.tok.en",
		p + "alice@example.com.refreshToken":                      "refresh",
		p + "alice@example.com.clockDrift":                        "-3", // whole seconds, as amazon-cognito-identity-js writes
	}
	if got := s.Snapshot(); !maps.Equal(got, wantKeys) {
		t.Errorf("store after SaveSession:\n got %v\nwant %v", got, wantKeys)
	}

	user, got, ok, err := storage.LoadSession(s, clientID)
	want.ClockDrift = -3 * time.Second
	if err != nil || !ok || user != "alice@example.com" || got != want {
		t.Errorf("LoadSession = %q, %+v, %v, %v; want alice@example.com, %+v", user, got, ok, err, want)
	}

	if err := storage.ClearSession(s, clientID); err != nil {
		t.Fatal(err)
	}
	wantKeys = map[string]string{
		"CognitoIdentityServiceProvider.otherclient.LastAuthUser": "bob",
		p + "alice@example.com.deviceKey":                         "us-east-1_dev",
	}
	if got := s.Snapshot(); !maps.Equal(got, wantKeys) {
		t.Errorf("store after ClearSession:\n got %v\nwant %v", got, wantKeys)
	}
	if _, _, ok, err := storage.LoadSession(s, clientID); ok || err != nil {
		t.Errorf("LoadSession after ClearSession: ok %v, err %v", ok, err)
	}
	if err := storage.ClearSession(s, clientID); err != nil {
		t.Errorf("ClearSession without a session: %v", err)
	}
}

func TestLoadSession(t *testing.T) {
	p := "CognitoIdentityServiceProvider." + clientID + "."
	tests := []struct {
		name   string
		stored map[string]string
		ok     bool
		want   storage.Tokens
	}{
		{"nothing stored", nil, false, storage.Tokens{}},
		{"no last user", map[string]string{p + "alice.idToken": "i"}, false, storage.Tokens{}},
		{"empty last user", map[string]string{p + "LastAuthUser": "", p + ".idToken": "i"}, false, storage.Tokens{}},
		{"no ID token", map[string]string{p + "LastAuthUser": "alice", p + "alice.accessToken": "a"}, false, storage.Tokens{}},
		{"ID token only", map[string]string{p + "LastAuthUser": "alice", p + "alice.idToken": "i"}, true, storage.Tokens{IDToken: "i"}},
		{"positive drift", map[string]string{p + "LastAuthUser": "alice", p + "alice.idToken": "i", p + "alice.clockDrift": "42"}, true, storage.Tokens{IDToken: "i", ClockDrift: 42 * time.Second}},
		{"unreadable drift counts as zero", map[string]string{p + "LastAuthUser": "alice", p + "alice.idToken": "i", p + "alice.clockDrift": "NaN"}, true, storage.Tokens{IDToken: "i"}},
		{"other user's tokens", map[string]string{p + "LastAuthUser": "alice", p + "bob.idToken": "i"}, false, storage.Tokens{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := storage.NewMemory()
			for k, v := range tt.stored {
				s.Set(k, v)
			}
			_, got, ok, err := storage.LoadSession(s, clientID)
			if err != nil || ok != tt.ok || got != tt.want {
				t.Errorf("LoadSession = %+v, %v, %v; want %+v, %v", got, ok, err, tt.want, tt.ok)
			}
		})
	}
}

func TestSessionInvalidKeys(t *testing.T) {
	tests := []struct{ name, clientID, username string }{
		{"empty client", "", "alice"},
		{"client with dot", "a.b", "alice"},
		{"empty username", clientID, ""},
		{"username with newline", clientID, "alice\nbob"},
		{"username too long", clientID, strings.Repeat("a", 513)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := storage.NewMemory()
			err := storage.SaveSession(s, tt.clientID, tt.username, storage.Tokens{IDToken: "i"})
			if !errors.Is(err, storage.ErrInvalidKey) {
				t.Errorf("SaveSession: %v, want ErrInvalidKey", err)
			}
			if n := len(s.Snapshot()); n != 0 {
				t.Errorf("SaveSession wrote %d keys", n)
			}
		})
	}
	if _, _, _, err := storage.LoadSession(storage.NewMemory(), ""); !errors.Is(err, storage.ErrInvalidKey) {
		t.Errorf("LoadSession with empty client: %v", err)
	}
	if err := storage.ClearSession(storage.NewMemory(), "a.b"); !errors.Is(err, storage.ErrInvalidKey) {
		t.Errorf("ClearSession with dotted client: %v", err)
	}
}

// failingStore fails every call after the first n.
type failingStore struct {
	*storage.Memory
	n int
}

var errDisk = errors.New("disk full")

func (s *failingStore) Set(k, v string) error {
	if s.n == 0 {
		return errDisk
	}
	s.n--
	return s.Memory.Set(k, v)
}

func (s *failingStore) Get(k string) (string, bool, error) {
	if s.n == 0 {
		return "", false, errDisk
	}
	s.n--
	return s.Memory.Get(k)
}

func TestSessionStoreErrors(t *testing.T) {
	for n := range 5 {
		s := &failingStore{Memory: storage.NewMemory(), n: n}
		if err := storage.SaveSession(s, clientID, "alice", storage.Tokens{IDToken: "i"}); !errors.Is(err, errDisk) {
			t.Errorf("SaveSession failing after %d writes: %v", n, err)
		}
	}
	full := storage.NewMemory()
	storage.SaveSession(full, clientID, "alice", storage.Tokens{IDToken: "i", AccessToken: "a", RefreshToken: "r"})
	for n := range 5 {
		s := &failingStore{Memory: full, n: n}
		if _, _, ok, err := storage.LoadSession(s, clientID); ok || !errors.Is(err, errDisk) {
			t.Errorf("LoadSession failing after %d reads: ok %v, %v", n, ok, err)
		}
	}
}

func TestMemoryConcurrent(t *testing.T) {
	s := storage.NewMemory()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			user := string(rune('a' + i))
			for range 50 {
				if err := storage.SaveSession(s, clientID, user, storage.Tokens{IDToken: user}); err != nil {
					t.Error(err)
				}
				if _, _, _, err := storage.LoadSession(s, clientID); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	user, tok, ok, err := storage.LoadSession(s, clientID)
	if err != nil || !ok || tok.IDToken != user {
		t.Errorf("after concurrent saves: %q %+v %v %v", user, tok, ok, err)
	}
}

func TestMemory(t *testing.T) { testStore(t, storage.NewMemory()) }

// testStore checks the Store contract.
func testStore(t *testing.T, s storage.Store) {
	t.Helper()
	if v, ok, err := s.Get("k"); v != "" || ok || err != nil {
		t.Errorf("Get(absent) = %q, %v, %v", v, ok, err)
	}
	for _, v := range []string{"", "v1", "ünïcode ✓", "v2"} {
		if err := s.Set("k", v); err != nil {
			t.Fatal(err)
		}
		if got, ok, err := s.Get("k"); got != v || !ok || err != nil {
			t.Errorf("Get = %q, %v, %v; want %q", got, ok, err, v)
		}
	}
	if err := s.Delete("k"); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := s.Get("k"); v != "" || ok || err != nil {
		t.Errorf("Get(deleted) = %q, %v, %v", v, ok, err)
	}
	if err := s.Delete("k"); err != nil {
		t.Errorf("Delete(absent): %v", err)
	}
}

// ClearUser removes only the session that still holds the given access
// token: a second user's session, or the same user's newer one, stays.
func TestClearUser(t *testing.T) {
	p := "CognitoIdentityServiceProvider." + clientID + "."
	s := storage.NewMemory()
	alice := storage.Tokens{IDToken: "a.id.x", AccessToken: "a.access.x", RefreshToken: "a-refresh"}
	bob := storage.Tokens{IDToken: "b.id.x", AccessToken: "b.access.x", RefreshToken: "b-refresh"}
	if err := storage.SaveSession(s, clientID, "alice", alice); err != nil {
		t.Fatal(err)
	}
	if err := storage.SaveSession(s, clientID, "bob", bob); err != nil {
		t.Fatal(err)
	}
	if err := storage.ClearUser(s, clientID, "alice", alice.AccessToken); err != nil {
		t.Fatal(err)
	}
	for k := range s.Snapshot() {
		if strings.HasPrefix(k, p+"alice.") {
			t.Errorf("alice's %s stays after ClearUser", k)
		}
	}
	if user, got, ok, _ := storage.LoadSession(s, clientID); !ok || user != "bob" || got.AccessToken != bob.AccessToken {
		t.Fatalf("after clearing alice, LoadSession = %q, %+v, %v; want bob's session", user, got, ok)
	}
	// An older access token of bob's does not clear his newer session.
	if err := storage.ClearUser(s, clientID, "bob", "b.access.old"); err != nil {
		t.Fatal(err)
	}
	if _, _, ok, _ := storage.LoadSession(s, clientID); !ok {
		t.Fatal("a stale access token cleared bob's newer session")
	}
	if err := storage.ClearUser(s, clientID, "bob", bob.AccessToken); err != nil {
		t.Fatal(err)
	}
	if got := s.Snapshot(); len(got) != 0 {
		t.Errorf("store after clearing both: %v, want empty", got)
	}
	if err := storage.ClearUser(s, "a.b", "bob", ""); !errors.Is(err, storage.ErrInvalidKey) {
		t.Errorf("ClearUser with dotted client: %v", err)
	}
}
