package localpool

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cognitowasm/cognitowasm/app/userpool"
	"github.com/cognitowasm/cognitowasm/srp"
	"github.com/google/uuid"
)

// lookupUser finds a user by the name they sign in with: the username, or the
// email where the pool makes it a sign-in name (an alias only once verified).
func (p *poolTx) lookupUser(pool *poolRecord, name string) (*userRecord, error) {
	if u, err := p.user(name); err == nil {
		return u, nil
	} else if !errors.Is(err, errNotFound) {
		return nil, err
	}
	if pool.emailSignIn() {
		if u, ok := p.emailOwner(pool, name); ok {
			return u, nil
		}
	}
	return nil, errUserNotFound()
}

// standardAttributes are the OpenID Connect attributes a pool has.
var standardAttributes = []string{"address", "birthdate", "email", "email_verified", "family_name", "gender",
	"given_name", "locale", "middle_name", "name", "nickname", "phone_number", "phone_number_verified", "picture",
	"preferred_username", "profile", "updated_at", "website", "zoneinfo"}

var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)

// newVerifier makes the SRP verifier of a password for a user.
func newVerifier(poolID, username, password string) (salt, value []byte, err error) {
	v, err := srp.NewVerifier(srp.UserIdentity(poolID, username), password, nil)
	if err != nil {
		return nil, nil, err
	}
	return v.Salt, v.Value, nil
}

func (u *userRecord) setPassword(poolID, password string) error {
	salt, value, err := newVerifier(poolID, u.Username, password)
	if err != nil {
		return err
	}
	u.Salt, u.Verifier = salt, value
	return nil
}

// passwordMatches recomputes the user's verifier from password, in constant time.
func (u *userRecord) passwordMatches(poolID, password string) bool {
	if len(password) > maxPassword || len(u.Verifier) == 0 {
		return false
	}
	return srp.Verifier{Salt: u.Salt, Value: u.Verifier}.Matches(srp.UserIdentity(poolID, u.Username), password)
}

// passwordTag names the user's current password without revealing it: a
// new password has a new salt, so a new tag.
func (u *userRecord) passwordTag() []byte {
	sum := sha256.Sum256(append(slices.Clip(u.Salt), u.Verifier...))
	return sum[:16]
}

// checkSecretHash enforces SECRET_HASH for clients with a secret. Any name
// the user is known by is accepted, as Cognito does.
func checkSecretHash(client *userPoolClient, given string, names ...string) error {
	if client.ClientSecret == "" {
		return nil
	}
	if given == "" {
		return errNotAuthorized("Client %s is configured with secret but SECRET_HASH was not received", client.ClientId)
	}
	for _, n := range names {
		if n != "" && hmac.Equal([]byte(given), []byte(srp.SecretHash(n, client.ClientId, client.ClientSecret))) {
			return nil
		}
	}
	return errNotAuthorized("Unable to verify secret hash for client %s", client.ClientId)
}

// newUser builds a user record; with email as username the internal username is the sub.
func newUser(pool *poolRecord, name string, attrs []attribute, now time.Time) (*userRecord, error) {
	sub := uuid.NewString()
	u := &userRecord{Username: name, Enabled: true, Created: now, Modified: now}
	u.setAttr("sub", sub)
	if pool.emailIsUsername() {
		if !emailPattern.MatchString(name) {
			return nil, errInvalidParameter("Username should be an email.")
		}
		u.Username = sub
		u.setAttr("email", name)
	} else if pool.emailAlias() && emailPattern.MatchString(name) {
		// Otherwise one user's username could be another user's email alias.
		return nil, errInvalidParameter("Username cannot be of email format, since user pool is configured for email alias.")
	}
	for _, a := range attrs {
		if a.Name == "email" && pool.emailIsUsername() && !strings.EqualFold(a.Value, name) {
			return nil, errInvalidParameter("The email attribute must match the username.")
		}
		u.setAttr(a.Name, a.Value)
	}
	if strings.ContainsAny(u.Username, " \t\r\n") {
		return nil, errInvalidParameter("Username cannot contain whitespace.")
	}
	return u, nil
}

