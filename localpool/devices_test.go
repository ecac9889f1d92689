package localpool_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
	"github.com/cognitowasm/cognitowasm/srp"
)

// device is what a client keeps of a remembered device.
type device struct {
	key, groupKey, password string
}

// devicePool is a pool with TOTP MFA and device tracking, and a user with TOTP.
func devicePool(t *testing.T, onPrompt bool) (p *localpooltest.Pool, name, secret string) {
	t.Helper()
	p = localpooltest.New(t)
	p.EnableMFA(t, localpooltest.MFA{Mode: types.UserPoolMfaTypeOptional, TOTP: true, Devices: true, AlwaysRemember: !onPrompt})
	name = "device@example.com"
	first := mfaUser(t, p, name)
	return p, name, enableTOTP(t, p, first.AccessToken, true)
}

// totpSignIn signs in with SRP (and DEVICE_KEY, if set) and answers TOTP.
func totpSignIn(t *testing.T, p *localpooltest.Pool, name, secret string) *types.AuthenticationResultType {
	t.Helper()
	out, err := srpSignIn(t, p, p.Admin(), p.ClientID, name, password)
	wantChallenge(t, out, err, types.ChallengeNameTypeSoftwareTokenMfa)
	p.Clock.Advance(30 * time.Second)
	return wantTokens(t)(respond(p.Admin(), p.ClientID, types.ChallengeNameTypeSoftwareTokenMfa, out.Session,
		map[string]string{"USERNAME": name, "SOFTWARE_TOKEN_MFA_CODE": totpCode(t, secret, p.Clock.Now())}))
}

// confirm registers the new device of a sign-in, as amazon-cognito-identity-js does.
func confirm(t *testing.T, p *localpooltest.Pool, res *types.AuthenticationResultType) (device, bool) {
	t.Helper()
	meta := res.NewDeviceMetadata
	if meta == nil {
		t.Fatal("no NewDeviceMetadata")
	}
	d := device{key: aws.ToString(meta.DeviceKey), groupKey: aws.ToString(meta.DeviceGroupKey)}
	secret, err := srp.NewDeviceSecret(d.groupKey, d.key, nil)
	if err != nil {
		t.Fatal(err)
	}
	d.password = secret.Password
	out, err := p.Admin().ConfirmDevice(ctx, &cip.ConfirmDeviceInput{AccessToken: res.AccessToken, DeviceKey: meta.DeviceKey,
		DeviceName:                 aws.String("Test browser"),
		DeviceSecretVerifierConfig: &types.DeviceSecretVerifierConfigType{Salt: &secret.Salt, PasswordVerifier: &secret.PasswordVerifier}})
	if err != nil {
		t.Fatal(err)
	}
	return d, out.UserConfirmationNecessary
}

