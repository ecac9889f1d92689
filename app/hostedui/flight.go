package hostedui

import (
	"encoding/json"
	"time"
)

// flightValidity is how long a started sign-in may come back. After it the
// stale request is dropped: it never blocks a new one.
const flightValidity = 30 * time.Minute

// flight is a sign-in in progress, kept across the redirect.
type flight struct {
	State    string    `json:"state"`
	Verifier string    `json:"verifier"`
	Nonce    string    `json:"nonce"`
	Redirect string    `json:"redirect"`
	Provider string    `json:"provider,omitempty"` // identity_provider, if the sign-in went straight to one
	Started  time.Time `json:"started"`
}

func (c *Client) flightKey() string { return "cognitowasm.hostedui." + c.cfg.ClientID + ".inflight" }

func (c *Client) saveFlight(f *flight) error {
	raw, err := json.Marshal(f)
	if err != nil {
		return err
	}
	return c.cfg.Store.Set(c.flightKey(), string(raw))
}

// loadFlight returns the stored sign-in, or nil. A stored value that does not
// decode or has expired is dropped.
func (c *Client) loadFlight() (*flight, error) {
	raw, ok, err := c.cfg.Store.Get(c.flightKey())
	if err != nil || !ok {
		return nil, err
	}
	var f flight
	if json.Unmarshal([]byte(raw), &f) != nil || f.State == "" || f.Verifier == "" || !c.cfg.Clock().Before(f.Started.Add(flightValidity)) {
		return nil, c.dropFlight()
	}
	return &f, nil
}

func (c *Client) dropFlight() error { return c.cfg.Store.Delete(c.flightKey()) }

// Pending reports whether a sign-in was started in this store and may still
// come back. The UI may show it, but nothing waits on it.
func (c *Client) Pending() bool {
	f, err := c.loadFlight()
	return err == nil && f != nil
}

// PendingProvider is the identity provider the sign-in in flight went
// straight to, or "": where "Try again" should go after it failed.
func (c *Client) PendingProvider() string {
	f, err := c.loadFlight()
	if err != nil || f == nil {
		return ""
	}
	return f.Provider
}

// Cancel forgets the sign-in in flight, if any.
func (c *Client) Cancel() error { return c.dropFlight() }
