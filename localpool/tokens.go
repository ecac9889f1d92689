package localpool

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cognitowasm/cognitowasm/app/userpool"
	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// newSigningKey makes an RSA token key: its PKCS#8 DER and its kid.
func newSigningKey() (der []byte, kid string, err error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, "", err
	}
	der, err = x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(x509.MarshalPKCS1PublicKey(&key.PublicKey))
	return der, base64.StdEncoding.EncodeToString(sum[:]), nil
}

// newPoolSecrets makes a pool's two token keys (ID and access tokens are
// signed by different keys, as in Cognito) and its sealing key.
func newPoolSecrets(rec *poolRecord) error {
	var err error
	if rec.SigningKey, rec.KeyID, err = newSigningKey(); err != nil {
		return err
	}
	if err := rec.addAccessKey(); err != nil {
		return err
	}
	rec.SealKey = make([]byte, 32)
	_, err = rand.Read(rec.SealKey)
	return err
}

// addAccessKey gives the pool its access-token key; pools stored before
// access tokens had their own key get one on open.
func (rec *poolRecord) addAccessKey() error {
	var err error
	rec.AccessSigningKey, rec.AccessKeyID, err = newSigningKey()
	return err
}

func parseSigningKey(poolID string, der []byte) (*rsa.PrivateKey, error) {
	parsed, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("pool %s signing key: %w", poolID, err)
	}
	signer, ok := parsed.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("pool %s signing key is not RSA", poolID)
	}
	return signer, nil
}