// insertUser stores a new user and its index keys, refusing duplicates. A
// verified email becomes an alias as verifyEmail decides, with forceAlias.
func (p *poolTx) insertUser(pool *poolRecord, u *userRecord, forceAlias bool) error {
	if _, err := p.user(u.Username); err == nil {
		return apiError(userpool.UsernameExistsException, "User already exists")
	}
	if e := u.attr("email"); e != "" && pool.emailIsUsername() {
		if _, taken := p.emailOwner(pool, e); taken {
			return apiError(userpool.UsernameExistsException, "An account with the given email already exists.")
		}
		if err := p.putName(emailKey(e), u.Username); err != nil {
			return err
		}
	}
	if u.attr("email_verified") == "true" {
		if err := p.verifyEmail(pool, u, forceAlias); err != nil {
			return err
		}
	}
	if err := p.putName("sub:"+u.sub(), u.Username); err != nil {
		return err
	}
	return p.putUser(u)
}

type signUpInput struct {
	ClientId       string
	SecretHash     string
	Username       string
	Password       string
	UserAttributes []attribute
	ValidationData []attribute
	ClientMetadata map[string]string
}

func signUp(c *call, in *signUpInput) (any, error) {
	// The model lets Password out for passwordless sign-up, which the pool
	// does not offer.
	if err := required("Password", in.Password, maxPassword); err != nil {
		return nil, err
	}
	var pool *poolRecord
	err := c.s.viewClient(in.ClientId, func(p *clientTx) error {
		pool = p.pool
		return firstError(checkSecretHash(p.client, in.SecretHash, in.Username), pool.checkWritable(in.UserAttributes, false, writeCreate),
			pool.Policies.PasswordPolicy.check(in.Password))
	})
	if err != nil {
		return nil, err
	}
	user, err := newUser(pool, in.Username, in.UserAttributes, c.now)
	if err == nil {
		err = pool.checkRequired(user)
	}
	if err != nil {
		return nil, err
	}
	user.Status = statusUnconfirmed
	if err := user.setPassword(pool.Id, in.Password); err != nil {
		return nil, err
	}
	var code *codeRecord
	if attr := contactAttribute(user); attr != "" && slices.Contains(pool.AutoVerifiedAttributes, attr) {
		if code, err = user.issueCode(purposeSignUp, attr, c.now); err != nil {
			return nil, err
		}
	}
	err = c.s.updateClient(in.ClientId, func(p *clientTx) error { return p.insertUser(p.pool, user, false) })
	if err != nil {
		return nil, err
	}
	c.s.log.Info("user signed up", "pool", pool.Id, "username", logValue(user.Username))
	out := map[string]any{"UserConfirmed": false, "UserSub": user.sub()}
	if code != nil {
		c.s.deliver(pool.Id, user, code)
		out["CodeDeliveryDetails"] = code.delivery()
	}
	return out, nil
}

type confirmSignUpInput struct {
	ClientId           string
	SecretHash         string
	Username           string
	ConfirmationCode   string
	ForceAliasCreation bool
	ClientMetadata     map[string]string
}

// withUserByClient runs fn on a user named in a public (ClientId) operation,
// storing the user afterwards whatever fn returns, so counters persist.
// Where the client hides user existence, a name without a user gets unknown
// instead: it runs on the name's record in memory (unknownGuesser), which
// keeps code budgets and wrong-code counts as a user's record does, and
// answers what a user would get.
func (c *call) withUserByClient(clientID, secretHash, name string, unknown func(g *userRecord) error, fn func(p *clientTx, u *userRecord) error) error {
	if err := firstError(required("Username", name, maxValue), optional("SecretHash", secretHash, maxToken)); err != nil {
		return err
	}
	var result error
	err := c.s.updateClient(clientID, func(p *clientTx) error {
		u, err := p.lookupUser(p.pool, name)
		if err != nil {
			if err := checkSecretHash(p.client, secretHash, name); err != nil {
				return err
			}
			if p.client.PreventUserExistenceErrors == "ENABLED" && unknown != nil {
				// Write, as the answer to a known user does, so both take as long.
				result = unknown(c.s.unknownGuesser(p.poolID, name))
				c.s.log.Info("no such user; answered as if there were one (PreventUserExistenceErrors)", "pool", p.poolID,
					"username", logValue(name))
				stand, err := standInUser()
				if err != nil {
					return err
				}
				return p.putStandIn(stand)
			}
			return err
		}
		if err := checkSecretHash(p.client, secretHash, name, u.Username); err != nil {
			return err
		}
		result = fn(p, u)
		var apiErr *Error
		if result != nil && !errors.As(result, &apiErr) {
			return result
		}
		u.Modified = c.now
		return p.putUser(u)
	})
	if err != nil {
		return err
	}
	return result
}

