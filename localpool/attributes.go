package localpool

import (
	"slices"
	"strings"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// The email index (names/email:<address>) points at the user who may sign in
// with that address. With email as the username every address belongs to one
// user. With email as an alias, an address becomes a user's alias only once
// that user verifies it, so nobody can take over another user's sign-in name
// by setting an unverified email.

func errAliasExists() *Error {
	return apiError(userpool.AliasExistsException, "An account with the given email already exists.")
}

// emailAlias reports whether a verified email is a sign-in alias beside the username.
func (p *userPool) emailAlias() bool { return slices.Contains(p.AliasAttributes, "email") }

// emailOwner returns the user who signs in with email, if any.
func (p *poolTx) emailOwner(pool *poolRecord, email string) (*userRecord, bool) {
	name, ok := p.nameOwner(emailKey(email))
	if !ok {
		return nil, false
	}
	u, err := p.user(name)
	if err != nil || !strings.EqualFold(u.attr("email"), email) {
		return nil, false
	}
	if !pool.emailIsUsername() && u.attr("email_verified") != "true" {
		return nil, false
	}
	return u, true
}

func sameUser(a, b *userRecord) bool { return userKey(a.Username) == userKey(b.Username) }

// releaseEmail drops the index entry for email if it points at u.
func (p *poolTx) releaseEmail(u *userRecord, email string) error {
	if email == "" {
		return nil
	}
	if owner, ok := p.nameOwner(emailKey(email)); ok && userKey(owner) == userKey(u.Username) {
		return p.deleteName(emailKey(email))
	}
	return nil
}

// setEmail gives u a new, unverified email ("" removes it).
func (p *poolTx) setEmail(pool *poolRecord, u *userRecord, email string) error {
	if pool.emailIsUsername() && email != "" {
		if owner, ok := p.emailOwner(pool, email); ok && !sameUser(owner, u) {
			return errAliasExists()
		}
	}
	if err := p.releaseEmail(u, u.attr("email")); err != nil {
		return err
	}
	if email == "" {
		u.deleteAttr("email")
		u.deleteAttr("email_verified")
		return nil
	}
	u.setAttr("email", email)
	u.setAttr("email_verified", "false")
	if pool.emailIsUsername() {
		return p.putName(emailKey(email), u.Username)
	}
	return nil
}

// verifyEmail marks u's email verified. In an email-alias pool the address
// becomes u's alias; if it is another user's alias, force moves it (that user
// can no longer sign in with it), otherwise the answer is AliasExistsException.
func (p *poolTx) verifyEmail(pool *poolRecord, u *userRecord, force bool) error {
	email := u.attr("email")
	if email == "" {
		return nil
	}
	if pool.emailAlias() {
		if owner, ok := p.emailOwner(pool, email); ok && !sameUser(owner, u) {
			if !force {
				return errAliasExists()
			}
			// UNSURE: Cognito documents only that the previous user loses the
			// alias; the pool also marks their copy of the address unverified,
			// so no code for it goes to them any more.
			owner.setAttr("email_verified", "false")
			if err := p.putUser(owner); err != nil {
				return err
			}
		}
		if err := p.putName(emailKey(email), u.Username); err != nil {
			return err
		}
	}
	u.setAttr("email_verified", "true")
	return nil
}

// pending returns the value waiting for verification before it replaces attr.
func (u *userRecord) pending(attr string) (string, bool) {
	i := slices.IndexFunc(u.Pending, func(a attribute) bool { return a.Name == attr })
	if i < 0 {
		return "", false
	}
	return u.Pending[i].Value, true
}

func (u *userRecord) setPending(attr, value string) {
	u.clearPending(attr)
	u.Pending = append(u.Pending, attribute{Name: attr, Value: value})
}

func (u *userRecord) clearPending(attr string) {
	u.Pending = slices.DeleteFunc(u.Pending, func(a attribute) bool { return a.Name == attr })
}

// verificationTarget is the value a verification code for attr is sent to:
// the pending value if there is one, else the current one.
func (u *userRecord) verificationTarget(attr string) string {
	if v, ok := u.pending(attr); ok {
		return v
	}
	return u.attr(attr)
}

// isContact reports whether attr is a verifiable contact attribute.
func isContact(attr string) bool { return attr == "email" || attr == "phone_number" }

// updateAttributes applies an UpdateUserAttributes or AdminUpdateUserAttributes
// request to u and returns the verification codes to deliver. A changed email
// or phone number is unverified; where the pool requires verification before
// update, it waits as a pending value until verified. An admin may mark a
// contact verified in the same request, which applies it at once.
func (c *call) updateAttributes(p *poolTx, pool *poolRecord, u *userRecord, attrs []attribute, admin bool) ([]*codeRecord, error) {
	if err := pool.checkWritable(attrs, admin, writeUpdate); err != nil {
		return nil, err
	}
	flags := map[string]string{}
	for _, a := range attrs {
		if name, ok := strings.CutSuffix(a.Name, "_verified"); ok && isContact(name) {
			flags[name] = a.Value
		}
	}
	var codes []*codeRecord
	for _, a := range attrs {
		if _, ok := strings.CutSuffix(a.Name, "_verified"); ok {
			continue
		}
		if u.attr(a.Name) == a.Value && u.hasAttr(a.Name) {
			u.clearPending(a.Name)
			continue
		}
		if !isContact(a.Name) {
			u.setAttr(a.Name, a.Value)
			continue
		}
		markedVerified := flags[a.Name] == "true"
		if pool.verifiesBeforeUpdate(a.Name) && !markedVerified {
			if a.Name == "email" && pool.emailIsUsername() {
				if owner, ok := p.emailOwner(pool, a.Value); ok && !sameUser(owner, u) {
					return nil, errAliasExists()
				}
			}
			u.setPending(a.Name, a.Value)
		} else {
			u.clearPending(a.Name)
			if a.Name == "email" {
				if err := p.setEmail(pool, u, a.Value); err != nil {
					return nil, err
				}
			} else {
				u.setAttr(a.Name, a.Value)
				u.setAttr(a.Name+"_verified", "false")
			}
		}
		if !markedVerified && slices.Contains(pool.AutoVerifiedAttributes, a.Name) {
			code, err := u.issueCodeTo(purposeVerify, a.Name, a.Value, c.now)
			if err != nil {
				return nil, err
			}
			codes = append(codes, code)
		}
	}
	for _, name := range []string{"email", "phone_number"} {
		switch v, set := flags[name]; {
		case !set:
		case v == "true" && name == "email":
			if err := p.verifyEmail(pool, u, false); err != nil {
				return nil, err
			}
		case v == "true":
			u.setAttr(name+"_verified", "true")
		default:
			if name == "email" {
				if err := p.releaseEmail(u, u.attr("email")); err != nil {
					return nil, err
				}
			}
			u.setAttr(name+"_verified", "false")
		}
	}
	return codes, nil
}

// deleteAttributes removes attributes from u (DeleteUserAttributes and AdminDeleteUserAttributes).
func (p *poolTx) deleteAttributes(pool *poolRecord, u *userRecord, names []string) error {
	for _, name := range names {
		s, ok := pool.schemaAttr(name)
		switch {
		case name == "sub" || (name == "email" && pool.emailIsUsername()):
			return errInvalidParameter("Cannot delete the required attribute %s.", name)
		case !ok:
			return errInvalidParameter("Attribute does not exist in the schema.")
		case !s.Mutable:
			return errInvalidParameter("Cannot modify the non-mutable attribute %s.", name)
		case s.Required:
			return errInvalidParameter("Cannot delete the required attribute %s.", name)
		}
		u.clearPending(name)
		if name == "email" {
			if err := p.setEmail(pool, u, ""); err != nil {
				return err
			}
			continue
		}
		u.deleteAttr(name)
	}
	return nil
}

// verifyAttribute applies a verification code: the pending value (if any)
// replaces the attribute, and the attribute becomes verified. A code only
// verifies the address it was sent to.
func (p *poolTx) verifyAttribute(pool *poolRecord, u *userRecord, attr, code string, c *call) error {
	i := slices.IndexFunc(u.Codes, func(cr codeRecord) bool { return cr.Purpose == purposeVerify && cr.Attribute == attr })
	if i < 0 || !strings.EqualFold(u.Codes[i].Destination, u.verificationTarget(attr)) {
		return errCodeMismatch()
	}
	if err := u.useCode(purposeVerify, attr, code, c.now); err != nil {
		return err
	}
	if v, ok := u.pending(attr); ok {
		u.clearPending(attr)
		if attr == "email" {
			if err := p.setEmail(pool, u, v); err != nil {
				return err
			}
		} else {
			u.setAttr(attr, v)
		}
	}
	if attr == "email" {
		// The user proved they receive mail at this address, so the alias moves to them.
		return p.verifyEmail(pool, u, true)
	}
	u.setAttr(attr+"_verified", "true")
	return nil
}

type adminUpdateUserAttributesInput struct {
	adminUserInput
	UserAttributes []attribute
	ClientMetadata map[string]string
}

func adminUpdateUserAttributes(c *call, in *adminUpdateUserAttributesInput) (any, error) {
	_, err := c.changeAttributes(func(fn userFunc) error { return c.withAdminUser(&in.adminUserInput, true, fn) }, in.UserAttributes, true)
	return nil, err
}

// userFunc is what withAccessUser and withAdminUser run on the user.
type userFunc = func(p *poolTx, pool *poolRecord, u *userRecord) error

// changeAttributes runs updateAttributes on the user that with finds, then
// delivers the verification codes it issued.
func (c *call) changeAttributes(with func(userFunc) error, attrs []attribute, admin bool) ([]*codeDeliveryDetails, error) {
	var codes []*codeRecord
	var poolID string
	var user *userRecord
	err := with(func(p *poolTx, pool *poolRecord, u *userRecord) error {
		var err error
		codes, err = c.updateAttributes(p, pool, u, attrs, admin)
		poolID, user = pool.Id, u
		return err
	})
	if err != nil {
		return nil, err
	}
	details := []*codeDeliveryDetails{}
	for _, code := range codes {
		c.s.deliver(poolID, user, code)
		details = append(details, code.delivery())
	}
	return details, nil
}

type adminDeleteUserAttributesInput struct {
	adminUserInput
	UserAttributeNames []string
}

func adminDeleteUserAttributes(c *call, in *adminDeleteUserAttributesInput) (any, error) {
	return nil, c.withAdminUser(&in.adminUserInput, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		return p.deleteAttributes(pool, u, in.UserAttributeNames)
	})
}

type adminResetUserPasswordInput struct {
	adminUserInput
	ClientMetadata map[string]string
}

// adminResetUserPassword invalidates the user's password: sign-in answers
// PasswordResetRequiredException until the user sets a new one with the
// code sent to their verified email or phone (ConfirmForgotPassword).
func adminResetUserPassword(c *call, in *adminResetUserPasswordInput) (any, error) {
	var code *codeRecord
	var poolID string
	var user *userRecord
	err := c.withAdminUser(&in.adminUserInput, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		attr := verifiedContact(u)
		if attr == "" {
			return errInvalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number")
		}
		var err error
		if code, err = u.issueCode(purposeReset, attr, c.now); err != nil {
			return err
		}
		u.Status = statusResetRequired
		poolID, user = pool.Id, u
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.s.deliver(poolID, user, code)
	return nil, nil
}

// verifiedContact names the user's verified email or phone number, where reset codes go.
func verifiedContact(u *userRecord) string {
	for _, name := range []string{"email", "phone_number"} {
		if u.attr(name) != "" && u.attr(name+"_verified") == "true" {
			return name
		}
	}
	return ""
}
