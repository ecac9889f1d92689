package localpool

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// Federated users: named <ProviderName>_<id> (reference §3.1), with the
// identities attribute (§3.2), in the group <poolId>_<ProviderName>, and
// with the provider's claims mapped onto attributes at every sign-in.

// identity is one entry of the identities attribute and claim, in the shape
// of real Cognito ID tokens: primary and dateCreated are strings.
type identity struct {
	UserID       string  `json:"userId"`
	ProviderName string  `json:"providerName"`
	ProviderType string  `json:"providerType"`
	Issuer       *string `json:"issuer"`
	Primary      string  `json:"primary"`
	DateCreated  string  `json:"dateCreated"`
}

// maxLinks is how many provider identities one user may carry (reference §3.2).
const maxLinks = 5

func (u *userRecord) identities() []identity {
	var out []identity
	if raw := u.attr("identities"); raw != "" {
		_ = json.Unmarshal([]byte(raw), &out)
	}
	return out
}

func (u *userRecord) setIdentities(ids []identity) {
	if len(ids) == 0 {
		u.deleteAttr("identities")
		return
	}
	raw, _ := json.Marshal(ids)
	u.setAttr("identities", string(raw))
}

// federated reports whether the user was created by a provider sign-in
// and so has no password.
func (u *userRecord) federated() bool { return u.Status == statusExternal }

func newIdentity(ip identityProvider, userID string, primary bool, now time.Time) identity {
	id := identity{UserID: userID, ProviderName: ip.ProviderName, ProviderType: ip.ProviderType,
		Primary: strconv.FormatBool(primary), DateCreated: strconv.FormatInt(now.UnixMilli(), 10)}
	if ip.ProviderType == typeSAML || ip.ProviderType == typeOIDC {
		issuer := ip.ProviderDetails["oidc_issuer"]
		if ip.ProviderType == typeSAML {
			issuer = ip.ProviderDetails["entity_id"]
		}
		if issuer != "" {
			id.Issuer = &issuer
		}
	}
	return id
}

// linkKey is the names-bucket key of a provider identity linked to a native user.
func linkKey(provider, userID string) string { return "link:" + provider + ":" + userID }

// autoGroup is the group Cognito puts every user a provider created in.
func autoGroup(poolID, provider string) string { return poolID + "_" + provider }