func confirmSignUp(c *call, in *confirmSignUpInput) (any, error) {
	var pool *poolRecord
	var client *userPoolClient
	var username string
	err := c.withUserByClient(in.ClientId, in.SecretHash, in.Username, func(g *userRecord) error {
		// As a user who signed up: the sign-up code takes maxCodeAttempts
		// wrong guesses, then it is spent.
		if !slices.ContainsFunc(g.Codes, func(c codeRecord) bool { return c.Purpose == purposeSignUp }) {
			if _, err := g.issueCodeTo(purposeSignUp, "email", in.Username, c.now); err != nil {
				return err
			}
			g.CodeSends = g.CodeSends[:len(g.CodeSends)-1] // sent at sign-up, outside this hour's budget
		}
		return g.useNoCode(purposeSignUp, in.ConfirmationCode, c.now)
	}, func(p *clientTx, u *userRecord) error {
		if u.Status != statusUnconfirmed {
			return errNotAuthorized("User cannot be confirmed. Current status is %s", u.Status)
		}
		pool, client, username = p.pool, p.client, u.Username
		attr := ""
		if i := slices.IndexFunc(u.Codes, func(c codeRecord) bool { return c.Purpose == purposeSignUp }); i >= 0 {
			attr = u.Codes[i].Attribute
		}
		codes := slices.Clone(u.Codes)
		if err := u.useCode(purposeSignUp, "", in.ConfirmationCode, c.now); err != nil {
			return err
		}
		switch attr {
		case "email":
			if err := p.verifyEmail(p.pool, u, in.ForceAliasCreation); err != nil {
				u.Codes = codes // the code stays good for a retry with ForceAliasCreation
				return err
			}
		case "phone_number":
			u.setAttr(attr+"_verified", "true")
		}
		u.Status = statusConfirmed
		return nil
	})
	if err != nil {
		return nil, err
	}
	session, err := c.signUpSession(pool, client, username)
	if err != nil || session == "" {
		return nil, err
	}
	return map[string]string{"Session": session}, nil
}

type usernameByClientInput struct {
	ClientId       string
	SecretHash     string
	Username       string
	ClientMetadata map[string]string
}

// fakeDelivery answers for an unknown user when the client hides user existence.
func fakeDelivery(name string) *Error { return &Error{Type: "fakeDelivery", Message: name} }

