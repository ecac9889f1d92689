package localpool

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/cognitowasm/cognitowasm/app/userpool"
	"github.com/cognitowasm/cognitowasm/srp"
	"github.com/google/uuid"
)

// maxDeviceKey is the length limit of a DeviceKey.
const maxDeviceKey = 55

// Device remembered statuses.
const (
	deviceRemembered    = userpool.DeviceRemembered
	deviceNotRemembered = userpool.DeviceNotRemembered
)

// newDeviceMetadata is NewDeviceMetadataType on the wire.
type newDeviceMetadata struct {
	DeviceKey      string `json:"DeviceKey"`
	DeviceGroupKey string `json:"DeviceGroupKey"`
}

// deviceRecord is a tracked device. It has an SRP verifier of the device's
// secret once ConfirmDevice registered one.
type deviceRecord struct {
	Key               string    `json:"key"`
	GroupKey          string    `json:"groupKey"`
	Username          string    `json:"username"`
	Salt              []byte    `json:"salt,omitempty"`
	Verifier          []byte    `json:"verifier,omitempty"`
	Name              string    `json:"name,omitempty"`
	Status            string    `json:"status,omitempty"`
	Created           time.Time `json:"created"`
	Modified          time.Time `json:"modified"`
	LastAuthenticated time.Time `json:"lastAuthenticated,omitzero"`
	LastIP            string    `json:"lastIp,omitempty"`
}

func (d *deviceRecord) confirmed() bool  { return len(d.Verifier) > 0 }
func (d *deviceRecord) remembered() bool { return d.confirmed() && d.Status == deviceRemembered }

func errDeviceNotFound() *Error { return errResourceNotFound("Device does not exist.") }

func errNoDeviceTracking() *Error {
	return apiError(userpool.InvalidUserPoolConfigurationException, "Device tracking is not enabled for this user pool.")
}

// device reads a device of username; any other device "does not exist".
func (p *poolTx) device(key, username string) (*deviceRecord, error) {
	b := p.b.Bucket(bucketDevices)
	if b == nil || key == "" {
		return nil, errDeviceNotFound()
	}
	var rec deviceRecord
	if err := getJSON(b, key, &rec); err != nil {
		if errors.Is(err, errNotFound) {
			return nil, errDeviceNotFound()
		}
		return nil, err
	}
	if userKey(rec.Username) != userKey(username) {
		return nil, errDeviceNotFound()
	}
	return &rec, nil
}

func (p *poolTx) putDevice(rec *deviceRecord) error {
	b, err := p.b.CreateBucketIfNotExists(bucketDevices)
	if err != nil {
		return err
	}
	return putJSON(b, rec.Key, rec)
}

func (p *poolTx) deleteDevice(rec *deviceRecord) error {
	if b := p.b.Bucket(bucketDevices); b != nil {
		return b.Delete([]byte(rec.Key))
	}
	return nil
}

// userDevices lists the devices of username in key order.
func (p *poolTx) userDevices(username string) ([]*deviceRecord, error) {
	var out []*deviceRecord
	if p.b.Bucket(bucketDevices) == nil {
		return nil, nil
	}
	err := forEach(p, bucketDevices, func(rec *deviceRecord) error {
		if userKey(rec.Username) == userKey(username) {
			out = append(out, rec)
		}
		return nil
	})
	return out, err
}

// deleteUserDevices removes the devices of a deleted user.
func (p *poolTx) deleteUserDevices(username string) error {
	devices, err := p.userDevices(username)
	if err != nil {
		return err
	}
	for _, d := range devices {
		if err := p.deleteDevice(d); err != nil {
			return err
		}
	}
	return nil
}

// userDevice reads a device of a user in its own transaction.
func (c *call) userDevice(poolID, username, key string) (*deviceRecord, error) {
	var dev *deviceRecord
	err := c.s.view(poolID, func(p *poolTx) error {
		var err error
		dev, err = p.device(key, username)
		return err
	})
	return dev, err
}

// trackDevice records the device a sign-in completes on: a new one, to be
// confirmed, when the client named none.
func (c *call) trackDevice(pool *poolRecord, u *userRecord, deviceKey string) (string, *newDeviceMetadata, error) {
	var meta *newDeviceMetadata
	err := c.s.update(pool.Id, func(p *poolTx) error {
		if deviceKey != "" {
			dev, err := p.device(deviceKey, u.Username)
			if err != nil {
				return err
			}
			dev.LastAuthenticated, dev.LastIP = c.now, c.remoteIP()
			return p.putDevice(dev)
		}
		region, _, _ := strings.Cut(pool.Id, "_")
		dev := &deviceRecord{
			Key:      region + "_" + uuid.NewString(),
			GroupKey: "-" + rand.Text()[:9],
			Username: u.Username,
			Created:  c.now, Modified: c.now, LastAuthenticated: c.now,
			LastIP: c.remoteIP(),
		}
		deviceKey = dev.Key
		meta = &newDeviceMetadata{DeviceKey: dev.Key, DeviceGroupKey: dev.GroupKey}
		return p.putDevice(dev)
	})
	return deviceKey, meta, err
}

