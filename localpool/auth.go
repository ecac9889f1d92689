package localpool

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"strings"
	"time"

	"github.com/cognitowasm/cognitowasm/app/userpool"
	"github.com/cognitowasm/cognitowasm/srp"
	"github.com/google/uuid"
)

type initiateAuthInput struct {
	UserPoolId     string // AdminInitiateAuth only
	ClientId       string
	AuthFlow       string
	AuthParameters map[string]string
	ClientMetadata map[string]string
	Session        string // USER_AUTH: the Session of ConfirmSignUp
}

// challengeOutput is the answer of InitiateAuth and RespondToAuthChallenge.
type challengeOutput struct {
	ChallengeName        string                `json:"ChallengeName,omitempty"`
	ChallengeParameters  map[string]string     `json:"ChallengeParameters"`
	Session              string                `json:"Session,omitempty"`
	AuthenticationResult *authenticationResult `json:"AuthenticationResult,omitempty"`
	// AvailableChallenges (SELECT_CHALLENGE) lists the user's first factors.
	AvailableChallenges []string `json:"AvailableChallenges,omitempty"`
	// user is who a hosted-UI sign-in signed in: its pages end in the
	// hosted-UI session, not in tokens (authRequest.hosted).
	user *userRecord
}

// authFlows are the InitiateAuth flows; admin marks those of AdminInitiateAuth.
var authFlows = map[string]struct {
	admin  bool
	public bool
	run    func(c *call, a *authRequest) (any, error)
}{
	"USER_SRP_AUTH":            {public: true, run: startSRP},
	"USER_PASSWORD_AUTH":       {public: true, run: passwordAuth},
	"ADMIN_USER_PASSWORD_AUTH": {admin: true, run: passwordAuth},
	"ADMIN_NO_SRP_AUTH":        {admin: true, run: passwordAuth},
	"REFRESH_TOKEN_AUTH":       {public: true, admin: true, run: refreshAuth},
	"REFRESH_TOKEN":            {public: true, admin: true, run: refreshAuth},
	userpool.AuthFlowUserAuth:  {public: true, admin: true, run: userAuth},
}

// authRequest is a sign-in step with its client and pool resolved.
type authRequest struct {
	pool    *poolRecord
	client  *userPoolClient
	flow    string
	params  map[string]string
	session string // InitiateAuth's Session (USER_AUTH after ConfirmSignUp)
	// hosted marks a step of the hosted UI, which proves the client secret at
	// the token endpoint instead of with SECRET_HASH.
	hosted bool
}

func initiateAuth(c *call, in *initiateAuthInput) (any, error) { return c.initiate(in, false) }

func adminInitiateAuth(c *call, in *initiateAuthInput) (any, error) { return c.initiate(in, true) }

// The model check has bounded every member of in (validate.go); what is
// checked here is what the model cannot say.
func (c *call) initiate(in *initiateAuthInput, admin bool) (any, error) {
	flow, ok := authFlows[in.AuthFlow]
	if !ok || (admin && !flow.admin) || (!admin && !flow.public) {
		return nil, errInvalidParameter("Initiate Auth method not supported.")
	}
	a, err := c.authClient(in.ClientId, in.UserPoolId, admin)
	if err != nil {
		return nil, err
	}
	name := in.AuthFlow
	switch name {
	case "ADMIN_NO_SRP_AUTH":
		name = "ADMIN_USER_PASSWORD_AUTH"
	case "REFRESH_TOKEN":
		name = "REFRESH_TOKEN_AUTH"
	}
	if !a.client.allowsFlow(name) {
		return nil, errInvalidParameter("%s flow not enabled for this client", name)
	}
	a.flow, a.params, a.session = name, in.AuthParameters, in.Session
	if a.params == nil {
		a.params = map[string]string{}
	}
	return flow.run(c, a)
}

