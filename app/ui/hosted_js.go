package ui

import "github.com/cognitowasm/cognitowasm/app/storage"

// newFlightStore keeps a hosted-UI sign-in in flight in the tab's
// sessionStorage, so it survives the redirect and no other tab sees it.
func newFlightStore() storage.Store {
	if s, err := storage.NewSessionStorage(); err == nil {
		return s
	}
	return storage.NewMemory() // a sign-in then cannot survive the redirect, and says so
}