// mappedAttributes turns the provider's claims into pool attributes by the
// provider's AttributeMapping; the username entry names the user instead.
func mappedAttributes(ip identityProvider, claims map[string]any) []attribute {
	var attrs []attribute
	for attr, claim := range ip.AttributeMapping {
		if attr == "username" {
			continue
		}
		if v, ok := claims[claim]; ok && v != nil {
			attrs = append(attrs, attribute{Name: attr, Value: claimString(v)})
		}
	}
	slices.SortFunc(attrs, func(a, b attribute) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	return attrs
}

// finishFederation signs the provider's user in: the linked native user if
// there is one, else <ProviderName>_<id>, created on first sign-in.
func (h *hostedCall) finishFederation(ar *authorizeRequest, ip identityProvider, profile *providerProfile) {
	user, err := h.federatedUser(ar, ip, profile)
	if err != nil {
		var re *oauthRedirectError
		var e *Error
		switch {
		case errors.As(err, &re):
		case errors.As(err, &e):
			err = &oauthRedirectError{userpool.OAuthInvalidRequest, e.Message}
		}
		h.fail(ar, err)
		return
	}
	if ip.ProviderType == typeSAML {
		h.signedInVia.provider, h.signedInVia.nameID = ip.ProviderName, profile.userID
	}
	// Federated users skip the pool's MFA: the provider authenticated them.
	h.enterSession(ar, user)
}

func (h *hostedCall) federatedUser(ar *authorizeRequest, ip identityProvider, profile *providerProfile) (*userRecord, error) {
	attrs := mappedAttributes(ip, profile.claims)
	if w := ar.client.WriteAttributes; len(w) > 0 {
		for _, a := range attrs {
			if !slices.Contains(w, a.Name) {
				return nil, &oauthRedirectError{userpool.OAuthInvalidRequest,
					"Invalid user attributes: the app client cannot write " + a.Name + ", which the " + ip.ProviderName + " attribute mapping sets"}
			}
		}
	}
	var user *userRecord
	err := h.s.update(ar.pool.Id, func(p *poolTx) error {
		pool, err := p.pool()
		if err != nil {
			return err
		}
		if owner, ok := p.nameOwner(linkKey(ip.ProviderName, profile.userID)); ok {
			// A linked identity signs in as the native user, whose profile stays its own.
			u, err := p.user(owner)
			if err != nil {
				return err
			}
			if !u.Enabled {
				return errNotAuthorized("User is disabled.")
			}
			user = u
			return nil
		}
		name := ip.ProviderName + "_" + profile.userID
		if len(name) > 128 {
			return errInvalidParameter("The provider's user ID is too long.")
		}
		u, err := p.user(name)
		switch {
		case err == nil:
			if !u.Enabled {
				return errNotAuthorized("User is disabled.")
			}
			var changed []attribute
			for _, a := range attrs {
				if u.attr(a.Name) != a.Value {
					changed = append(changed, a)
				}
			}
			if err := pool.checkWritable(changed, true, writeUpdate); err != nil {
				return err
			}
			for _, a := range changed {
				u.setAttr(a.Name, a.Value)
			}
			if len(changed) > 0 {
				u.Modified = h.now
			}
		case errors.Is(err, errNotFound):
			if err := pool.checkWritable(attrs, true, writeCreate); err != nil {
				return err
			}
			u = &userRecord{Username: name, Enabled: true, Status: statusExternal, Created: h.now, Modified: h.now}
			u.setAttr("sub", uuid.NewString())
			for _, a := range attrs {
				u.setAttr(a.Name, a.Value)
			}
			u.setIdentities([]identity{newIdentity(ip, profile.userID, true, h.now)})
			group := autoGroup(pool.Id, ip.ProviderName)
			if _, err := p.group(group); err != nil {
				rec := &groupRecord{GroupName: group, UserPoolId: pool.Id, Description: "Autogenerated group for users who sign in using " + ip.ProviderName,
					CreationDate: epochTime(h.now), LastModifiedDate: epochTime(h.now)}
				if err := p.putGroup(rec); err != nil {
					return err
				}
			}
			u.Groups = append(u.Groups, group)
			if err := p.putName("sub:"+u.sub(), u.Username); err != nil {
				return err
			}
		default:
			return err
		}
		user = u
		return p.putUser(u)
	})
	return user, err
}

// providerUser is ProviderUserIdentifierType.
type providerUser struct {
	ProviderName           string
	ProviderAttributeName  string
	ProviderAttributeValue string
}

type linkProviderInput struct {
	UserPoolId      string
	DestinationUser providerUser
	SourceUser      providerUser
}

// adminLinkProviderForUser links a provider identity to a native user, who
// from then on is the one signed in by that identity.
// The source is named by Cognito_Subject (the provider's user ID).
// UNSURE: Cognito also takes a mapped attribute (e.g. email) for OIDC and
// SAML sources; the pool takes Cognito_Subject only.
func adminLinkProviderForUser(c *call, in *linkProviderInput) (any, error) {
	d, s := in.DestinationUser, in.SourceUser
	if err := firstError(required("UserPoolId", in.UserPoolId, maxID), required("DestinationUser.ProviderName", d.ProviderName, 32),
		required("DestinationUser.ProviderAttributeValue", d.ProviderAttributeValue, maxValue),
		required("SourceUser.ProviderName", s.ProviderName, 32), required("SourceUser.ProviderAttributeValue", s.ProviderAttributeValue, maxValue)); err != nil {
		return nil, err
	}
	if d.ProviderName != "Cognito" {
		return nil, errInvalidParameter("The DestinationUser must be a native user: ProviderName Cognito.")
	}
	if s.ProviderAttributeName != "Cognito_Subject" {
		return nil, errInvalidParameter("The SourceUser must be named by ProviderAttributeName Cognito_Subject.")
	}
	return nil, c.updatePool(in.UserPoolId, func(p *poolTx) error {
		pool, err := p.pool()
		if err != nil {
			return err
		}
		i := pool.identityProvider(s.ProviderName)
		if i < 0 {
			return errInvalidParameter("The provider %s does not exist for the user pool.", truncate(s.ProviderName, 32))
		}
		ip := pool.IdentityProviders[i]
		u, err := p.lookupUser(pool, d.ProviderAttributeValue)
		if err != nil {
			return apiError(userpool.UserNotFoundException, "User does not exist.")
		}
		if u.federated() {
			return errInvalidParameter("The DestinationUser must be a native user, not a federated one.")
		}
		if owner, ok := p.nameOwner(linkKey(ip.ProviderName, s.ProviderAttributeValue)); ok {
			if userKey(owner) == userKey(u.Username) {
				return nil
			}
			return apiError(userpool.AliasExistsException, "The provider identity is already linked to another user.")
		}
		if _, err := p.user(ip.ProviderName + "_" + s.ProviderAttributeValue); err == nil {
			// UNSURE: Cognito's exact answer when the federated user already exists.
			return errInvalidParameter("Merging is not currently supported, provided SourceUser is already present in the user pool")
		}
		ids := u.identities()
		if len(ids) >= maxLinks {
			return apiError(userpool.LimitExceededException, "A user can be linked to at most %d identities.", maxLinks)
		}
		u.setIdentities(append(ids, newIdentity(ip, s.ProviderAttributeValue, false, c.now)))
		u.Modified = c.now
		if err := p.putName(linkKey(ip.ProviderName, s.ProviderAttributeValue), u.Username); err != nil {
			return err
		}
		return p.putUser(u)
	})
}

type disableProviderInput struct {
	UserPoolId string
	User       providerUser
}

// adminDisableProviderForUser unlinks the identity from its native user
// (its next sign-in creates a new federated user) and disables the
// federated user of that identity, if there is one.
func adminDisableProviderForUser(c *call, in *disableProviderInput) (any, error) {
	u := in.User
	if err := firstError(required("UserPoolId", in.UserPoolId, maxID), required("User.ProviderName", u.ProviderName, 32),
		required("User.ProviderAttributeValue", u.ProviderAttributeValue, maxValue)); err != nil {
		return nil, err
	}
	return nil, c.updatePool(in.UserPoolId, func(p *poolTx) error {
		pool, err := p.pool()
		if err != nil {
			return err
		}
		if pool.identityProvider(u.ProviderName) < 0 {
			return errInvalidParameter("The provider %s does not exist for the user pool.", truncate(u.ProviderName, 32))
		}
		found := false
		key := linkKey(u.ProviderName, u.ProviderAttributeValue)
		if owner, ok := p.nameOwner(key); ok {
			found = true
			if native, err := p.user(owner); err == nil {
				native.setIdentities(slices.DeleteFunc(native.identities(), func(id identity) bool {
					return id.ProviderName == u.ProviderName && id.UserID == u.ProviderAttributeValue
				}))
				native.Modified = c.now
				if err := p.putUser(native); err != nil {
					return err
				}
			}
			if err := p.deleteName(key); err != nil {
				return err
			}
		}
		if fed, err := p.user(u.ProviderName + "_" + u.ProviderAttributeValue); err == nil && fed.federated() {
			found = true
			fed.Enabled = false
			fed.Modified = c.now
			if err := p.revokeSessions(fed.Username); err != nil {
				return err
			}
			if err := p.putUser(fed); err != nil {
				return err
			}
		}
		if !found {
			return apiError(userpool.UserNotFoundException, "User does not exist.")
		}
		return nil
	})
}