// deviceSignIn signs in with SRP and DEVICE_KEY, expects DEVICE_SRP_AUTH and
// answers it with the device's secret.
func deviceSignIn(t *testing.T, p *localpooltest.Pool, flow types.AuthFlowType, name string, d device) (*cip.RespondToAuthChallengeOutput, error) {
	t.Helper()
	api := p.Admin()
	var out *cip.RespondToAuthChallengeOutput
	var err error
	if flow == types.AuthFlowTypeUserPasswordAuth {
		out, err = initiate(api, p.ClientID, flow, map[string]string{"USERNAME": name, "PASSWORD": password, "DEVICE_KEY": d.key})
	} else {
		out, err = srpDeviceSignIn(t, p, name, d.key)
	}
	if err != nil {
		return nil, err
	}
	wantChallenge(t, out, nil, types.ChallengeNameTypeDeviceSrpAuth)
	username := out.ChallengeParameters["USER_ID_FOR_SRP"]
	client, err := srp.NewClient(nil)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := respond(api, p.ClientID, types.ChallengeNameTypeDeviceSrpAuth, out.Session,
		map[string]string{"USERNAME": username, "DEVICE_KEY": d.key, "SRP_A": client.A()})
	wantChallenge(t, ch, err, types.ChallengeNameTypeDevicePasswordVerifier)
	params := ch.ChallengeParameters
	claim, err := client.Claim(srp.DeviceIdentity(d.groupKey, d.key), d.password,
		srp.Challenge{Salt: params["SALT"], B: params["SRP_B"], SecretBlock: params["SECRET_BLOCK"]}, p.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return respond(api, p.ClientID, types.ChallengeNameTypeDevicePasswordVerifier, ch.Session, map[string]string{
		"USERNAME": username, "DEVICE_KEY": d.key, "PASSWORD_CLAIM_SECRET_BLOCK": claim.SecretBlock,
		"PASSWORD_CLAIM_SIGNATURE": claim.Signature, "TIMESTAMP": claim.Timestamp})
}

// srpDeviceSignIn is srpSignIn with DEVICE_KEY in both steps.
func srpDeviceSignIn(t *testing.T, p *localpooltest.Pool, name, deviceKey string) (*cip.RespondToAuthChallengeOutput, error) {
	t.Helper()
	api := p.Admin()
	client, err := srp.NewClient(nil)
	if err != nil {
		t.Fatal(err)
	}
	start, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &p.ClientID, AuthFlow: types.AuthFlowTypeUserSrpAuth,
		AuthParameters: map[string]string{"USERNAME": name, "SRP_A": client.A(), "DEVICE_KEY": deviceKey}})
	if err != nil {
		return nil, err
	}
	params := start.ChallengeParameters
	claim, err := client.Claim(srp.UserIdentity(p.UserPoolID, params["USER_ID_FOR_SRP"]), password,
		srp.Challenge{Salt: params["SALT"], B: params["SRP_B"], SecretBlock: params["SECRET_BLOCK"]}, p.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return respond(api, p.ClientID, types.ChallengeNameTypePasswordVerifier, start.Session, map[string]string{
		"USERNAME": params["USERNAME"], "PASSWORD_CLAIM_SECRET_BLOCK": claim.SecretBlock, "PASSWORD_CLAIM_SIGNATURE": claim.Signature,
		"TIMESTAMP": claim.Timestamp, "DEVICE_KEY": deviceKey})
}

