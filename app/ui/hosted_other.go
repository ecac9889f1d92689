//go:build !js

package ui

import "github.com/cognitowasm/cognitowasm/app/storage"

// newFlightStore is memory outside the browser (pre-rendering).
func newFlightStore() storage.Store { return storage.NewMemory() }