// poolKeys returns the parsed keys of a pool, parsing them once.
func (s *Server) poolKeys(rec *poolRecord) (*poolKeys, error) {
	s.mu.Lock()
	k := s.keys[rec.Id]
	s.mu.Unlock()
	if k != nil && k.id.kid == rec.KeyID && k.access.kid == rec.AccessKeyID {
		return k, nil
	}
	idKey, err := parseSigningKey(rec.Id, rec.SigningKey)
	if err != nil {
		return nil, err
	}
	accessKey, err := parseSigningKey(rec.Id, rec.AccessSigningKey)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(rec.SealKey)
	if err != nil {
		return nil, fmt.Errorf("pool %s seal key: %w", rec.Id, err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	k = &poolKeys{id: signingKey{idKey, rec.KeyID}, access: signingKey{accessKey, rec.AccessKeyID}, aead: aead}
	s.mu.Lock()
	s.keys[rec.Id] = k
	s.mu.Unlock()
	return k, nil
}

// seal encrypts v for the client, bound to the pool and to purpose, as a
// base64 string the server can later open without keeping state.
func (k *poolKeys) seal(purpose string, v any) (string, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(k.aead.Seal(nonce, nonce, plain, []byte(purpose))), nil
}

// open reverses seal; any tampering, truncation or wrong purpose fails.
func (k *poolKeys) open(purpose, sealed string, v any) bool {
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(raw) < k.aead.NonceSize()+k.aead.Overhead() {
		return false
	}
	n := k.aead.NonceSize()
	plain, err := k.aead.Open(nil, raw[:n], raw[n:], []byte(purpose))
	return err == nil && json.Unmarshal(plain, v) == nil
}

// authenticationResult is AuthenticationResultType on the wire.
type authenticationResult struct {
	AccessToken  string `json:"AccessToken"`
	ExpiresIn    int    `json:"ExpiresIn"`
	IdToken      string `json:"IdToken"`
	RefreshToken string `json:"RefreshToken,omitempty"`
	TokenType    string `json:"TokenType"`
	// NewDeviceMetadata names the device a sign-in was tracked as, for ConfirmDevice.
	NewDeviceMetadata *newDeviceMetadata `json:"NewDeviceMetadata,omitempty"`
}

// signIn starts a new session for a user who proved their identity and issues
// the first tokens of it, with a refresh token.
func (c *call) signIn(pool *poolRecord, client *userPoolClient, user *userRecord, deviceKey string) (*authenticationResult, error) {
	return c.startSession(pool, client, user, sessionOptions{AuthTime: c.now, DeviceKey: deviceKey})
}

// sessionOptions are what starts a session besides its user.
type sessionOptions struct {
	AuthTime  time.Time // when the user proved their identity
	DeviceKey string    // the remembered device signed in on, if any
	Scopes    []string  // granted OAuth scopes; none for an API sign-in
	Nonce     string    // copied into the first ID token
}

// startSession stores a new session and issues its first tokens.
func (c *call) startSession(pool *poolRecord, client *userPoolClient, user *userRecord, opts sessionOptions) (*authenticationResult, error) {
	secret, refreshToken, err := newRefreshToken(pool.Id)
	if err != nil {
		return nil, err
	}
	sess := &sessionRecord{
		ID:          secret.sessionID,
		Username:    user.Username,
		ClientID:    client.ClientId,
		AuthTime:    opts.AuthTime,
		Expires:     c.now.Add(client.refreshValidity()),
		RefreshHash: secret.hash,
		DeviceKey:   opts.DeviceKey,
		Scopes:      opts.Scopes,
	}
	// The tokens are signed while the session is written and synced to
	// disk; they are handed out only once it is stored.
	type signed struct {
		res *authenticationResult
		err error
	}
	tokens := make(chan signed, 1)
	go func() {
		res, err := c.issueTokens(pool, client, user, sess, opts.Nonce)
		tokens <- signed{res, err}
	}()
	err = c.s.update(pool.Id, func(p *poolTx) error {
		// The user must still exist. The failure count is not touched here:
		// the password check that succeeded already cleared it in its own
		// transaction, and clearing it again would wipe failures (and a lock)
		// counted by parallel guesses since then.
		if !p.hasUser(user.Username) {
			return errBadCredentials()
		}
		if err := p.pruneSessions(c.now, prunePerSignIn); err != nil {
			return err
		}
		return p.putSession(sess)
	})
	t := <-tokens
	if err != nil {
		return nil, err
	}
	if t.err != nil {
		return nil, t.err
	}
	t.res.RefreshToken = refreshToken
	return t.res, nil
}

// scopeClaim is the access token's scope: the granted OAuth scopes, or the
// one scope of an API sign-in.
func (ss *sessionRecord) scopeClaim() string {
	if len(ss.Scopes) == 0 {
		return scopeUserAdmin
	}
	return strings.Join(ss.Scopes, " ")
}

// scopeUserAdmin is the scope the user operations (GetUser...) require.
const scopeUserAdmin = userpool.ScopeUserAdmin

// issueTokens signs a new ID and access token for the session; nonce, when
// set, goes into the ID token.
func (c *call) issueTokens(pool *poolRecord, client *userPoolClient, user *userRecord, sess *sessionRecord, nonce string) (*authenticationResult, error) {
	keys, err := c.s.poolKeys(pool)
	if err != nil {
		return nil, err
	}
	iss := c.issuer(pool.Id)
	eventID := uuid.NewString()
	var groups groupClaims
	if len(user.Groups) > 0 {
		if err := c.s.view(pool.Id, func(p *poolTx) error {
			groups = p.groupClaims(user)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	common := func(use string, ttl time.Duration) jwt.MapClaims {
		m := jwt.MapClaims{
			"sub":        user.sub(),
			"iss":        iss,
			"token_use":  use,
			"auth_time":  sess.AuthTime.Unix(),
			"iat":        c.now.Unix(),
			"exp":        c.now.Add(ttl).Unix(),
			"jti":        uuid.NewString(),
			"origin_jti": sess.ID,
			"event_id":   eventID,
		}
		if len(groups.names) > 0 {
			m["cognito:groups"] = groups.names
		}
		return m
	}
	idClaims := common("id", client.idValidity())
	if len(groups.roles) > 0 {
		idClaims["cognito:roles"] = groups.roles
	}
	if groups.preferredRole != "" {
		idClaims["cognito:preferred_role"] = groups.preferredRole
	}
	idClaims["aud"] = client.ClientId
	idClaims["cognito:username"] = user.Username
	if nonce != "" {
		idClaims["nonce"] = nonce
	}
	for _, a := range user.Attributes {
		switch a.Name {
		case "sub":
		case "identities":
			idClaims[a.Name] = json.RawMessage(a.Value)
		case "email_verified", "phone_number_verified":
			idClaims[a.Name] = a.Value == "true"
		case "updated_at":
			// Cognito's one standard number claim; custom attributes stay strings, whatever their type.
			if n, err := strconv.ParseInt(a.Value, 10, 64); err == nil {
				idClaims[a.Name] = n
			} else {
				idClaims[a.Name] = a.Value
			}
		default:
			idClaims[a.Name] = a.Value
		}
	}
	accessTTL := client.accessValidity()
	accessClaims := common("access", accessTTL)
	accessClaims["client_id"] = client.ClientId
	accessClaims["username"] = user.Username
	accessClaims["scope"] = sess.scopeClaim()
	if sess.DeviceKey != "" {
		accessClaims["device_key"] = sess.DeviceKey
	}

	// Two RSA signatures: the ID token's on another goroutine.
	var idToken string
	idSigned := make(chan error, 1)
	go func() {
		var err error
		idToken, err = keys.sign(idClaims)
		idSigned <- err
	}()
	accessToken, err := keys.sign(accessClaims)
	if idErr := <-idSigned; idErr != nil {
		return nil, idErr
	}
	if err != nil {
		return nil, err
	}
	return &authenticationResult{
		AccessToken: accessToken,
		IdToken:     idToken,
		ExpiresIn:   int(accessTTL / time.Second),
		TokenType:   "Bearer",
	}, nil
}

// sign signs claims with the key of their token_use: ID tokens with the ID
// key, every other token with the access key. The header is exactly
// {"kid","alg"}, in Cognito's order and without "typ".
func (k *poolKeys) sign(claims jwt.MapClaims) (string, error) {
	key := k.access
	if use, _ := claims["token_use"].(string); use == "id" {
		key = k.id
	}
	header, err := json.Marshal(struct {
		Kid string `json:"kid"`
		Alg string `json:"alg"`
	}{key.kid, jwt.SigningMethodRS256.Alg()})
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signing := base64.RawURLEncoding.EncodeToString(header) + "." + base64.RawURLEncoding.EncodeToString(payload)
	sig, err := jwt.SigningMethodRS256.Sign(signing, key.private)
	if err != nil {
		return "", err
	}
	return signing + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

// Refresh tokens are opaque: "<session id>.<secret>", both base64url. Only
// SHA-256 of the secret is stored, so a copy of the state file cannot be used
// to refresh.
type refreshSecret struct {
	sessionID string
	hash      []byte
}

func newRefreshToken(poolID string) (refreshSecret, string, error) {
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return refreshSecret{}, "", err
	}
	id := uuid.NewString()
	return refreshSecret{sessionID: id, hash: hashSecret(buf)}, encodeRefreshToken(poolID, id, buf), nil
}

// rotateRefreshToken makes a new secret for an existing session.
func rotateRefreshToken(poolID, sessionID string) (hash []byte, token string, err error) {
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return nil, "", err
	}
	return hashSecret(buf), encodeRefreshToken(poolID, sessionID, buf), nil
}

func encodeRefreshToken(poolID, sessionID string, secret []byte) string {
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(poolID)) + "." + enc.EncodeToString([]byte(sessionID)) + "." + enc.EncodeToString(secret)
}

func hashSecret(b []byte) []byte {
	sum := sha256.Sum256(b)
	return sum[:]
}

// parseRefreshToken splits a refresh token into pool, session and secret hash.
func parseRefreshToken(token string) (poolID, sessionID string, hash []byte, ok bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || len(token) > maxToken {
		return "", "", nil, false
	}
	enc := base64.RawURLEncoding
	p, err1 := enc.DecodeString(parts[0])
	id, err2 := enc.DecodeString(parts[1])
	secret, err3 := enc.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || len(secret) != 32 {
		return "", "", nil, false
	}
	return string(p), string(id), hashSecret(secret), true
}

// matchesRefresh reports whether hash is one of the session's current
// refresh tokens, or a previous one within the rotation grace period.
func (ss *sessionRecord) matchesRefresh(hash []byte, now time.Time) bool {
	match := 0
	if ss.current(hash) {
		match = 1
	}
	for _, g := range ss.Previous {
		if now.Before(g.Until) {
			match |= subtle.ConstantTimeCompare(hash, g.Hash)
		}
	}
	return match == 1
}

// retiredKept is how many rotated-out refresh tokens a session remembers,
// so that presenting one is told apart from presenting garbage.
const retiredKept = 16

// maxSiblings bounds the current tokens one session may hold at once.
const maxSiblings = 8

// current reports whether hash is a current refresh token of the session.
func (ss *sessionRecord) current(hash []byte) bool {
	match := subtle.ConstantTimeCompare(hash, ss.RefreshHash)
	for _, h := range ss.Siblings {
		match |= subtle.ConstantTimeCompare(hash, h)
	}
	return match == 1
}

// rotate replaces the refresh token used (used) by newHash. A current one
// is retired with every current sibling: each stays valid for grace, so a
// client may retry a refresh whose answer it lost, and is remembered as
// retired after it. A token used within its grace period retires nothing:
// the new token becomes a sibling, so two tabs refreshing with one token at
// once both keep a token that lives on.
func (ss *sessionRecord) rotate(used, newHash []byte, now time.Time, grace time.Duration) {
	if !ss.current(used) && len(ss.Siblings) < maxSiblings {
		ss.Siblings = append(ss.Siblings, newHash)
		return
	}
	for _, h := range append([][]byte{ss.RefreshHash}, ss.Siblings...) {
		ss.Previous = append(ss.Previous, graceHash{Hash: h, Until: now.Add(grace)})
	}
	if n := len(ss.Previous); n > retiredKept {
		ss.Previous = slices.Delete(ss.Previous, 0, n-retiredKept)
	}
	ss.RefreshHash, ss.Siblings = newHash, nil
}

// retired reports whether hash is a refresh token this session rotated out
// whose grace period is over: a reuse (RefreshTokenReuseException).
func (ss *sessionRecord) retired(hash []byte) bool {
	match := 0
	for _, g := range ss.Previous {
		match |= subtle.ConstantTimeCompare(hash, g.Hash)
	}
	return match == 1
}

// accessPrincipal is what a valid access token identifies.
type accessPrincipal struct {
	pool    *poolRecord
	user    *userRecord
	session *sessionRecord
	scopes  []string
}

// errRevoked is Cognito's answer to a token of a signed-out session.
func errRevoked() *Error { return errNotAuthorized("Access Token has been revoked") }

// authenticate checks an access token like Cognito does for the user
// operations: RS256 signature by its pool's key, not expired, an access token,
// and its session not revoked.
func (c *call) authenticate(raw string) (*accessPrincipal, error) {
	return c.authenticateScope(raw, scopeUserAdmin)
}

// authenticateScope is authenticate for a token that must carry scope.
func (c *call) authenticateScope(raw, scope string) (*accessPrincipal, error) {
	if err := required("AccessToken", raw, maxToken); err != nil {
		return nil, err
	}
	invalid := errNotAuthorized("Invalid Access Token")
	var claims jwt.MapClaims
	unverified, _, err := jwt.NewParser().ParseUnverified(raw, &claims)
	if err != nil || unverified == nil {
		return nil, invalid
	}
	iss, _ := claims["iss"].(string)
	poolID := iss[strings.LastIndex(iss, "/")+1:]
	if poolID == "" || len(poolID) > maxID {
		return nil, invalid
	}
	var principal accessPrincipal
	err = c.s.view(poolID, func(p *poolTx) error {
		pool, err := p.pool()
		if err != nil {
			return err
		}
		principal.pool = pool
		return nil
	})
	if err != nil {
		return nil, invalid
	}
	keys, err := c.s.poolKeys(principal.pool)
	if err != nil {
		return nil, err
	}
	parser := jwt.NewParser(jwt.WithValidMethods([]string{"RS256"}), jwt.WithTimeFunc(func() time.Time { return c.now }),
		jwt.WithExpirationRequired())
	claims = jwt.MapClaims{}
	_, err = parser.ParseWithClaims(raw, &claims, func(t *jwt.Token) (any, error) {
		if kid, _ := t.Header["kid"].(string); kid != keys.access.kid {
			return nil, errors.New("unknown kid")
		}
		return &keys.access.private.PublicKey, nil
	})
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, errNotAuthorized("Access Token has expired")
	case err != nil:
		return nil, invalid
	}
	if use, _ := claims["token_use"].(string); use != "access" {
		return nil, invalid
	}
	granted, _ := claims["scope"].(string)
	if !slices.Contains(strings.Fields(granted), scope) {
		return nil, errNotAuthorized("Access Token does not have required scopes")
	}
	username, _ := claims["username"].(string)
	sessionID, _ := claims["origin_jti"].(string)
	err = c.s.view(poolID, func(p *poolTx) error {
		sess, err := p.session(sessionID)
		if err != nil || sess.Revoked || userKey(sess.Username) != userKey(username) {
			return errRevoked()
		}
		user, err := p.user(username)
		if err != nil {
			return errUserNotFound()
		}
		if !user.Enabled {
			return errNotAuthorized("User is disabled.")
		}
		principal.user, principal.session = user, sess
		principal.scopes = strings.Fields(granted)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &principal, nil
}

func (s *Server) serveJWKS(w http.ResponseWriter, r *http.Request, poolID string) {
	keys, ok := s.wellKnownKeys(w, poolID)
	if !ok {
		return
	}
	w.Header().Set("Cache-Control", "max-age=300")
	writeJSON(w, http.StatusOK, userpool.JWKS{Keys: []userpool.JWK{
		userpool.PublicJWK(keys.id.kid, &keys.id.private.PublicKey),
		userpool.PublicJWK(keys.access.kid, &keys.access.private.PublicKey),
	}})
}

func (s *Server) serveOpenIDConfig(w http.ResponseWriter, r *http.Request, poolID string) {
	if _, ok := s.wellKnownKeys(w, poolID); !ok {
		return
	}
	iss := userpool.Issuer(s.issuerBase(r), poolID)
	doc := map[string]any{
		"issuer":                                iss,
		"jwks_uri":                              iss + userpool.JWKSPath,
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"response_types_supported":              []string{"code", "token"},
		"scopes_supported":                      []string{"openid", "email", "phone", "profile"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
	}
	if pool, err := (&call{s: s, r: r}).loadPool(poolID); err == nil && pool.domain() != "" {
		// Cognito lists the endpoints once the pool has a domain; here they
		// are on the pool's base URL.
		maps.Copy(doc, oauthEndpoints(s.issuerBase(r)))
	}
	writeJSON(w, http.StatusOK, doc)
}

// wellKnownKeys loads the keys of the pool a well-known URL names, answering 404 when there is none.
func (s *Server) wellKnownKeys(w http.ResponseWriter, poolID string) (*poolKeys, bool) {
	var pool *poolRecord
	err := s.view(poolID, func(p *poolTx) error {
		var err error
		pool, err = p.pool()
		return err
	})
	if err != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "User pool " + truncate(poolID, maxID) + " does not exist."})
		return nil, false
	}
	keys, err := s.poolKeys(pool)
	if err != nil {
		s.log.Error("pool keys", "pool", poolID, "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "internal error"})
		return nil, false
	}
	return keys, true
}