func TestRememberedDevice(t *testing.T) {
	p, name, secret := devicePool(t, false)
	api := p.Admin()
	res := totpSignIn(t, p, name, secret)
	d, necessary := confirm(t, p, res)
	if necessary {
		t.Fatal("UserConfirmationNecessary with DeviceOnlyRememberedOnUserPrompt false")
	}
	if claims(t, res.AccessToken)["device_key"] != d.key {
		t.Fatalf("access token device_key = %v, want %s", claims(t, res.AccessToken)["device_key"], d.key)
	}
	// A second ConfirmDevice of the same device is refused.
	s2, _ := srp.NewDeviceSecret(d.groupKey, d.key, nil)
	_, err := api.ConfirmDevice(ctx, &cip.ConfirmDeviceInput{AccessToken: res.AccessToken, DeviceKey: &d.key,
		DeviceSecretVerifierConfig: &types.DeviceSecretVerifierConfigType{Salt: &s2.Salt, PasswordVerifier: &s2.PasswordVerifier}})
	wantAPIError(t, err, "DeviceKeyExistsException")

	listed, err := api.ListDevices(ctx, &cip.ListDevicesInput{AccessToken: res.AccessToken, Limit: aws.Int32(60)})
	if err != nil || len(listed.Devices) != 1 || aws.ToString(listed.Devices[0].DeviceKey) != d.key {
		t.Fatalf("ListDevices = %+v, %v", listed, err)
	}
	if a := attrs(listed.Devices[0].DeviceAttributes); a["device_name"] != "Test browser" || a["dev:device_remembered_status"] != "remembered" {
		t.Fatalf("device attributes = %v", a)
	}

	// The remembered device stands in for TOTP, on the SRP and the password path.
	for _, flow := range []types.AuthFlowType{types.AuthFlowTypeUserSrpAuth, types.AuthFlowTypeUserPasswordAuth} {
		tokens := wantTokens(t)(deviceSignIn(t, p, flow, name, d))
		if tokens.NewDeviceMetadata != nil || claims(t, tokens.AccessToken)["device_key"] != d.key {
			t.Fatalf("%s: device sign-in tokens = %+v", flow, tokens)
		}
		res = tokens
	}
	// A wrong device secret is refused.
	_, err = deviceSignIn(t, p, types.AuthFlowTypeUserSrpAuth, name, device{key: d.key, groupKey: d.groupKey, password: "not-the-secret"})
	wantAPIErrorMessage(t, err, "NotAuthorizedException", "Incorrect username or password.")

	// Refreshes keep the device: REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken take DEVICE_KEY.
	refreshed, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &p.ClientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": *res.RefreshToken, "DEVICE_KEY": d.key}})
	if err != nil || claims(t, refreshed.AuthenticationResult.AccessToken)["device_key"] != d.key {
		t.Fatalf("REFRESH_TOKEN_AUTH = %+v, %v", refreshed, err)
	}
	got, err := api.GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: &p.ClientID, RefreshToken: res.RefreshToken, DeviceKey: &d.key})
	if err != nil || claims(t, got.AuthenticationResult.AccessToken)["device_key"] != d.key {
		t.Fatalf("GetTokensFromRefreshToken = %+v, %v", got, err)
	}
	_, err = api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &p.ClientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": *res.RefreshToken, "DEVICE_KEY": "us-east-1_00000000-0000-0000-0000-000000000000"}})
	wantAPIErrorMessage(t, err, "ResourceNotFoundException", "Device does not exist.")

	// GetDevice, then forget: the device no longer exists for any path.
	dev, err := api.GetDevice(ctx, &cip.GetDeviceInput{AccessToken: res.AccessToken, DeviceKey: &d.key})
	if err != nil || aws.ToString(dev.Device.DeviceKey) != d.key || dev.Device.DeviceLastAuthenticatedDate == nil {
		t.Fatalf("GetDevice = %+v, %v", dev, err)
	}
	if _, err := api.ForgetDevice(ctx, &cip.ForgetDeviceInput{AccessToken: res.AccessToken, DeviceKey: &d.key}); err != nil {
		t.Fatal(err)
	}
	_, err = api.GetDevice(ctx, &cip.GetDeviceInput{AccessToken: res.AccessToken, DeviceKey: &d.key})
	wantAPIErrorMessage(t, err, "ResourceNotFoundException", "Device does not exist.")
	_, err = srpDeviceSignIn(t, p, name, d.key)
	wantAPIErrorMessage(t, err, "ResourceNotFoundException", "Device does not exist.")
	_, err = api.GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: &p.ClientID, RefreshToken: res.RefreshToken, DeviceKey: &d.key})
	wantAPIErrorMessage(t, err, "ResourceNotFoundException", "Device does not exist.")
	// Without the device, sign-in asks for TOTP again and tracks a new device.
	res = totpSignIn(t, p, name, secret)
	if res.NewDeviceMetadata == nil || aws.ToString(res.NewDeviceMetadata.DeviceKey) == d.key {
		t.Fatalf("NewDeviceMetadata = %+v", res.NewDeviceMetadata)
	}
}