// codeResponse turns the fake-delivery marker into a plausible answer.
func codeResponse(d *codeDeliveryDetails, err error) (any, error) {
	var e *Error
	if errors.As(err, &e) && e.Type == "fakeDelivery" {
		d = &codeDeliveryDetails{Destination: maskEmail(e.Message), DeliveryMedium: "EMAIL", AttributeName: "email"}
		if !strings.Contains(e.Message, "@") {
			d.Destination = "u***@e***"
		}
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return map[string]any{"CodeDeliveryDetails": d}, nil
}

func resendConfirmationCode(c *call, in *usernameByClientInput) (any, error) {
	return c.sendCode(in, purposeSignUp, func(u *userRecord) (string, error) {
		if u.Status != statusUnconfirmed {
			return "", errInvalidParameter("User is already confirmed.")
		}
		if attr := contactAttribute(u); attr != "" {
			return attr, nil
		}
		return "", errInvalidParameter("There is no email or phone number to send the code to.")
	})
}

func forgotPassword(c *call, in *usernameByClientInput) (any, error) {
	return c.sendCode(in, purposeReset, func(u *userRecord) (string, error) {
		if !u.Enabled {
			return "", errNotAuthorized("User is disabled.")
		}
		if name := verifiedContact(u); name != "" {
			return name, nil
		}
		return "", errInvalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number")
	})
}

// sendCode issues a code for purpose to the attribute destination picks, and delivers it.
func (c *call) sendCode(in *usernameByClientInput, purpose string, destination func(u *userRecord) (string, error)) (any, error) {
	var delivered *codeRecord
	var poolID string
	var user *userRecord
	err := c.withUserByClient(in.ClientId, in.SecretHash, in.Username, func(g *userRecord) error {
		// A code nobody receives, within the budget a user's codes have.
		// UNSURE: Cognito does not document LimitExceededException for a
		// name without a user; answering it only for users would tell them
		// apart, so both meet the same budget.
		if _, err := g.issueCodeTo(purpose, "email", in.Username, c.now); err != nil {
			return err
		}
		return fakeDelivery(in.Username)
	}, func(p *clientTx, u *userRecord) error {
		attr, err := destination(u)
		if err != nil {
			return err
		}
		code, err := u.issueCode(purpose, attr, c.now)
		delivered, poolID, user = code, p.poolID, u
		return err
	})
	if delivered != nil && err == nil {
		c.s.deliver(poolID, user, delivered)
		return codeResponse(delivered.delivery(), nil)
	}
	return codeResponse(nil, err)
}

type confirmForgotPasswordInput struct {
	ClientId         string
	SecretHash       string
	Username         string
	ConfirmationCode string
	Password         string
	ClientMetadata   map[string]string
}

func confirmForgotPassword(c *call, in *confirmForgotPasswordInput) (any, error) {
	// The password is checked before the user is looked up: an unknown
	// user gets the same answer to a weak password as a known one.
	if err := c.s.viewClient(in.ClientId, func(p *clientTx) error { return p.pool.Policies.PasswordPolicy.check(in.Password) }); err != nil {
		return nil, err
	}
	err := c.withUserByClient(in.ClientId, in.SecretHash, in.Username, func(g *userRecord) error {
		return g.useNoCode(purposeReset, in.ConfirmationCode, c.now)
	}, func(p *clientTx, u *userRecord) error {
		if err := u.useCode(purposeReset, "", in.ConfirmationCode, c.now); err != nil {
			return err
		}
		if err := u.setPassword(p.poolID, in.Password); err != nil {
			return err
		}
		if u.Status == statusResetRequired || u.Status == statusForceChange {
			u.Status = statusConfirmed
		}
		u.FailedSignIns, u.LockedUntil, u.TemporaryUntil = 0, time.Time{}, time.Time{}
		return nil
	})
	return nil, err
}

// userType is UserType on the wire (ListUsers, AdminCreateUser).
type userType struct {
	Username             string      `json:"Username"`
	Attributes           []attribute `json:"Attributes"`
	UserCreateDate       epochTime   `json:"UserCreateDate"`
	UserLastModifiedDate epochTime   `json:"UserLastModifiedDate"`
	Enabled              bool        `json:"Enabled"`
	UserStatus           string      `json:"UserStatus"`
}

func (u *userRecord) wire() userType {
	attrs := u.Attributes
	if attrs == nil {
		attrs = []attribute{}
	}
	return userType{Username: u.Username, Attributes: attrs, UserCreateDate: epochTime(u.Created),
		UserLastModifiedDate: epochTime(u.Modified), Enabled: u.Enabled, UserStatus: u.Status}
}

type adminUserInput struct {
	UserPoolId string
	Username   string
}

// poolAndUser reads the transaction's pool and the user name stands for
// (a username or a sign-in alias).
func (p *poolTx) poolAndUser(name string) (*poolRecord, *userRecord, error) {
	pool, err := p.pool()
	if err != nil {
		return nil, nil, err
	}
	u, err := p.lookupUser(pool, name)
	if err != nil {
		return nil, nil, err
	}
	return pool, u, nil
}

// withAdminUser runs fn on a user in an admin operation, in a write
// transaction when write is set; fn's changes are stored.
func (c *call) withAdminUser(in *adminUserInput, write bool, fn func(p *poolTx, pool *poolRecord, u *userRecord) error) error {
	if err := required("Username", in.Username, maxValue); err != nil {
		return err
	}
	run := c.withPool
	if write {
		run = c.updatePool
	}
	return run(in.UserPoolId, func(p *poolTx) error {
		pool, u, err := p.poolAndUser(in.Username)
		if err != nil {
			return err
		}
		if err := fn(p, pool, u); err != nil {
			return err
		}
		if !write {
			return nil
		}
		u.Modified = c.now
		return p.putUser(u)
	})
}

type adminCreateUserInput struct {
	UserPoolId             string
	Username               string
	UserAttributes         []attribute
	ValidationData         []attribute
	TemporaryPassword      string
	MessageAction          string
	DesiredDeliveryMediums []string
	ForceAliasCreation     bool
	ClientMetadata         map[string]string
}

func adminCreateUser(c *call, in *adminCreateUserInput) (any, error) {
	if in.MessageAction != "" && in.MessageAction != "SUPPRESS" && in.MessageAction != "RESEND" {
		return nil, errInvalidParameter("MessageAction must be SUPPRESS or RESEND.")
	}
	pool, err := c.loadPool(in.UserPoolId)
	if err == nil {
		err = pool.checkWritable(in.UserAttributes, true, writeCreate)
	}
	if err != nil {
		return nil, err
	}
	password := in.TemporaryPassword
	if password == "" {
		password = pool.Policies.PasswordPolicy.temporaryPassword()
	} else if err := pool.Policies.PasswordPolicy.check(password); err != nil {
		return nil, err
	}
	validity := time.Duration(max(pool.Policies.PasswordPolicy.TemporaryPasswordValidityDays, 1)) * 24 * time.Hour
	var user *userRecord
	if in.MessageAction == "RESEND" {
		err = c.withAdminUser(&adminUserInput{UserPoolId: in.UserPoolId, Username: in.Username}, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
			if u.Status != statusForceChange {
				return apiError(userpool.UnsupportedUserStateException, "Resend not possible. %s status is %s instead of FORCE_CHANGE_PASSWORD", u.Username, u.Status)
			}
			u.TemporaryUntil = c.now.Add(validity)
			user = u
			return u.setPassword(pool.Id, password)
		})
	} else {
		user, err = newUser(pool, in.Username, in.UserAttributes, c.now)
		if err == nil {
			err = pool.checkRequired(user)
		}
		if err == nil {
			user.Status, user.TemporaryUntil = statusForceChange, c.now.Add(validity)
			err = user.setPassword(pool.Id, password)
		}
		if err == nil {
			err = c.updatePool(in.UserPoolId, func(p *poolTx) error { return p.insertUser(pool, user, in.ForceAliasCreation) })
		}
	}
	if err != nil {
		return nil, err
	}
	if in.MessageAction != "SUPPRESS" {
		c.s.deliverTemporaryPassword(pool.Id, user, password)
	}
	return map[string]any{"User": user.wire()}, nil
}

