package cognito

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/app/storage"
	"github.com/cognitowasm/cognitowasm/app/userpool"
	"github.com/cognitowasm/cognitowasm/srp"
)

// Device is a device the user signed in on and remembered.
type Device struct {
	Key               string
	Name              string
	Remembered        bool
	Created           time.Time
	LastAuthenticated time.Time
	// Current says the device is this one.
	Current bool
}

// DeviceName names this device when it is remembered; the browser build
// uses the user agent, as Amplify does.
var DeviceName = "cognitowasm"

// truncateName bounds a device name to Cognito's 1024 bytes.
func truncateName(s string) string {
	if len(s) > 1024 {
		return s[:1024]
	}
	return s
}

// isDeviceGone reports whether err is Cognito's answer to a DEVICE_KEY it
// no longer knows.
func isDeviceGone(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == userpool.ResourceNotFoundException && strings.Contains(e.Message, "Device does not exist")
}

// loadDevice finds the device remembered for the sign-in's user: under
// Cognito's username (amazon-cognito-identity-js keeps it there), else
// under the name as typed (Amplify's key).
func (si *signIn) loadDevice() {
	if si.device != nil || si.noDevice {
		return
	}
	for _, name := range []string{si.username, si.typed} {
		if d, ok, err := storage.LoadDevice(si.c.cfg.Store, si.c.cfg.ClientID, name); err == nil && ok {
			si.device = &d
			return
		}
	}
}

// withDeviceKey adds DEVICE_KEY to auth parameters or challenge responses
// when the sign-in runs on a remembered device.
func (si *signIn) withDeviceKey(params map[string]string) map[string]string {
	if si.device != nil && params[userpool.ParamDeviceKey] == "" {
		params[userpool.ParamDeviceKey] = si.device.Key
	}
	return params
}

// trackNewDevice registers the device the pool started tracking with this
// sign-in (NewDeviceMetadata): it makes a device secret, sends its verifier
// (ConfirmDevice) and keeps the secret under amazon-cognito-identity-js's
// keys. Where the pool remembers devices only when the user says so (and
// for a tracked device that did not sign in by itself), the device is
// remembered when SignInOptions.RememberDevice asks, else the result offers
// it. A failure to confirm leaves the session signed in without a device,
// as Amplify does.
func (si *signIn) trackNewDevice(ctx context.Context, s *Session, meta *types.NewDeviceMetadataType) *SignInResult {
	res := &SignInResult{Session: s}
	if meta == nil || meta.DeviceKey == nil || meta.DeviceGroupKey == nil {
		// A device tracked before that did not stand in for MFA now may not be
		// remembered: offer it (remembering is idempotent).
		if si.device != nil && si.deviceSRP == nil && s.DeviceKey() == si.device.Key {
			res.RememberDeviceOffered = !si.opts.RememberDevice || s.RememberDevice(ctx) != nil
		}
		return res
	}
	key, group := aws.ToString(meta.DeviceKey), aws.ToString(meta.DeviceGroupKey)
	secret, err := srp.NewDeviceSecret(group, key, nil)
	if err != nil {
		return res
	}
	at, err := s.accessToken(ctx)
	if err != nil {
		return res
	}
	out, err := si.c.api.ConfirmDevice(ctx, &cip.ConfirmDeviceInput{AccessToken: at, DeviceKey: &key, DeviceName: aws.String(DeviceName),
		DeviceSecretVerifierConfig: &types.DeviceSecretVerifierConfigType{Salt: &secret.Salt, PasswordVerifier: &secret.PasswordVerifier}})
	if err != nil {
		return res
	}
	d := storage.Device{Key: key, GroupKey: group, Password: secret.Password}
	if err := si.c.saveDevice(s.Username(), si.typed, d); err != nil {
		return res
	}
	if out.UserConfirmationNecessary {
		res.RememberDeviceOffered = !si.opts.RememberDevice || s.RememberDevice(ctx) != nil
	}
	return res
}