func TestDeviceRememberedOnPrompt(t *testing.T) {
	p, name, secret := devicePool(t, true)
	api := p.Admin()
	res := totpSignIn(t, p, name, secret)
	d, necessary := confirm(t, p, res)
	if !necessary {
		t.Fatal("UserConfirmationNecessary false with DeviceOnlyRememberedOnUserPrompt")
	}
	// Not remembered yet: not listed, and MFA is still asked.
	listed, err := api.ListDevices(ctx, &cip.ListDevicesInput{AccessToken: res.AccessToken})
	if err != nil || len(listed.Devices) != 0 {
		t.Fatalf("ListDevices = %+v, %v", listed, err)
	}
	out, err := srpDeviceSignIn(t, p, name, d.key)
	wantChallenge(t, out, err, types.ChallengeNameTypeSoftwareTokenMfa)
	// The device is signed in on, so no new device is tracked.
	p.Clock.Advance(30 * time.Second)
	tokens := wantTokens(t)(respond(api, p.ClientID, types.ChallengeNameTypeSoftwareTokenMfa, out.Session,
		map[string]string{"USERNAME": name, "SOFTWARE_TOKEN_MFA_CODE": totpCode(t, secret, p.Clock.Now()), "DEVICE_KEY": d.key}))
	if tokens.NewDeviceMetadata != nil || claims(t, tokens.AccessToken)["device_key"] != d.key {
		t.Fatalf("tokens = %+v", tokens)
	}

	_, err = api.UpdateDeviceStatus(ctx, &cip.UpdateDeviceStatusInput{AccessToken: res.AccessToken, DeviceKey: &d.key, DeviceRememberedStatus: "forever"})
	wantAPIError(t, err, "InvalidParameterException")
	if _, err := api.UpdateDeviceStatus(ctx, &cip.UpdateDeviceStatusInput{AccessToken: res.AccessToken, DeviceKey: &d.key,
		DeviceRememberedStatus: types.DeviceRememberedStatusTypeRemembered}); err != nil {
		t.Fatal(err)
	}
	wantTokens(t)(deviceSignIn(t, p, types.AuthFlowTypeUserSrpAuth, name, d))

	// The admin twins see and change the same devices.
	admin, err := api.AdminListDevices(ctx, &cip.AdminListDevicesInput{UserPoolId: &p.UserPoolID, Username: aws.String(name)})
	if err != nil || len(admin.Devices) != 1 {
		t.Fatalf("AdminListDevices = %+v, %v", admin, err)
	}
	if _, err := api.AdminUpdateDeviceStatus(ctx, &cip.AdminUpdateDeviceStatusInput{UserPoolId: &p.UserPoolID, Username: aws.String(name),
		DeviceKey: &d.key, DeviceRememberedStatus: types.DeviceRememberedStatusTypeNotRemembered}); err != nil {
		t.Fatal(err)
	}
	one, err := api.AdminGetDevice(ctx, &cip.AdminGetDeviceInput{UserPoolId: &p.UserPoolID, Username: aws.String(name), DeviceKey: &d.key})
	if err != nil || attrs(one.Device.DeviceAttributes)["dev:device_remembered_status"] != "not_remembered" {
		t.Fatalf("AdminGetDevice = %+v, %v", one, err)
	}
	if _, err := api.AdminForgetDevice(ctx, &cip.AdminForgetDeviceInput{UserPoolId: &p.UserPoolID, Username: aws.String(name), DeviceKey: &d.key}); err != nil {
		t.Fatal(err)
	}
	_, err = api.AdminGetDevice(ctx, &cip.AdminGetDeviceInput{UserPoolId: &p.UserPoolID, Username: aws.String(name), DeviceKey: &d.key})
	wantAPIErrorMessage(t, err, "ResourceNotFoundException", "Device does not exist.")

	// Another user's device does not exist for this user.
	p.CreateUser(t, "other@example.com", password, nil)
	other := mustSignIn(t, p, "other@example.com", password)
	_, err = api.GetDevice(ctx, &cip.GetDeviceInput{AccessToken: other.AccessToken, DeviceKey: other.NewDeviceMetadata.DeviceKey})
	if err != nil {
		t.Fatalf("own device: %v", err)
	}
	_, err = api.GetDevice(ctx, &cip.GetDeviceInput{AccessToken: tokens.AccessToken, DeviceKey: other.NewDeviceMetadata.DeviceKey})
	wantAPIErrorMessage(t, err, "ResourceNotFoundException", "Device does not exist.")
}

func TestDevicesNeedTracking(t *testing.T) {
	p := localpooltest.New(t)
	res := mustSignIn(t, p, func() string { p.CreateUser(t, "plain@example.com", password, nil); return "plain@example.com" }(), password)
	if res.NewDeviceMetadata != nil || claims(t, res.AccessToken)["device_key"] != nil {
		t.Fatalf("a pool without device tracking tracked a device: %+v", res.NewDeviceMetadata)
	}
	_, err := p.Admin().ListDevices(ctx, &cip.ListDevicesInput{AccessToken: res.AccessToken})
	wantAPIError(t, err, "InvalidUserPoolConfigurationException")
}