func adminConfirmSignUp(c *call, in *adminUserInput) (any, error) {
	return nil, c.withAdminUser(in, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		if u.Status != statusUnconfirmed {
			return errNotAuthorized("User cannot be confirmed. Current status is %s", u.Status)
		}
		u.Status = statusConfirmed
		u.Codes = slices.DeleteFunc(u.Codes, func(c codeRecord) bool { return c.Purpose == purposeSignUp })
		return nil
	})
}

type adminSetUserPasswordInput struct {
	adminUserInput
	Password  string
	Permanent bool
}

func adminSetUserPassword(c *call, in *adminSetUserPasswordInput) (any, error) {
	return nil, c.withAdminUser(&in.adminUserInput, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		if err := pool.Policies.PasswordPolicy.check(in.Password); err != nil {
			return err
		}
		if in.Permanent {
			u.Status, u.TemporaryUntil = statusConfirmed, time.Time{}
		} else {
			days := max(pool.Policies.PasswordPolicy.TemporaryPasswordValidityDays, 1)
			u.Status, u.TemporaryUntil = statusForceChange, c.now.Add(time.Duration(days)*24*time.Hour)
		}
		u.FailedSignIns, u.LockedUntil = 0, time.Time{}
		return u.setPassword(pool.Id, in.Password)
	})
}

