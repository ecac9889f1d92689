package userpool

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The social providers' names. A social provider's ProviderName is its
// ProviderType; OIDC and SAML providers have names of their own choosing.
const (
	ProviderGoogle   = "Google"
	ProviderFacebook = "Facebook"
	ProviderAmazon   = "LoginWithAmazon"
	ProviderApple    = "SignInWithApple"
)

// ProviderButtonText is the sign-in button's text for a provider, in the
// provider's own words: "Login with Amazon", "Sign in with Apple", and
// "Continue with <name>" for Google, Facebook, OIDC and SAML providers.
func ProviderButtonText(name string) string {
	switch name {
	case ProviderAmazon:
		return "Login with Amazon"
	case ProviderApple:
		return "Sign in with Apple"
	}
	return "Continue with " + name
}

// ProviderTitle names a provider as people know it: "Amazon" and "Apple"
// for LoginWithAmazon and SignInWithApple, else the provider's name.
func ProviderTitle(name string) string {
	switch name {
	case ProviderAmazon:
		return "Amazon"
	case ProviderApple:
		return "Apple"
	}
	return name
}

// Identity is one provider identity of a user: an entry of the identities
// attribute and ID-token claim.
type Identity struct {
	UserID       string
	ProviderName string
	ProviderType string
	// Issuer is the OIDC issuer or SAML entity ID; "" for social providers.
	Issuer string
	// Primary marks the identity the user was created from.
	Primary bool
	// DateCreated is when the identity was linked; zero if not given.
	DateCreated time.Time
}

// ErrIdentities reports an identities claim or attribute that is not a list
// of identities.
var ErrIdentities = errors.New("userpool: malformed identities")

// maxIdentities bounds the list read; Cognito links at most five.
const maxIdentities = 50

// ParseIdentities reads the identities claim or attribute. Real ID tokens
// carry primary and dateCreated as strings ("true", "1627180752091", epoch
// milliseconds); AWS's documentation shows the attribute with a bool and a
// number. Both are accepted.
func ParseIdentities(data []byte) ([]Identity, error) {
	var raw []struct {
		UserID       string          `json:"userId"`
		ProviderName string          `json:"providerName"`
		ProviderType string          `json:"providerType"`
		Issuer       *string         `json:"issuer"`
		Primary      json.RawMessage `json:"primary"`
		DateCreated  json.RawMessage `json:"dateCreated"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrIdentities, err)
	}
	if len(raw) > maxIdentities {
		return nil, fmt.Errorf("%w: %d entries", ErrIdentities, len(raw))
	}
	out := make([]Identity, 0, len(raw))
	for _, r := range raw {
		if r.ProviderName == "" || r.UserID == "" {
			return nil, fmt.Errorf("%w: an entry without providerName or userId", ErrIdentities)
		}
		id := Identity{UserID: r.UserID, ProviderName: r.ProviderName, ProviderType: r.ProviderType}
		if r.Issuer != nil {
			id.Issuer = *r.Issuer
		}
		primary := strings.Trim(string(bytes.TrimSpace(r.Primary)), `"`)
		id.Primary = primary == "true"
		if ms := strings.Trim(string(bytes.TrimSpace(r.DateCreated)), `"`); ms != "" && ms != "null" {
			n, err := strconv.ParseInt(ms, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%w: dateCreated %s is not epoch milliseconds", ErrIdentities, ms)
			}
			id.DateCreated = time.UnixMilli(n)
		}
		out = append(out, id)
	}
	return out, nil
}

// FederatedUsername is the username a provider sign-in creates:
// <ProviderName>_<id> (Google's sub, Facebook's id, Amazon's user_id, the
// OIDC sub, the SAML NameID).
func (id Identity) FederatedUsername() string { return id.ProviderName + "_" + id.UserID }

// CreatedBy returns the identity whose sign-in created the user named
// username, or false for a user of the pool's own (a native user linked to
// providers keeps its own username, and its password). Usernames are
// compared without case, as case-insensitive pools lower-case them.
func CreatedBy(username string, ids []Identity) (Identity, bool) {
	for _, id := range ids {
		if strings.EqualFold(id.FederatedUsername(), username) {
			return id, true
		}
	}
	return Identity{}, false
}