// saveDevice keeps d under Cognito's username and, when it differs, under
// the name as typed, so either client finds it.
func (c *Client) saveDevice(username, typed string, d storage.Device) error {
	for _, name := range uniqueNames(username, typed) {
		if err := storage.SaveDevice(c.cfg.Store, c.cfg.ClientID, name, d); err != nil {
			return err
		}
	}
	return nil
}

// forgetLocalDevice drops the stored device of a user.
func (c *Client) forgetLocalDevice(names ...string) error {
	for _, name := range uniqueNames(names...) {
		if err := storage.ClearDevice(c.cfg.Store, c.cfg.ClientID, name); err != nil {
			return err
		}
	}
	return nil
}

func uniqueNames(names ...string) []string {
	var out []string
	for _, n := range names {
		if n != "" && !contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// deviceKey returns the key of the device remembered for username, or "".
func (c *Client) deviceKey(username string) string {
	d, ok, err := storage.LoadDevice(c.cfg.Store, c.cfg.ClientID, username)
	if err != nil || !ok {
		return ""
	}
	return d.Key
}

// DeviceKey is the key of this device when it is tracked for the user, else "".
func (s *Session) DeviceKey() string { return s.c.deviceKey(s.Username()) }

// RememberDevice remembers this device (UpdateDeviceStatus), so later
// sign-ins on it may skip MFA where the pool allows it.
func (s *Session) RememberDevice(ctx context.Context) error {
	return s.setDeviceStatus(ctx, types.DeviceRememberedStatusTypeRemembered)
}

// NotRememberDevice keeps this device tracked but not remembered.
func (s *Session) NotRememberDevice(ctx context.Context) error {
	return s.setDeviceStatus(ctx, types.DeviceRememberedStatusTypeNotRemembered)
}

func (s *Session) setDeviceStatus(ctx context.Context, status types.DeviceRememberedStatusType) error {
	key := s.DeviceKey()
	if key == "" {
		return ErrNoDevice
	}
	at, err := s.accessToken(ctx)
	if err != nil {
		return err
	}
	_, err = s.c.api.UpdateDeviceStatus(ctx, &cip.UpdateDeviceStatusInput{AccessToken: at, DeviceKey: &key, DeviceRememberedStatus: status})
	return apiError(err)
}

// Devices lists the user's remembered devices.
func (s *Session) Devices(ctx context.Context) ([]Device, error) {
	at, err := s.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	current := s.DeviceKey()
	var out []Device
	var next *string
	for range 20 { // 60 devices a page; a user has few
		page, err := s.c.api.ListDevices(ctx, &cip.ListDevicesInput{AccessToken: at, Limit: aws.Int32(60), PaginationToken: next})
		if err != nil {
			return nil, apiError(err)
		}
		for _, d := range page.Devices {
			attrs := attributeMap(d.DeviceAttributes)
			out = append(out, Device{
				Key:               aws.ToString(d.DeviceKey),
				Name:              attrs["device_name"],
				Remembered:        attrs["dev:device_remembered_status"] != userpool.DeviceNotRemembered,
				Created:           aws.ToTime(d.DeviceCreateDate),
				LastAuthenticated: aws.ToTime(d.DeviceLastAuthenticatedDate),
				Current:           aws.ToString(d.DeviceKey) == current,
			})
		}
		if next = page.PaginationToken; next == nil {
			break
		}
	}
	return out, nil
}

// ForgetDevice forgets a device of the user; key "" means this one. A
// forgotten current device is dropped from the store too, so the next
// sign-in asks for MFA again.
func (s *Session) ForgetDevice(ctx context.Context, key string) error {
	current := s.DeviceKey()
	if key == "" {
		key = current
	}
	if key == "" {
		return ErrNoDevice
	}
	at, err := s.accessToken(ctx)
	if err != nil {
		return err
	}
	if _, err := s.c.api.ForgetDevice(ctx, &cip.ForgetDeviceInput{AccessToken: at, DeviceKey: &key}); err != nil && !isDeviceGone(apiError(err)) {
		return apiError(err)
	}
	if key == current {
		return s.c.forgetLocalDevice(s.Username())
	}
	return nil
}

// ErrNoDevice means the session's device is not tracked.
var ErrNoDevice = errors.New("cognito: this device is not tracked for the user")