func adminGetUser(c *call, in *adminUserInput) (any, error) {
	var out map[string]any
	err := c.withAdminUser(in, false, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		w := u.wire()
		out = map[string]any{"Username": w.Username, "UserAttributes": w.Attributes, "UserCreateDate": w.UserCreateDate,
			"UserLastModifiedDate": w.UserLastModifiedDate, "Enabled": w.Enabled, "UserStatus": w.UserStatus}
		u.mfaFields(out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func adminDeleteUser(c *call, in *adminUserInput) (any, error) {
	return nil, c.updatePool(in.UserPoolId, func(p *poolTx) error {
		_, u, err := p.poolAndUser(in.Username)
		if err != nil {
			return err
		}
		return p.deleteUser(u)
	})
}

// revokeSessions signs the user out everywhere: refresh tokens stop working and
// access tokens are refused.
func (p *poolTx) revokeSessions(username string) error {
	return p.eachSession(username, func(ss *sessionRecord) error {
		ss.Revoked = true
		return p.putSession(ss)
	})
}

func adminDisableUser(c *call, in *adminUserInput) (any, error) {
	return nil, c.withAdminUser(in, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		u.Enabled = false
		return p.revokeSessions(u.Username)
	})
}

func adminEnableUser(c *call, in *adminUserInput) (any, error) {
	return nil, c.withAdminUser(in, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		u.Enabled = true
		return nil
	})
}

type adminGroupInput struct {
	adminUserInput
	GroupName string
}

func adminAddUserToGroup(c *call, in *adminGroupInput) (any, error) {
	return nil, c.withAdminUser(&in.adminUserInput, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		if _, err := p.group(in.GroupName); err != nil {
			return errResourceNotFound("Group not found.")
		}
		if !slices.Contains(u.Groups, in.GroupName) {
			u.Groups = append(u.Groups, in.GroupName)
		}
		return nil
	})
}

func adminUserGlobalSignOut(c *call, in *adminUserInput) (any, error) {
	return nil, c.withAdminUser(in, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		return p.revokeSessions(u.Username)
	})
}

type listUsersInput struct {
	UserPoolId      string
	AttributesToGet []string
	Limit           int
	PaginationToken string
	Filter          string
}

// listUsersFilter is ListUsers' Filter: `name = "value"` or `name ^= "prefix"`.
var listUsersFilter = regexp.MustCompile(`^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$`)

