package storage

// Device is a remembered device as amazon-cognito-identity-js keeps it:
// CognitoIdentityServiceProvider.<clientId>.<username>.deviceKey,
// .deviceGroupKey and .randomPasswordKey, so a device either client
// remembered stays remembered by the other.
type Device struct {
	Key, GroupKey string
	// Password is the device's random secret, whose SRP verifier the pool holds.
	Password string
}

// deviceValues are the names of a Device's three values, in Device's order.
var deviceValues = [3]string{"deviceKey", "deviceGroupKey", "randomPasswordKey"}

// SaveDevice stores d as username's device. Signing out leaves it.
func SaveDevice(s Store, clientID, username string, d Device) error {
	if err := firstError(checkClientID(clientID), checkKeyPart("username", username)); err != nil {
		return err
	}
	for i, v := range [3]string{d.Key, d.GroupKey, d.Password} {
		if err := s.Set(UserKey(clientID, username, deviceValues[i]), v); err != nil {
			return err
		}
	}
	return nil
}

// LoadDevice returns username's device; ok is false unless all three
// values are there.
func LoadDevice(s Store, clientID, username string) (d Device, ok bool, err error) {
	if err := firstError(checkClientID(clientID), checkKeyPart("username", username)); err != nil {
		return Device{}, false, err
	}
	var v [3]string
	for i, name := range deviceValues {
		if v[i], _, err = s.Get(UserKey(clientID, username, name)); err != nil {
			return Device{}, false, err
		}
	}
	d = Device{Key: v[0], GroupKey: v[1], Password: v[2]}
	return d, d.Key != "" && d.GroupKey != "" && d.Password != "", nil
}

// ClearDevice forgets username's device.
func ClearDevice(s Store, clientID, username string) error {
	if err := firstError(checkClientID(clientID), checkKeyPart("username", username)); err != nil {
		return err
	}
	for _, name := range deviceValues {
		if err := s.Delete(UserKey(clientID, username, name)); err != nil {
			return err
		}
	}
	return nil
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
