package localpool

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/google/uuid"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// Passkeys (WebAuthn). The ceremonies are verified by
// github.com/go-webauthn/webauthn; this file holds Cognito's rules around
// them: which relying party and origins, where the state lives, the error
// names, and the operations that manage a user's passkeys.

// webAuthnConfiguration is WebAuthnConfigurationType (SetUserPoolMfaConfig).
type webAuthnConfiguration struct {
	RelyingPartyId      string `json:"RelyingPartyId,omitempty"`
	UserVerification    string `json:"UserVerification,omitempty"`
	FactorConfiguration string `json:"FactorConfiguration,omitempty"`
}

// maxPasskeys is how many passkeys one user may register. UNSURE: Cognito
// has a limit (LimitExceededException) but does not document the number.
const maxPasskeys = 20

// passkeyTimeout is how long a registration or sign-in ceremony may take.
const passkeyTimeout = 5 * time.Minute

// passkeyRecord is one registered passkey of a user.
type passkeyRecord struct {
	Credential webauthn.Credential `json:"credential"`
	Name       string              `json:"name"`
	RPID       string              `json:"rpId"`
	Created    time.Time           `json:"created"`
}

// passkeyRegistration is the pending ceremony of StartWebAuthnRegistration.
type passkeyRegistration struct {
	Session  webauthn.SessionData `json:"session"`
	ClientID string               `json:"clientId"`
	Expires  time.Time            `json:"expires"`
}

var rpIDPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$`)

func (w *webAuthnConfiguration) validate() error {
	if w.RelyingPartyId != "" && (len(w.RelyingPartyId) > 127 || !rpIDPattern.MatchString(w.RelyingPartyId)) {
		return errInvalidParameter("RelyingPartyId must be a domain name, such as example.com, without scheme, port or path.")
	}
	switch w.UserVerification {
	case "", "required", "preferred":
	default:
		return errInvalidParameter("1 validation error detected: Value at 'webAuthnConfiguration.userVerification' failed to satisfy constraint: Member must satisfy enum value set: [required, preferred]")
	}
	switch w.FactorConfiguration {
	case "", userpool.PasskeySingleFactor, userpool.PasskeyMultiFactor:
	default:
		return errInvalidParameter("1 validation error detected: Value at 'webAuthnConfiguration.factorConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [SINGLE_FACTOR, MULTI_FACTOR_WITH_USER_VERIFICATION]")
	}
	if w.FactorConfiguration == userpool.PasskeyMultiFactor && w.UserVerification == "preferred" {
		return errInvalidParameter("MULTI_FACTOR_WITH_USER_VERIFICATION needs UserVerification required.")
	}
	return nil
}

// webAuthnOutput is the WebAuthnConfiguration of GetUserPoolMfaConfig, with
// Cognito's defaults filled in.
func (p *poolRecord) webAuthnOutput() webAuthnConfiguration {
	out := webAuthnConfiguration{UserVerification: "preferred", FactorConfiguration: userpool.PasskeySingleFactor}
	if w := p.WebAuthn; w != nil {
		out.RelyingPartyId = w.RelyingPartyId
		if w.UserVerification != "" {
			out.UserVerification = w.UserVerification
		}
		if w.FactorConfiguration != "" {
			out.FactorConfiguration = w.FactorConfiguration
		}
	}
	return out
}

// passkeyIsMFA reports whether a passkey with user verification also counts as MFA.
func (p *poolRecord) passkeyIsMFA() bool {
	return p.webAuthnOutput().FactorConfiguration == userpool.PasskeyMultiFactor
}

// relyingParty is the pool's RP ID: the configured one, else, as in
// Cognito, the pool's custom domain. A prefix domain is a host of Cognito's
// that the local pool does not serve, so it is no default here.
func (p *poolRecord) relyingParty() (string, error) {
	if p.WebAuthn != nil && p.WebAuthn.RelyingPartyId != "" {
		return p.WebAuthn.RelyingPartyId, nil
	}
	if p.CustomDomain != "" {
		return strings.ToLower(p.CustomDomain), nil
	}
	return "", apiError(userpool.WebAuthnConfigurationMissingException,
		"Set WebAuthnConfiguration.RelyingPartyId with SetUserPoolMfaConfig, or give the pool a custom domain, to use passkeys.")
}

// checkPasskeysEnabled is the check of the passkey operations.
func (p *poolRecord) checkPasskeysEnabled() error {
	if p.tier() == userpool.TierLite {
		return apiError(userpool.FeatureUnavailableInTierException, "Passkeys need the ESSENTIALS or PLUS feature plan.")
	}
	if !slices.Contains(p.allowedFirstFactors(), userpool.FactorWebAuthn) {
		return apiError(userpool.WebAuthnNotEnabledException, "Passkeys are not enabled: add WEB_AUTHN to the pool's AllowedFirstAuthFactors.")
	}
	return nil
}

// originAllowed applies §6.5's rule a browser also applies: the RP ID is the
// origin's host or a registrable suffix of it, over https, or over http for
// localhost.
func originAllowed(origin, rpID string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" || u.Path != "" || u.User != nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	if host != rpID && !strings.HasSuffix(host, "."+rpID) {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		return host == "localhost" || strings.HasSuffix(host, ".localhost")
	}
	return false
}

// passkeyUser is a user as go-webauthn sees one. The user handle is the
// user's sub, which never changes.
type passkeyUser struct{ u *userRecord }

func (p passkeyUser) WebAuthnID() []byte { return []byte(p.u.sub()) }

func (p passkeyUser) WebAuthnName() string {
	if e := p.u.attr("email"); e != "" {
		return e
	}
	return p.u.Username
}

func (p passkeyUser) WebAuthnDisplayName() string {
	if n := p.u.attr("name"); n != "" {
		return n
	}
	return p.WebAuthnName()
}

func (p passkeyUser) WebAuthnCredentials() []webauthn.Credential {
	out := make([]webauthn.Credential, len(p.u.Passkeys))
	for i, k := range p.u.Passkeys {
		out[i] = k.Credential
	}
	return out
}

// passkeysFor lists the user's passkeys for the pool's current RP ID: a
// passkey made for another RP ID can no longer sign in.
func (u *userRecord) passkeysFor(rpID string) []passkeyRecord {
	return slices.DeleteFunc(slices.Clone(u.Passkeys), func(k passkeyRecord) bool { return k.RPID != rpID })
}

func (c *call) hasPasskey(pool *poolRecord, u *userRecord) bool {
	rpID, err := pool.relyingParty()
	return err == nil && len(u.passkeysFor(rpID)) > 0
}

// relyingPartyFor builds the verifier for one ceremony whose browser said
// it ran at origin. The origin was checked before (originAllowed).
func relyingPartyFor(pool *poolRecord, rpID, origin string) (*webauthn.WebAuthn, error) {
	if origin == "" {
		origin = "https://" + rpID
	}
	uv := protocol.VerificationPreferred
	if pool.webAuthnOutput().UserVerification == "required" {
		uv = protocol.VerificationRequired
	}
	return webauthn.New(&webauthn.Config{
		RPID: rpID, RPDisplayName: pool.Name, RPOrigins: []string{origin},
		AuthenticatorSelection: protocol.AuthenticatorSelection{
			ResidentKey: protocol.ResidentKeyRequirementRequired, RequireResidentKey: protocol.ResidentKeyRequired(),
			UserVerification: uv,
		},
		Timeouts: webauthn.TimeoutsConfig{
			Login:        webauthn.TimeoutConfig{Timeout: passkeyTimeout, TimeoutUVD: passkeyTimeout},
			Registration: webauthn.TimeoutConfig{Timeout: passkeyTimeout, TimeoutUVD: passkeyTimeout},
		},
	})
}

// checkCeremony checks what the browser said about where the ceremony ran
// (the origin and, by hash, the RP ID) and that it answers the challenge, so
// each mismatch gets Cognito's own error before the library checks it all.
func checkCeremony(client protocol.CollectedClientData, rpIDHash []byte, rpID, challenge string) error {
	if !originAllowed(client.Origin, rpID) {
		return apiError(userpool.WebAuthnOriginNotAllowedException, "The passkey was used on an origin the relying party %s does not allow.", rpID)
	}
	want := sha256.Sum256([]byte(rpID))
	if subtle.ConstantTimeCompare(rpIDHash, want[:]) != 1 {
		return apiError(userpool.WebAuthnRelyingPartyMismatchException, "The passkey was made for another relying party than %s.", rpID)
	}
	if subtle.ConstantTimeCompare([]byte(client.Challenge), []byte(challenge)) != 1 {
		return apiError(userpool.WebAuthnChallengeNotFoundException, "The passkey answers no pending challenge; start again.")
	}
	return nil
}

// protocolDetails is the library's explanation of a refused ceremony.
func protocolDetails(err error) string {
	var pe *protocol.Error
	if errors.As(err, &pe) && pe.Details != "" {
		return pe.Details
	}
	return "the passkey could not be verified"
}

// passkeyPrincipal authenticates a passkey registration call and gives the
// pool's RP ID, once the pool allows passkeys.
func (c *call) passkeyPrincipal(accessToken string) (*accessPrincipal, string, error) {
	principal, err := c.authenticate(accessToken)
	if err != nil {
		return nil, "", err
	}
	if err := principal.pool.checkPasskeysEnabled(); err != nil {
		return nil, "", err
	}
	rpID, err := principal.pool.relyingParty()
	if err != nil {
		return nil, "", err
	}
	return principal, rpID, nil
}

type startWebAuthnRegistrationInput struct {
	AccessToken string
}

func startWebAuthnRegistration(c *call, in *startWebAuthnRegistrationInput) (any, error) {
	principal, rpID, err := c.passkeyPrincipal(in.AccessToken)
	if err != nil {
		return nil, err
	}
	pool := principal.pool
	var options protocol.PublicKeyCredentialCreationOptions
	err = c.s.update(pool.Id, func(p *poolTx) error {
		u, err := p.user(principal.user.Username)
		if err != nil {
			return errUserNotFound()
		}
		if len(u.Passkeys) >= maxPasskeys {
			return apiError(userpool.LimitExceededException, "A user may have at most %d passkeys.", maxPasskeys)
		}
		rp, err := relyingPartyFor(pool, rpID, "")
		if err != nil {
			return err
		}
		var exclude []protocol.CredentialDescriptor
		for i := range u.Passkeys {
			exclude = append(exclude, u.Passkeys[i].Credential.Descriptor())
		}
		creation, session, err := rp.BeginRegistration(passkeyUser{u}, webauthn.WithExclusions(exclude),
			webauthn.WithExtensions(webauthn.WithExtensionCredProps()))
		if err != nil {
			return err
		}
		options = creation.Response
		u.PasskeyRegistration = &passkeyRegistration{Session: *session, ClientID: principal.session.ClientID,
			Expires: c.now.Add(passkeyTimeout)}
		u.Modified = c.now
		return p.putUser(u)
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"CredentialCreationOptions": options}, nil
}

type completeWebAuthnRegistrationInput struct {
	AccessToken string
	Credential  json.RawMessage
}

func completeWebAuthnRegistration(c *call, in *completeWebAuthnRegistrationInput) (any, error) {
	if len(in.Credential) == 0 || string(in.Credential) == "null" {
		return nil, errInvalidParameter("1 validation error detected: Value at 'credential' failed to satisfy constraint: Member must not be null")
	}
	principal, rpID, err := c.passkeyPrincipal(in.AccessToken)
	if err != nil {
		return nil, err
	}
	pool := principal.pool
	parsed, err := protocol.ParseCredentialCreationResponseBytes(in.Credential)
	if err != nil {
		return nil, errInvalidParameter("Credential is not a RegistrationResponseJSON: %s", truncate(protocolDetails(err), 200))
	}
	return nil, c.s.update(pool.Id, func(p *poolTx) error {
		u, err := p.user(principal.user.Username)
		if err != nil {
			return errUserNotFound()
		}
		reg := u.PasskeyRegistration
		if reg == nil || !c.now.Before(reg.Expires) {
			return apiError(userpool.WebAuthnChallengeNotFoundException, "No passkey registration is pending; call StartWebAuthnRegistration again.")
		}
		if reg.ClientID != principal.session.ClientID {
			return apiError(userpool.WebAuthnClientMismatchException, "The registration was started by another app client.")
		}
		if err := checkCeremony(parsed.Response.CollectedClientData, parsed.Response.AttestationObject.AuthData.RPIDHash, rpID,
			reg.Session.Challenge); err != nil {
			return err
		}
		rp, err := relyingPartyFor(pool, rpID, parsed.Response.CollectedClientData.Origin)
		if err != nil {
			return err
		}
		cred, err := rp.CreateCredential(passkeyUser{u}, reg.Session, parsed)
		if err != nil {
			return apiError(userpool.WebAuthnCredentialNotSupportedException, "The passkey was refused: %s", truncate(protocolDetails(err), 200))
		}
		if slices.ContainsFunc(u.Passkeys, func(k passkeyRecord) bool { return bytes.Equal(k.Credential.ID, cred.ID) }) {
			return errInvalidParameter("This passkey is already registered.")
		}
		u.Passkeys = append(u.Passkeys, passkeyRecord{Credential: *cred, Name: passkeyName(cred), RPID: rpID, Created: c.now})
		u.PasskeyRegistration = nil // one registration per Start
		u.Modified = c.now
		return p.putUser(u)
	})
}

// knownAuthenticators names common passkey providers by AAGUID, for
// FriendlyCredentialName. UNSURE: Cognito generates the name; how is not
// documented.
var knownAuthenticators = map[string]string{
	"fbfc3007-154e-4ecc-8c0b-6e020557d7bd": "iCloud Keychain",
	"ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4": "Google Password Manager",
	"08987058-cadc-4b81-b6e1-30de50dcbe96": "Windows Hello",
	"9ddd1817-af5a-4672-a2b9-3e3dd95000a9": "Windows Hello",
	"6028b017-b1d4-4c02-b4b3-afcdafc96bb2": "Windows Hello",
	"bada5566-a7aa-401f-bd96-45619a55120d": "1Password",
	"d548826e-79b4-db40-a3d8-11116f7e8349": "Bitwarden",
	"531126d6-e717-415c-9320-3d9aa6981239": "Dashlane",
}

// passkeyName names a new passkey after its authenticator.
func passkeyName(cred *webauthn.Credential) string {
	if id, err := uuid.FromBytes(cred.Authenticator.AAGUID); err == nil {
		if name, ok := knownAuthenticators[id.String()]; ok {
			return name
		}
	}
	switch cred.Authenticator.Attachment {
	case protocol.Platform:
		return "Passkey on this device"
	case protocol.CrossPlatform:
		return "Security key"
	}
	return "Passkey"
}

type listWebAuthnCredentialsInput struct {
	AccessToken string
	NextToken   string
	MaxResults  int
}

// webAuthnCredentialDescription is WebAuthnCredentialDescription.
type webAuthnCredentialDescription struct {
	CredentialId            string    `json:"CredentialId"`
	FriendlyCredentialName  string    `json:"FriendlyCredentialName"`
	RelyingPartyId          string    `json:"RelyingPartyId"`
	AuthenticatorAttachment string    `json:"AuthenticatorAttachment,omitempty"`
	AuthenticatorTransports []string  `json:"AuthenticatorTransports"`
	CreatedAt               epochTime `json:"CreatedAt"`
}

func credentialID(k passkeyRecord) string {
	return base64.RawURLEncoding.EncodeToString(k.Credential.ID)
}

func listWebAuthnCredentials(c *call, in *listWebAuthnCredentialsInput) (any, error) {
	if in.MaxResults < 0 || in.MaxResults > 20 {
		return nil, errInvalidParameter("1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 0 and 20")
	}
	if err := optional("NextToken", in.NextToken, maxToken); err != nil {
		return nil, err
	}
	var items []webAuthnCredentialDescription
	err := c.withAccessUser(in.AccessToken, false, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		for _, k := range u.Passkeys {
			d := webAuthnCredentialDescription{CredentialId: credentialID(k), FriendlyCredentialName: k.Name, RelyingPartyId: k.RPID,
				AuthenticatorAttachment: string(k.Credential.Authenticator.Attachment), AuthenticatorTransports: []string{},
				CreatedAt: epochTime(k.Created)}
			for _, t := range k.Credential.Transport {
				d.AuthenticatorTransports = append(d.AuthenticatorTransports, string(t))
			}
			items = append(items, d)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Registration order; the token is the ID of the last one listed.
	start := 0
	if in.NextToken != "" {
		i := slices.IndexFunc(items, func(d webAuthnCredentialDescription) bool { return d.CredentialId == in.NextToken })
		if i < 0 {
			return nil, errInvalidParameter("NextToken is not valid.")
		}
		start = i + 1
	}
	max := in.MaxResults
	if max == 0 {
		max = 20
	}
	items = items[start:]
	next := ""
	if len(items) > max {
		items, next = items[:max], items[max-1].CredentialId
	}
	return listOutput("Credentials", items, next), nil
}

type deleteWebAuthnCredentialInput struct {
	AccessToken  string
	CredentialId string
}

func deleteWebAuthnCredential(c *call, in *deleteWebAuthnCredentialInput) (any, error) {
	if err := required("CredentialId", in.CredentialId, maxToken); err != nil {
		return nil, err
	}
	return nil, c.withAccessUser(in.AccessToken, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		n := len(u.Passkeys)
		u.Passkeys = slices.DeleteFunc(u.Passkeys, func(k passkeyRecord) bool {
			return subtle.ConstantTimeCompare([]byte(credentialID(k)), []byte(in.CredentialId)) == 1
		})
		if len(u.Passkeys) == n {
			return errResourceNotFound("No passkey with this CredentialId.")
		}
		return nil
	})
}

// passkeyChallenge asks for an assertion by one of the user's passkeys.
func (c *call) passkeyChallenge(a *authRequest, u *userRecord) (any, error) {
	rpID, err := a.pool.relyingParty()
	if err != nil {
		return nil, err
	}
	rp, err := relyingPartyFor(a.pool, rpID, "")
	if err != nil {
		return nil, err
	}
	user := passkeyUser{&userRecord{Attributes: u.Attributes, Username: u.Username, Passkeys: u.passkeysFor(rpID)}}
	assertion, session, err := rp.BeginLogin(user, webauthn.WithUserVerification(rp.Config.AuthenticatorSelection.UserVerification))
	if err != nil {
		return nil, err
	}
	options, err := json.Marshal(assertion.Response)
	if err != nil {
		return nil, err
	}
	return c.authChallenge(a, u, authSession{Challenge: userpool.ChallengeWebAuthn, PasskeyChallenge: session.Challenge,
		DeviceKey: a.params[userpool.ParamDeviceKey]}, map[string]string{userpool.ParamCredentialRequestOptions: string(options)})
}

// answerPasskey answers WEB_AUTHN with CREDENTIAL, an assertion of a passkey.
func answerPasskey(c *call, a *authRequest, session string) (any, error) {
	st, u, err := c.openAnswer(a, session, userpool.ChallengeWebAuthn)
	if err != nil {
		return nil, err
	}
	raw := a.params[userpool.AnswerCredential]
	if err := required(userpool.AnswerCredential, raw, maxToken); err != nil {
		return nil, err
	}
	rpID, err := a.pool.relyingParty()
	if err != nil {
		return nil, err
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes([]byte(raw))
	if err != nil {
		return nil, errInvalidParameter("CREDENTIAL is not an AuthenticationResponseJSON: %s", truncate(protocolDetails(err), 200))
	}
	if err := checkCeremony(parsed.Response.CollectedClientData, parsed.Response.AuthenticatorData.RPIDHash, rpID, st.PasskeyChallenge); err != nil {
		return nil, err
	}
	rp, err := relyingPartyFor(a.pool, rpID, parsed.Response.CollectedClientData.Origin)
	if err != nil {
		return nil, err
	}
	refused := errNotAuthorized("Incorrect passkey.")
	var verified bool
	err = c.s.update(a.pool.Id, func(p *poolTx) error {
		fresh, err := p.user(u.Username)
		if err != nil {
			return errSessionExpired()
		}
		owned := fresh.passkeysFor(rpID)
		var allowed [][]byte
		for _, k := range owned {
			allowed = append(allowed, k.Credential.ID)
		}
		user := passkeyUser{&userRecord{Attributes: fresh.Attributes, Username: fresh.Username, Passkeys: owned}}
		data := webauthn.SessionData{Challenge: st.PasskeyChallenge, RelyingPartyID: rpID, UserID: user.WebAuthnID(),
			AllowedCredentialIDs: allowed, UserVerification: rp.Config.AuthenticatorSelection.UserVerification}
		if len(allowed) == 0 {
			return nil // every passkey was deleted meanwhile
		}
		cred, err := rp.ValidateLogin(user, data, parsed)
		if err != nil || cred.Authenticator.CloneWarning {
			return nil
		}
		for i := range fresh.Passkeys {
			if bytes.Equal(fresh.Passkeys[i].Credential.ID, cred.ID) {
				fresh.Passkeys[i].Credential.Authenticator.SignCount = cred.Authenticator.SignCount
			}
		}
		verified = true
		fresh.Modified = c.now
		u = fresh
		return p.putUser(fresh)
	})
	if err != nil {
		return nil, err
	}
	if !verified {
		return nil, c.sessionFailed(st, refused)
	}
	if err := c.spendSession(st); err != nil {
		return nil, err
	}
	return c.finishSignIn(a, u, answerDeviceKey(a, st))
}