func listUsers(c *call, in *listUsersInput) (any, error) {
	match := func(*userRecord) bool { return true }
	if in.Filter != "" {
		m := listUsersFilter.FindStringSubmatch(in.Filter)
		if m == nil {
			return nil, errInvalidParameter("Error while parsing filter.")
		}
		name, prefix, value := m[1], m[2] == "^=", strings.ReplaceAll(m[3], `\"`, `"`)
		match = func(u *userRecord) bool {
			got := u.attr(name)
			switch name {
			case "username":
				got = u.Username
			case "status":
				got = map[bool]string{true: "Enabled", false: "Disabled"}[u.Enabled]
			case "cognito:user_status":
				got = u.Status
			}
			if prefix {
				return strings.HasPrefix(got, value)
			}
			return got == value
		}
	}
	var users []userType
	err := c.withPool(in.UserPoolId, func(p *poolTx) error {
		return forEach(p, bucketUsers, func(u *userRecord) error {
			if match(u) {
				w := u.wire()
				if len(in.AttributesToGet) > 0 {
					w.Attributes = slices.DeleteFunc(slices.Clone(w.Attributes), func(a attribute) bool { return !slices.Contains(in.AttributesToGet, a.Name) })
				}
				users = append(users, w)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	items, next := page(users, func(u userType) string { return userKey(u.Username) }, in.Limit, in.PaginationToken)
	out := map[string]any{"Users": items}
	if items == nil {
		out["Users"] = []userType{}
	}
	if next != "" {
		out["PaginationToken"] = next
	}
	return out, nil
}

type accessTokenInput struct {
	AccessToken string
}

// withAccessUser runs fn on the user an access token names, storing the user
// afterwards when write is set.
func (c *call) withAccessUser(token string, write bool, fn func(p *poolTx, pool *poolRecord, u *userRecord) error) error {
	principal, err := c.authenticate(token)
	if err != nil {
		return err
	}
	run := c.s.view
	if write {
		run = c.s.update
	}
	return run(principal.pool.Id, func(p *poolTx) error {
		u, err := p.user(principal.user.Username)
		if err != nil {
			return errUserNotFound()
		}
		if err := fn(p, principal.pool, u); err != nil {
			return err
		}
		if !write {
			return nil
		}
		u.Modified = c.now
		return p.putUser(u)
	})
}

func getUser(c *call, in *accessTokenInput) (any, error) {
	var out map[string]any
	err := c.withAccessUser(in.AccessToken, false, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		w := u.wire()
		out = map[string]any{"Username": w.Username, "UserAttributes": w.Attributes}
		u.mfaFields(out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

type updateUserAttributesInput struct {
	AccessToken    string
	UserAttributes []attribute
	ClientMetadata map[string]string
}

func updateUserAttributes(c *call, in *updateUserAttributesInput) (any, error) {
	details, err := c.changeAttributes(func(fn userFunc) error { return c.withAccessUser(in.AccessToken, true, fn) }, in.UserAttributes, false)
	if err != nil {
		return nil, err
	}
	return map[string]any{"CodeDeliveryDetailsList": details}, nil
}

type deleteUserAttributesInput struct {
	AccessToken        string
	UserAttributeNames []string
}

func deleteUserAttributes(c *call, in *deleteUserAttributesInput) (any, error) {
	return nil, c.withAccessUser(in.AccessToken, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		return p.deleteAttributes(pool, u, in.UserAttributeNames)
	})
}

type attributeCodeInput struct {
	AccessToken    string
	AttributeName  string
	Code           string
	ClientMetadata map[string]string
}

func getUserAttributeVerificationCode(c *call, in *attributeCodeInput) (any, error) {
	var code *codeRecord
	var poolID string
	var user *userRecord
	err := c.withAccessUser(in.AccessToken, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		if !isContact(in.AttributeName) || u.verificationTarget(in.AttributeName) == "" {
			return errInvalidParameter("The user has no %s to verify.", truncate(in.AttributeName, 40))
		}
		var err error
		code, err = u.issueCodeTo(purposeVerify, in.AttributeName, u.verificationTarget(in.AttributeName), c.now)
		poolID, user = pool.Id, u
		return err
	})
	if err != nil {
		return nil, err
	}
	c.s.deliver(poolID, user, code)
	return map[string]any{"CodeDeliveryDetails": code.delivery()}, nil
}

func verifyUserAttribute(c *call, in *attributeCodeInput) (any, error) {
	var result error
	err := c.withAccessUser(in.AccessToken, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		// Attempts count even when the code is wrong, so store the user either way.
		result = p.verifyAttribute(pool, u, in.AttributeName, in.Code, c)
		var apiErr *Error
		if result != nil && !errors.As(result, &apiErr) {
			return result
		}
		return nil
	})
	return nil, firstError(err, result)
}

type changePasswordInput struct {
	AccessToken      string
	PreviousPassword string
	ProposedPassword string
}

func changePassword(c *call, in *changePasswordInput) (any, error) {
	var result error
	err := c.withAccessUser(in.AccessToken, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		if result = c.checkLock(u); result != nil {
			return nil
		}
		if !u.passwordMatches(pool.Id, in.PreviousPassword) {
			result = c.signInFailed(u)
			return nil
		}
		if err := pool.Policies.PasswordPolicy.check(in.ProposedPassword); err != nil {
			return err
		}
		return u.setPassword(pool.Id, in.ProposedPassword)
	})
	return nil, firstError(err, result)
}

func deleteUser(c *call, in *accessTokenInput) (any, error) {
	principal, err := c.authenticate(in.AccessToken)
	if err != nil {
		return nil, err
	}
	return nil, c.s.update(principal.pool.Id, func(p *poolTx) error {
		u, err := p.user(principal.user.Username)
		if err != nil {
			return errUserNotFound()
		}
		return p.deleteUser(u)
	})
}

func globalSignOut(c *call, in *accessTokenInput) (any, error) {
	return nil, c.withAccessUser(in.AccessToken, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		return p.revokeSessions(u.Username)
	})
}