func (c *call) remoteIP() string {
	if c.r == nil {
		return ""
	}
	host := c.r.RemoteAddr
	if i := strings.LastIndex(host, ":"); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

// refreshDevice binds a refresh to the DEVICE_KEY it names, which must be a
// device of the session's user. Without one, the session keeps its device.
func (p *poolTx) refreshDevice(pool *poolRecord, sess *sessionRecord, deviceKey string) error {
	if deviceKey == "" || pool.DeviceConfiguration == nil {
		return nil
	}
	if _, err := p.device(deviceKey, sess.Username); err != nil {
		return err
	}
	if deviceKey == sess.DeviceKey {
		return nil
	}
	sess.DeviceKey = deviceKey
	return p.putSession(sess)
}

// deviceType is DeviceType on the wire.
type deviceType struct {
	DeviceKey                   string      `json:"DeviceKey"`
	DeviceAttributes            []attribute `json:"DeviceAttributes"`
	DeviceCreateDate            epochTime   `json:"DeviceCreateDate"`
	DeviceLastModifiedDate      epochTime   `json:"DeviceLastModifiedDate"`
	DeviceLastAuthenticatedDate epochTime   `json:"DeviceLastAuthenticatedDate,omitzero"`
}

func (d *deviceRecord) wire(pool *poolRecord) deviceType {
	status := d.Status
	if status == "" {
		status = deviceNotRemembered
	}
	owner := d.Username + "." + pool.Id
	attrs := []attribute{
		{Name: "device_status", Value: "valid"},
		{Name: "dev:device_remembered_status", Value: status},
		{Name: "dev:device_owner", Value: owner},
		{Name: "dev:device_arn", Value: strings.Replace(pool.Arn, ":userpool/"+pool.Id, ":owner/"+owner+"/device/"+d.Key, 1)},
		{Name: "dev:device_sdk", Value: "aws-sdk-unknown-unknown"},
	}
	if d.Name != "" {
		attrs = append(attrs, attribute{Name: "device_name", Value: d.Name})
	}
	if d.LastIP != "" {
		attrs = append(attrs, attribute{Name: "last_ip_used", Value: d.LastIP})
	}
	return deviceType{DeviceKey: d.Key, DeviceAttributes: attrs, DeviceCreateDate: epochTime(d.Created),
		DeviceLastModifiedDate: epochTime(d.Modified), DeviceLastAuthenticatedDate: epochTime(d.LastAuthenticated)}
}

// deviceInput is the input of every device operation; the Admin ones name
// the user by UserPoolId and Username, the others by AccessToken.
type deviceInput struct {
	AccessToken                string
	UserPoolId                 string
	Username                   string
	DeviceKey                  string
	DeviceName                 string
	DeviceRememberedStatus     string
	DeviceSecretVerifierConfig *struct{ PasswordVerifier, Salt string }
	Limit                      int
	PaginationToken            string
}

// withDeviceUser runs fn in a write transaction on the user the input names:
// by access token, or (admin) by pool and username. Device tracking must be on.
func (c *call) withDeviceUser(in *deviceInput, admin bool, fn func(p *poolTx, pool *poolRecord, username string) error) error {
	var poolID, username string
	if admin {
		poolID = in.UserPoolId
	} else {
		principal, err := c.authenticate(in.AccessToken)
		if err != nil {
			return err
		}
		poolID, username = principal.pool.Id, principal.user.Username
	}
	return c.s.update(poolID, func(p *poolTx) error {
		pool, err := p.pool()
		if err != nil {
			return err
		}
		if admin {
			u, err := p.lookupUser(pool, in.Username)
			if err != nil {
				return err
			}
			username = u.Username
		}
		if pool.DeviceConfiguration == nil {
			return errNoDeviceTracking()
		}
		return fn(p, pool, username)
	})
}

func confirmDevice(c *call, in *deviceInput) (any, error) {
	cfg := in.DeviceSecretVerifierConfig
	if cfg == nil {
		return nil, errInvalidParameter("DeviceSecretVerifierConfig is required.")
	}
	if err := firstError(required("PasswordVerifier", cfg.PasswordVerifier, maxToken), required("Salt", cfg.Salt, maxToken)); err != nil {
		return nil, err
	}
	verifier, err := srp.VerifierFromDevice(cfg.Salt, cfg.PasswordVerifier)
	if err != nil {
		return nil, errInvalidParameter("DeviceSecretVerifierConfig is not a valid SRP verifier.")
	}
	var prompt bool
	err = c.withDeviceUser(in, false, func(p *poolTx, pool *poolRecord, username string) error {
		dev, err := p.device(in.DeviceKey, username)
		if err != nil {
			return err
		}
		if dev.confirmed() {
			return apiError(userpool.DeviceKeyExistsException, "Device %s has already been confirmed.", dev.Key)
		}
		prompt = pool.DeviceConfiguration.DeviceOnlyRememberedOnUserPrompt
		dev.Salt, dev.Verifier, dev.Name, dev.Modified = verifier.Salt, verifier.Value, in.DeviceName, c.now
		dev.Status = deviceRemembered
		if prompt {
			dev.Status = deviceNotRemembered
		}
		return p.putDevice(dev)
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"UserConfirmationNecessary": prompt}, nil
}

func (c *call) updateDeviceStatus(in *deviceInput, admin bool) (any, error) {
	status := in.DeviceRememberedStatus
	if status == "" {
		status = deviceRemembered
	}
	if status != deviceRemembered && status != deviceNotRemembered {
		return nil, errInvalidParameter("DeviceRememberedStatus must be remembered or not_remembered.")
	}
	return nil, c.withDeviceUser(in, admin, func(p *poolTx, pool *poolRecord, username string) error {
		dev, err := p.device(in.DeviceKey, username)
		if err != nil {
			return err
		}
		if !dev.confirmed() {
			return errDeviceNotFound()
		}
		dev.Status, dev.Modified = status, c.now
		return p.putDevice(dev)
	})
}

func updateDeviceStatus(c *call, in *deviceInput) (any, error) {
	return c.updateDeviceStatus(in, false)
}
func adminUpdateDeviceStatus(c *call, in *deviceInput) (any, error) {
	return c.updateDeviceStatus(in, true)
}

func (c *call) getDevice(in *deviceInput, admin bool) (any, error) {
	var out deviceType
	err := c.withDeviceUser(in, admin, func(p *poolTx, pool *poolRecord, username string) error {
		dev, err := p.device(in.DeviceKey, username)
		if err != nil {
			return err
		}
		out = dev.wire(pool)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"Device": out}, nil
}

func getDevice(c *call, in *deviceInput) (any, error)      { return c.getDevice(in, false) }
func adminGetDevice(c *call, in *deviceInput) (any, error) { return c.getDevice(in, true) }

func (c *call) forgetDevice(in *deviceInput, admin bool) (any, error) {
	return nil, c.withDeviceUser(in, admin, func(p *poolTx, pool *poolRecord, username string) error {
		dev, err := p.device(in.DeviceKey, username)
		if err != nil {
			return err
		}
		return p.deleteDevice(dev)
	})
}

func forgetDevice(c *call, in *deviceInput) (any, error)      { return c.forgetDevice(in, false) }
func adminForgetDevice(c *call, in *deviceInput) (any, error) { return c.forgetDevice(in, true) }

// listDevices lists the user's remembered devices (UNSURE whether Cognito
// also lists not_remembered ones; Amplify's testing notes say it does not).
func (c *call) listDevices(in *deviceInput, admin bool) (any, error) {
	var items []deviceType
	var next string
	err := c.withDeviceUser(in, admin, func(p *poolTx, pool *poolRecord, username string) error {
		devices, err := p.userDevices(username)
		if err != nil {
			return err
		}
		devices = slices.DeleteFunc(devices, func(d *deviceRecord) bool { return !d.remembered() })
		var shown []*deviceRecord
		shown, next = page(devices, func(d *deviceRecord) string { return d.Key }, in.Limit, in.PaginationToken)
		for _, d := range shown {
			items = append(items, d.wire(pool))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if items == nil {
		items = []deviceType{}
	}
	out := map[string]any{"Devices": items}
	if next != "" {
		out["PaginationToken"] = next
	}
	return out, nil
}

func listDevices(c *call, in *deviceInput) (any, error)      { return c.listDevices(in, false) }
func adminListDevices(c *call, in *deviceInput) (any, error) { return c.listDevices(in, true) }

// deviceSRPState is sealed into the SECRET_BLOCK of DEVICE_PASSWORD_VERIFIER.
type deviceSRPState struct {
	PrivateB  []byte    `json:"b"`
	PublicB   []byte    `json:"pb"` // the B sent (see srpState)
	A         string    `json:"a"`
	Username  string    `json:"u"`
	DeviceKey string    `json:"dk"`
	ClientID  string    `json:"cid"`
	Expires   time.Time `json:"exp"`
}

func (s *Server) deviceSRPPurpose() string { return s.srpPurpose + " device" }

// answerDeviceSRP starts the device's SRP exchange (DEVICE_SRP_AUTH), which
// stands in for MFA on a remembered device.
func answerDeviceSRP(c *call, a *authRequest, session string) (any, error) {
	st, u, err := c.openAnswer(a, session, userpool.ChallengeDeviceSRPAuth)
	if err != nil {
		return nil, err
	}
	key, srpA := a.params[userpool.ParamDeviceKey], a.params["SRP_A"]
	if err := firstError(required("DEVICE_KEY", key, maxDeviceKey), required("SRP_A", srpA, maxToken)); err != nil {
		return nil, err
	}
	if srp.CheckA(srpA) != nil {
		return nil, errInvalidParameter("SRP_A is not a valid SRP value.")
	}
	if key != st.DeviceKey {
		return nil, errDeviceNotFound()
	}
	dev, err := c.userDevice(a.pool.Id, u.Username, key)
	if err != nil {
		return nil, err
	}
	if !dev.remembered() {
		return nil, errDeviceNotFound()
	}
	verifier := srp.Verifier{Salt: dev.Salt, Value: dev.Verifier}
	server, err := srp.NewServer(verifier, nil)
	if err != nil {
		return nil, err
	}
	keys, err := c.s.poolKeys(a.pool)
	if err != nil {
		return nil, err
	}
	block, err := keys.seal(c.s.deviceSRPPurpose(), deviceSRPState{PrivateB: server.PrivateB(), PublicB: server.PublicB(), A: fixedWidthHex(srpA), Username: u.Username,
		DeviceKey: key, ClientID: a.client.ClientId, Expires: st.Expires})
	if err != nil {
		return nil, err
	}
	if err := c.spendSession(st); err != nil {
		return nil, err
	}
	return c.authChallenge(a, u, authSession{Challenge: userpool.ChallengeDevicePasswordVerifier, DeviceKey: key}, map[string]string{
		"SALT":         verifier.SaltHex(),
		"SRP_B":        server.B(),
		"SECRET_BLOCK": block,
		"USERNAME":     u.Username,
	})
}

// answerDevicePasswordVerifier checks the device's proof of its secret and
// completes the sign-in on that device. The sealed SECRET_BLOCK is the state
// of the exchange and completes one sign-in.
func answerDevicePasswordVerifier(c *call, a *authRequest, _ string) (any, error) {
	r := a.params
	for _, f := range []string{"USERNAME", "DEVICE_KEY", "PASSWORD_CLAIM_SECRET_BLOCK", "PASSWORD_CLAIM_SIGNATURE", "TIMESTAMP"} {
		if err := required(f, r[f], maxToken); err != nil {
			return nil, err
		}
	}
	keys, err := c.s.poolKeys(a.pool)
	if err != nil {
		return nil, err
	}
	var state deviceSRPState
	if !keys.open(c.s.deviceSRPPurpose(), r["PASSWORD_CLAIM_SECRET_BLOCK"], &state) || state.ClientID != a.client.ClientId ||
		len(state.PublicB) == 0 { // a block sealed before B was kept
		return nil, errNotAuthorized("Invalid PASSWORD_CLAIM_SECRET_BLOCK.")
	}
	if !c.now.Before(state.Expires) {
		return nil, errSessionExpired()
	}
	ts, err := srp.ParseTimestamp(r["TIMESTAMP"])
	if err != nil {
		return nil, errInvalidParameter("TIMESTAMP format is invalid.")
	}
	if d := c.now.Sub(ts); d > timestampWindow || d < -timestampWindow {
		return nil, errNotAuthorized("TIMESTAMP is too far from the current time.")
	}
	if r["DEVICE_KEY"] != state.DeviceKey {
		return nil, errDeviceNotFound()
	}
	u, err := c.answeringUser(a, state.Username)
	if err != nil {
		return nil, err
	}
	dev, err := c.userDevice(a.pool.Id, u.Username, state.DeviceKey)
	if err != nil {
		return nil, err
	}
	server, err := srp.RestoreServer(srp.Verifier{Salt: dev.Salt, Value: dev.Verifier}, state.PrivateB, state.PublicB)
	if err != nil {
		return nil, err
	}
	block, err := base64.StdEncoding.DecodeString(r["PASSWORD_CLAIM_SECRET_BLOCK"])
	if err != nil {
		return nil, errBadCredentials()
	}
	if err := server.Verify(srp.DeviceIdentity(dev.GroupKey, dev.Key), state.A, block, r["TIMESTAMP"], r["PASSWORD_CLAIM_SIGNATURE"]); err != nil {
		if errors.Is(err, srp.ErrBadClaim) || errors.Is(err, srp.ErrInvalidInput) {
			return nil, errBadCredentials()
		}
		return nil, err
	}
	if !c.s.spendBlock(state.PrivateB, state.Expires, c.now) {
		return nil, errSessionUsed()
	}
	return c.finishSignIn(a, u, dev.Key)
}