// authClient loads the client (and checks it belongs to the pool, for admin calls).
func (c *call) authClient(clientID, poolID string, admin bool) (*authRequest, error) {
	var a authRequest
	err := c.s.viewClient(clientID, func(p *clientTx) error {
		if admin && p.poolID != poolID {
			return errResourceNotFound("User pool client %s does not exist.", clientID)
		}
		a.pool, a.client = p.pool, p.client
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// findUser resolves the sign-in name and checks SECRET_HASH. An unknown user
// is not an error here: callers answer it like a wrong password.
func (c *call) findUser(a *authRequest, name string) (*userRecord, error) {
	if err := required("USERNAME", name, maxValue); err != nil {
		return nil, err
	}
	var user *userRecord
	err := c.s.view(a.pool.Id, func(p *poolTx) error {
		u, err := p.lookupUser(a.pool, name)
		if err != nil {
			var e *Error
			if errors.As(err, &e) {
				return nil
			}
			return err
		}
		if u.federated() {
			// Federated users sign in only through their provider (reference §3.1).
			return nil
		}
		user = u
		return nil
	})
	if err != nil {
		return nil, err
	}
	names := []string{name}
	if user != nil {
		names = append(names, user.Username)
	}
	if err := checkSecretHash(a.client, a.params["SECRET_HASH"], names...); err != nil {
		return nil, err
	}
	return user, nil
}

func passwordAuth(c *call, a *authRequest) (any, error) {
	password := a.params["PASSWORD"]
	if err := required("PASSWORD", password, maxPassword); err != nil {
		return nil, err
	}
	user, err := c.findUser(a, a.params["USERNAME"])
	if err != nil {
		return nil, err
	}
	if user, err = c.checkPassword(a.pool, a.params["USERNAME"], user, password); err != nil {
		return nil, err
	}
	return c.completeSignIn(a, user)
}

// checkPassword proves the password of user (nil for an unknown name, the
// name signed in with) and returns the user as stored. A locked account is
// refused and a wrong password counts toward the lockout, for InitiateAuth
// and the hosted UI's sign-in form alike.
func (c *call) checkPassword(pool *poolRecord, name string, user *userRecord, password string) (*userRecord, error) {
	return c.tryPassword(pool.Id, user.usernameOr(name), func(u *userRecord) (bool, error) {
		return u.passwordMatches(pool.Id, password), nil
	})
}

// signInState is what a proven password leads to: an error for a user who
// may not sign in, or whether the user must first choose a new password.
func (c *call) signInState(u *userRecord) (newPassword bool, err error) {
	switch {
	case !u.Enabled:
		return false, errNotAuthorized("User is disabled.")
	case u.Status == statusUnconfirmed:
		return false, apiError(userpool.UserNotConfirmedException, "User is not confirmed.")
	case u.Status == statusResetRequired:
		return false, apiError(userpool.PasswordResetRequiredException, "Password reset required for the user")
	case u.Status == statusForceChange:
		if !u.TemporaryUntil.IsZero() && !c.now.Before(u.TemporaryUntil) {
			return false, errNotAuthorized("Temporary password has expired and must be reset by an administrator.")
		}
		return true, nil
	}
	return false, nil
}

// completeSignIn follows a proven password: it answers the user's state, a
// NEW_PASSWORD_REQUIRED challenge, or the tokens.
func (c *call) completeSignIn(a *authRequest, u *userRecord) (any, error) {
	newPassword, err := c.signInState(u)
	if err != nil {
		return nil, err
	}
	if newPassword {
		return c.challenge(a, u, "NEW_PASSWORD_REQUIRED", newPasswordParameters(u))
	}
	return c.afterFirstFactor(a, u)
}

func newPasswordParameters(u *userRecord) map[string]string {
	attrs := map[string]string{}
	for _, at := range u.Attributes {
		if at.Name != "sub" {
			attrs[at.Name] = at.Value
		}
	}
	raw, _ := json.Marshal(attrs)
	return map[string]string{"USER_ID_FOR_SRP": u.Username, "requiredAttributes": "[]", "userAttributes": string(raw)}
}

// challengeSession is the sealed Session of a challenge: the server keeps no
// state between the steps of a sign-in.
type challengeSession struct {
	Challenge string    `json:"c"`
	Username  string    `json:"u"`
	ClientID  string    `json:"cid"`
	Expires   time.Time `json:"exp"`
	// Password names the password that started the sign-in (passwordTag):
	// once an admin replaces it, the session ends.
	Password []byte `json:"pw"`
}

func (c *call) challenge(a *authRequest, u *userRecord, name string, params map[string]string) (any, error) {
	keys, err := c.s.poolKeys(a.pool)
	if err != nil {
		return nil, err
	}
	session, err := keys.seal("session", challengeSession{Challenge: name, Username: u.Username, ClientID: a.client.ClientId,
		Expires: c.now.Add(time.Duration(a.client.AuthSessionValidity) * time.Minute), Password: u.passwordTag()})
	if err != nil {
		return nil, err
	}
	return &challengeOutput{ChallengeName: name, ChallengeParameters: params, Session: session}, nil
}

// srpHexDigits is the width of a number below N in hex digits.
const srpHexDigits = 768

// fixedWidthHex left-pads a non-negative hex number below N with zeros to
// srpHexDigits digits, the value unchanged; other input is returned as is.
func fixedWidthHex(s string) string {
	if len(s) >= srpHexDigits || strings.HasPrefix(s, "-") {
		return s
	}
	return strings.Repeat("0", srpHexDigits-len(s)) + s
}

// srpState is sealed into SECRET_BLOCK between InitiateAuth and the PASSWORD_VERIFIER answer.
type srpState struct {
	PrivateB []byte    `json:"b"`
	PublicB  []byte    `json:"pb"` // the B sent, fixed width: restoring takes it instead of recomputing it
	A        string    `json:"a"`
	Username string    `json:"u"` // internal username; "" for an unknown user
	Name     string    `json:"n"` // the USERNAME challenge parameter
	ClientID string    `json:"cid"`
	Expires  time.Time `json:"exp"`
}

func startSRP(c *call, a *authRequest) (any, error) {
	srpA := a.params["SRP_A"]
	if err := required("SRP_A", srpA, maxToken); err != nil {
		return nil, err
	}
	if srp.CheckA(srpA) != nil {
		return nil, errInvalidParameter("SRP_A is not a valid SRP value.")
	}
	name := a.params["USERNAME"]
	user, err := c.findUser(a, name)
	if err != nil {
		return nil, err
	}
	// A and the expiry are sealed at one width (whole seconds), so that
	// SECRET_BLOCK has one length for every user and every SRP_A.
	state := srpState{A: fixedWidthHex(srpA), ClientID: a.client.ClientId,
		Expires: c.now.Add(time.Duration(a.client.AuthSessionValidity) * time.Minute).Truncate(time.Second)}
	var verifier srp.Verifier
	if user != nil {
		state.Username, state.Name = user.Username, user.Username
		verifier = srp.Verifier{Salt: user.Salt, Value: user.Verifier}
	} else {
		// A stable decoy of a known user's cost and lengths, so an
		// unknown user looks like a known one.
		if state.Name, err = decoyUsername(a.pool, name); err != nil {
			return nil, err
		}
		state.Username = state.Name // names no user: the claim meets tryPassword's stand-in
		verifier, err = srp.NewDecoyVerifier(&decoyReader{pool: a.pool, name: name})
		if err != nil {
			return nil, err
		}
	}
	server, err := srp.NewServer(verifier, nil)
	if err != nil {
		return nil, err
	}
	state.PrivateB, state.PublicB = server.PrivateB(), server.PublicB()
	keys, err := c.s.poolKeys(a.pool)
	if err != nil {
		return nil, err
	}
	block, err := keys.seal(c.s.srpPurpose, state)
	if err != nil {
		return nil, err
	}
	return &challengeOutput{ChallengeName: "PASSWORD_VERIFIER", ChallengeParameters: map[string]string{
		"SALT":            verifier.SaltHex(),
		"SRP_B":           server.B(),
		"SECRET_BLOCK":    block,
		"USERNAME":        state.Name,
		"USER_ID_FOR_SRP": state.Name,
	}}, nil
}

// decoyUsername is the internal username an unknown user appears to have,
// stable for the name: where the email is the username, a version 4 UUID
// like the sub of a real user; where an email is an alias, a UUID too for
// an address, as Cognito answers (an alias pool whose usernames are no
// UUIDs tells them apart, in Cognito as here).
func decoyUsername(pool *poolRecord, name string) (string, error) {
	if !pool.emailIsUsername() && !(pool.emailAlias() && emailPattern.MatchString(name)) {
		return name, nil
	}
	id, err := uuid.NewRandomFromReader(bytes.NewReader(decoyBytes(pool, "id", name, 16)))
	if err != nil {
		return "", err
	}
	return id.String(), nil
}

// decoyBytes derives stable pseudo-random bytes for an unknown user from the pool's secret.
func decoyBytes(pool *poolRecord, purpose, name string, n int) []byte {
	var out []byte
	for i := byte(0); len(out) < n; i++ {
		mac := hmac.New(sha256.New, pool.SealKey)
		mac.Write([]byte{i})
		mac.Write([]byte(purpose + "\x00" + userKey(name)))
		out = mac.Sum(out)
	}
	return out[:n]
}

// decoyReader is the deterministic random source of a decoy verifier.
type decoyReader struct {
	pool *poolRecord
	name string
	off  int
}

func (r *decoyReader) Read(p []byte) (int, error) {
	if r.off > 1<<16 {
		return 0, io.EOF
	}
	b := decoyBytes(r.pool, "salt", r.name, r.off+len(p))[r.off:]
	r.off += copy(p, b)
	return len(p), nil
}

type respondInput struct {
	UserPoolId         string // AdminRespondToAuthChallenge only
	ClientId           string
	ChallengeName      string
	ChallengeResponses map[string]string
	Session            string
	ClientMetadata     map[string]string
}

// challenges answers RespondToAuthChallenge by challenge name. MFA, device
// and custom challenges plug in here.
var challenges = map[string]func(c *call, a *authRequest, session string) (any, error){
	"PASSWORD_VERIFIER":        verifyPassword,
	"NEW_PASSWORD_REQUIRED":    setNewPassword,
	"SMS_MFA":                  answerMFACode,
	"EMAIL_OTP":                answerMFACode,
	"SOFTWARE_TOKEN_MFA":       answerTOTP,
	"SELECT_MFA_TYPE":          answerSelectMFAType,
	"MFA_SETUP":                answerMFASetup,
	"DEVICE_SRP_AUTH":          answerDeviceSRP,
	"DEVICE_PASSWORD_VERIFIER": answerDevicePasswordVerifier,
	"SELECT_CHALLENGE":         answerSelectChallenge,
	"SMS_OTP":                  answerMFACode,
	"PASSWORD":                 answerPasswordChallenge,
	"PASSWORD_SRP":             answerPasswordChallenge,
	"WEB_AUTHN":                answerPasskey,
}

func respondToAuthChallenge(c *call, in *respondInput) (any, error) { return c.respond(in, false) }

func adminRespondToAuthChallenge(c *call, in *respondInput) (any, error) { return c.respond(in, true) }

func (c *call) respond(in *respondInput, admin bool) (any, error) {
	answer, ok := challenges[in.ChallengeName]
	if !ok {
		return nil, errInvalidParameter("Unsupported challenge %s.", truncate(in.ChallengeName, 64))
	}
	a, err := c.authClient(in.ClientId, in.UserPoolId, admin)
	if err != nil {
		return nil, err
	}
	a.flow, a.params = in.ChallengeName, in.ChallengeResponses
	if a.params == nil {
		a.params = map[string]string{}
	}
	return answer(c, a, in.Session)
}

func verifyPassword(c *call, a *authRequest, _ string) (any, error) {
	r := a.params
	for _, f := range []string{"USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "PASSWORD_CLAIM_SIGNATURE", "TIMESTAMP"} {
		if err := required(f, r[f], maxToken); err != nil {
			return nil, err
		}
	}
	keys, err := c.s.poolKeys(a.pool)
	if err != nil {
		return nil, err
	}
	var state srpState
	if !keys.open(c.s.srpPurpose, r["PASSWORD_CLAIM_SECRET_BLOCK"], &state) || state.ClientID != a.client.ClientId ||
		len(state.PublicB) == 0 { // a block sealed before B was kept
		return nil, errNotAuthorized("Invalid PASSWORD_CLAIM_SECRET_BLOCK.")
	}
	// A wrong SECRET_HASH answers as on every other path, for known and
	// unknown users alike, not as a wrong password.
	if err := checkSecretHash(a.client, r["SECRET_HASH"], r["USERNAME"], state.Name, state.Username); err != nil {
		return nil, err
	}
	if !c.now.Before(state.Expires) {
		return nil, errNotAuthorized("Invalid session for the user, session is expired.")
	}
	ts, err := srp.ParseTimestamp(r["TIMESTAMP"])
	if err != nil {
		return nil, errInvalidParameter("TIMESTAMP format is invalid.")
	}
	if d := c.now.Sub(ts); d > timestampWindow || d < -timestampWindow {
		return nil, errNotAuthorized("TIMESTAMP is too far from the current time.")
	}
	if subtle.ConstantTimeCompare([]byte(userKey(r["USERNAME"])), []byte(userKey(state.Name))) != 1 {
		return nil, errBadCredentials()
	}
	user, err := c.findUser(a, state.Username)
	if err != nil {
		return nil, errBadCredentials()
	}
	block, err := base64.StdEncoding.DecodeString(r["PASSWORD_CLAIM_SECRET_BLOCK"])
	if err != nil {
		return nil, errBadCredentials()
	}
	user, err = c.tryPassword(a.pool.Id, user.usernameOr(state.Username), func(u *userRecord) (bool, error) {
		server, err := srp.RestoreServer(srp.Verifier{Salt: u.Salt, Value: u.Verifier}, state.PrivateB, state.PublicB)
		if err != nil {
			return false, err
		}
		err = server.Verify(srp.UserIdentity(a.pool.Id, u.Username), state.A, block, r["TIMESTAMP"], r["PASSWORD_CLAIM_SIGNATURE"])
		if errors.Is(err, srp.ErrBadClaim) || errors.Is(err, srp.ErrInvalidInput) {
			return false, nil
		}
		return err == nil, err
	})
	if err != nil {
		return nil, err
	}
	if !c.s.spendBlock(state.PrivateB, state.Expires, c.now) {
		return nil, errNotAuthorized("Invalid session for the user, session can only be used once.")
	}
	return c.completeSignIn(a, user)
}

// spendBlock marks the SECRET_BLOCK whose secret b is privateB as used until
// it expires, and reports whether it was unused: a captured claim cannot be
// replayed for a second sign-in.
func (s *Server) spendBlock(privateB []byte, expires, now time.Time) bool {
	id := sha256.Sum256(privateB)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, spent := s.spentBlocks[id]; spent {
		return false
	}
	if len(s.spentBlocks) >= s.pruneSpent {
		maps.DeleteFunc(s.spentBlocks, func(_ [sha256.Size]byte, until time.Time) bool { return !now.Before(until) })
		s.pruneSpent = 2*len(s.spentBlocks) + 1024
	}
	s.spentBlocks[id] = expires
	return true
}

func setNewPassword(c *call, a *authRequest, session string) (any, error) {
	user, err := c.applyNewPassword(a, session)
	if err != nil {
		return nil, err
	}
	return c.completeSignIn(a, user)
}

// applyNewPassword answers NEW_PASSWORD_REQUIRED: it checks the challenge
// session and stores the new password and attributes.
func (c *call) applyNewPassword(a *authRequest, session string) (*userRecord, error) {
	r := a.params
	if err := firstError(required("Session", session, maxToken), required("NEW_PASSWORD", r["NEW_PASSWORD"], maxPassword),
		required("USERNAME", r["USERNAME"], maxValue)); err != nil {
		return nil, err
	}
	keys, err := c.s.poolKeys(a.pool)
	if err != nil {
		return nil, err
	}
	var state challengeSession
	if !keys.open("session", session, &state) || state.Challenge != "NEW_PASSWORD_REQUIRED" || state.ClientID != a.client.ClientId ||
		!c.now.Before(state.Expires) {
		return nil, errNotAuthorized("Invalid session for the user, session is expired.")
	}
	var attrs []attribute
	for k, v := range r {
		if name, ok := strings.CutPrefix(k, "userAttributes."); ok && name != "" {
			attrs = append(attrs, attribute{Name: name, Value: v})
		}
	}
	if err := firstError(a.pool.checkWritable(attrs, false, writeUpdate), a.pool.Policies.PasswordPolicy.check(r["NEW_PASSWORD"])); err != nil {
		return nil, err
	}
	salt, value, err := newVerifier(a.pool.Id, state.Username, r["NEW_PASSWORD"])
	if err != nil {
		return nil, err
	}
	var user *userRecord
	err = c.s.update(a.pool.Id, func(p *poolTx) error {
		u, err := p.user(state.Username)
		if err != nil {
			return errBadCredentials()
		}
		if named, err := p.lookupUser(a.pool, r["USERNAME"]); err != nil || named.Username != u.Username {
			return errNotAuthorized("Invalid session for the user, session is expired.")
		}
		if !a.hosted {
			if err := checkSecretHash(a.client, r["SECRET_HASH"], r["USERNAME"], u.Username); err != nil {
				return err
			}
		}
		if u.Status != statusForceChange || !hmac.Equal(state.Password, u.passwordTag()) {
			return errNotAuthorized("Invalid session for the user, session is expired.")
		}
		for _, at := range attrs {
			if at.Name == "email" && at.Value != u.attr("email") {
				if err := p.setEmail(a.pool, u, at.Value); err != nil {
					return err
				}
				continue
			}
			u.setAttr(at.Name, at.Value)
		}
		u.Salt, u.Verifier = salt, value
		u.Status, u.TemporaryUntil, u.Modified = statusConfirmed, time.Time{}, c.now
		user = u
		return p.putUser(u)
	})
	if err != nil {
		return nil, err
	}
	c.s.mu.Lock()
	delete(c.s.inbox, inboxKey(a.pool.Id, user.Username))
	c.s.mu.Unlock()
	return user, nil
}

func refreshAuth(c *call, a *authRequest) (any, error) {
	// Cognito refuses REFRESH_TOKEN_AUTH on a rotating client: only
	// GetTokensFromRefreshToken may rotate, so the old token is never left live.
	if a.client.rotatesRefreshTokens() {
		return nil, errInvalidParameter("Refresh token rotation is enabled for this client: use GetTokensFromRefreshToken")
	}
	res, err := c.refresh(a, a.params["REFRESH_TOKEN"], a.params["SECRET_HASH"], a.params["DEVICE_KEY"], false)
	if err != nil {
		return nil, err
	}
	return &challengeOutput{ChallengeParameters: map[string]string{}, AuthenticationResult: res}, nil
}

// refresh issues new tokens for a refresh token. GetTokensFromRefreshToken
// (getTokens) also rotates the refresh token when the client enables rotation;
// REFRESH_TOKEN_AUTH instead proves the client secret with SECRET_HASH.
func (c *call) refresh(a *authRequest, token, secretHash, deviceKey string, getTokens bool) (*authenticationResult, error) {
	if err := firstError(required("REFRESH_TOKEN", token, maxToken), optional("DEVICE_KEY", deviceKey, maxDeviceKey)); err != nil {
		return nil, err
	}
	invalid := errNotAuthorized("Invalid Refresh Token")
	poolID, sessionID, hash, ok := parseRefreshToken(token)
	if !ok || poolID != a.pool.Id {
		return nil, invalid
	}
	rotate := getTokens && a.client.rotatesRefreshTokens()
	var newToken string
	var user *userRecord
	var sess *sessionRecord
	err := c.s.update(poolID, func(p *poolTx) error {
		var err error
		if sess, err = p.session(sessionID); err != nil || sess.ClientID != a.client.ClientId {
			return invalid
		}
		if !sess.matchesRefresh(hash, c.now) {
			if sess.retired(hash) {
				return apiError(userpool.RefreshTokenReuseException, "Refresh token has been rotated out; sign in again.")
			}
			return invalid
		}
		if sess.Revoked {
			return errNotAuthorized("Refresh Token has been revoked")
		}
		if !c.now.Before(sess.Expires) {
			return errNotAuthorized("Refresh Token has expired")
		}
		if user, err = p.user(sess.Username); err != nil {
			return errNotAuthorized("User does not exist.")
		}
		if !user.Enabled {
			return errNotAuthorized("User is disabled.")
		}
		if !getTokens {
			if err := checkSecretHash(a.client, secretHash, user.Username, user.attr("email")); err != nil {
				return err
			}
		}
		if err := p.refreshDevice(a.pool, sess, deviceKey); err != nil {
			return err
		}
		if !rotate {
			return nil
		}
		newHash, tok, err := rotateRefreshToken(poolID, sess.ID)
		if err != nil {
			return err
		}
		// The new token lives as long as the old one had left, as in Cognito.
		sess.rotate(hash, newHash, c.now, time.Duration(a.client.RefreshTokenRotation.RetryGracePeriodSeconds)*time.Second)
		newToken = tok
		return p.putSession(sess)
	})
	if err != nil {
		return nil, err
	}
	res, err := c.issueTokens(a.pool, a.client, user, sess, "")
	if err != nil {
		return nil, err
	}
	res.RefreshToken = newToken
	return res, nil
}

type getTokensFromRefreshTokenInput struct {
	ClientId       string
	RefreshToken   string
	ClientSecret   string
	DeviceKey      string
	ClientMetadata map[string]string
}

// checkClientSecret compares a ClientSecret parameter in constant time.
func checkClientSecret(client *userPoolClient, given string) error {
	if client.ClientSecret == "" {
		return nil
	}
	if subtle.ConstantTimeCompare([]byte(given), []byte(client.ClientSecret)) != 1 {
		return errNotAuthorized("Client secret is missing or does not match for client %s", client.ClientId)
	}
	return nil
}

func getTokensFromRefreshToken(c *call, in *getTokensFromRefreshTokenInput) (any, error) {
	a, err := c.authClient(in.ClientId, "", false)
	if err != nil {
		return nil, err
	}
	if err := checkClientSecret(a.client, in.ClientSecret); err != nil {
		return nil, err
	}
	if !a.client.refreshesOutsideInitiateAuth() {
		return nil, errInvalidParameter("REFRESH_TOKEN_AUTH flow not enabled for this client")
	}
	res, err := c.refresh(a, in.RefreshToken, "", in.DeviceKey, true)
	if err != nil {
		return nil, err
	}
	return map[string]any{"AuthenticationResult": res}, nil
}

type revokeTokenInput struct {
	Token        string
	ClientId     string
	ClientSecret string
}

func revokeToken(c *call, in *revokeTokenInput) (any, error) {
	a, err := c.authClient(in.ClientId, "", false)
	if err != nil {
		return nil, err
	}
	if err := checkClientSecret(a.client, in.ClientSecret); err != nil {
		return nil, err
	}
	return nil, c.revokeRefresh(a, in.Token)
}

// revokeRefresh revokes a refresh token of the client and, with its session,
// every access token issued from it (RevokeToken and /oauth2/revoke).
func (c *call) revokeRefresh(a *authRequest, token string) error {
	if !a.client.EnableTokenRevocation {
		return apiError(userpool.UnsupportedOperationException, "Token revocation is not enabled for this client.")
	}
	poolID, sessionID, hash, ok := parseRefreshToken(token)
	if !ok {
		return apiError(userpool.UnsupportedTokenTypeException, "Only refresh tokens can be revoked.")
	}
	if poolID != a.pool.Id {
		return errNotAuthorized("Invalid Refresh Token")
	}
	return c.s.update(poolID, func(p *poolTx) error {
		sess, err := p.session(sessionID)
		if err != nil || !sess.matchesRefresh(hash, c.now) {
			return nil // revoking an unknown token succeeds, as in Cognito
		}
		if sess.ClientID != a.client.ClientId {
			return errNotAuthorized("Invalid Refresh Token")
		}
		sess.Revoked = true
		return p.putSession(sess)
	})
}
