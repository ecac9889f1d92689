package storage_test

import (
	"fmt"
	"log"
	"maps"
	"slices"
	"time"

	"github.com/cognitowasm/cognitowasm/app/storage"
)

func ExampleSaveSession() {
	s := storage.NewMemory()
	err := storage.SaveSession(s, "3n4b5urk1ft4fl3mg5e62d9ado", "alice", storage.Tokens{
		IDToken:      "eyJ...id",
		AccessToken:  "eyJ...access",
		RefreshToken: "eyJ...refresh",
		ClockDrift:   2 * time.Second,
	})
	if err != nil {
		log.Fatal(err)
	}
	snapshot := s.Snapshot()
	for _, k := range slices.Sorted(maps.Keys(snapshot)) {
		fmt.Printf("%s = %s\n", k, snapshot[k])
	}
	// Output:
	// CognitoIdentityServiceProvider.3n4b5urk1ft4fl3mg5e62d9ado.LastAuthUser = alice
	// CognitoIdentityServiceProvider.3n4b5urk1ft4fl3mg5e62d9ado.alice.accessToken = eyJ...access
	// CognitoIdentityServiceProvider.3n4b5urk1ft4fl3mg5e62d9ado.alice.clockDrift = 2
	// CognitoIdentityServiceProvider.3n4b5urk1ft4fl3mg5e62d9ado.alice.idToken = eyJ...id
	// CognitoIdentityServiceProvider.3n4b5urk1ft4fl3mg5e62d9ado.alice.refreshToken = eyJ...refresh
}

func ExampleLoadSession() {
	s := storage.NewMemory()
	storage.SaveSession(s, "client1", "alice", storage.Tokens{IDToken: "eyJ...id", RefreshToken: "eyJ...refresh"})

	username, tokens, ok, err := storage.LoadSession(s, "client1")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ok, username, tokens.IDToken)

	storage.ClearSession(s, "client1")
	_, _, ok, _ = storage.LoadSession(s, "client1")
	fmt.Println(ok)
	// Output:
	// true alice eyJ...id
	// false
}
