//go:build !js

package localpool_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/internal/jstest"
	"github.com/cognitowasm/cognitowasm/localpool"
)

// TestMFAClients has amazon-cognito-identity-js and Amplify v6 set up TOTP
// and sign in with it, sign in with an SMS code from the inbox, choose a
// factor (SELECT_MFA_TYPE), and remember a device and sign in on it without
// MFA; otplib makes the TOTP codes. The pool's clock is the real one (the
// clients check token times) plus an offset the script moves a step at a
// time, so no code is refused as already used.
func TestMFAClients(t *testing.T) {
	modules := jstest.Modules(t)
	var offset atomic.Int64 // seconds
	now := func() time.Time { return time.Now().Add(time.Duration(offset.Load()) * time.Second) }
	srv, err := localpool.Open(localpool.Options{DataDir: t.TempDir(), Clock: now})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /_test/advance", func(w http.ResponseWriter, r *http.Request) {
		var s int64
		fmt.Sscan(r.URL.Query().Get("seconds"), &s)
		offset.Add(s)
		fmt.Fprint(w, now().Unix())
	})
	mux.Handle("/", srv)
	hs := httptest.NewServer(mux)
	defer func() {
		hs.Close()
		srv.Close()
	}()
	poolID, clientID := srv.DefaultPool()
	api := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(hs.URL),
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")})
	if _, err := api.SetUserPoolMfaConfig(ctx, &cip.SetUserPoolMfaConfigInput{UserPoolId: &poolID, MfaConfiguration: types.UserPoolMfaTypeOptional,
		SmsMfaConfiguration: smsMFA, SoftwareTokenMfaConfiguration: totpMFA}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.UpdateUserPool(ctx, &cip.UpdateUserPoolInput{UserPoolId: &poolID, MfaConfiguration: types.UserPoolMfaTypeOptional,
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		DeviceConfiguration:    &types.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true}}); err != nil {
		t.Fatal(err)
	}

	env := []string{"ENDPOINT=" + hs.URL, "POOL_ID=" + poolID, "CLIENT_ID=" + clientID, "PASSWORD=" + password}
	for _, who := range []string{"ACIJ", "AMP"} {
		for _, kind := range []string{"TOTP", "SMS", "SELECT"} {
			name := strings.ToLower(who+"-"+kind) + "@example.com"
			env = append(env, who+"_"+kind+"="+name)
			if _, err := api.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &poolID, Username: &name, MessageAction: types.MessageActionTypeSuppress,
				TemporaryPassword: aws.String(password), UserAttributes: []types.AttributeType{{Name: aws.String("phone_number"), Value: aws.String("+15555550199")}}}); err != nil {
				t.Fatal(err)
			}
			if _, err := api.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &poolID, Username: &name,
				Password: aws.String(password), Permanent: true}); err != nil {
				t.Fatal(err)
			}
			if kind == "TOTP" {
				continue
			}
			if kind == "SELECT" {
				env = append(env, who+"_SELECT_SECRET="+softwareToken(t, api, clientID, name, now))
			}
			if _, err := api.AdminSetUserMFAPreference(ctx, &cip.AdminSetUserMFAPreferenceInput{UserPoolId: &poolID, Username: &name,
				SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true, PreferredMfa: kind == "SMS"}}); err != nil {
				t.Fatal(err)
			}
		}
	}

	runNode(t, modules, "mfa.js", 13, env...)
}

// softwareToken gives the user a verified software token (not preferred) and returns its secret.
func softwareToken(t *testing.T, api *cip.Client, clientID, name string, now func() time.Time) string {
	t.Helper()
	res, err := passwordSignIn(api, clientID, name, password)
	if err != nil {
		t.Fatal(err)
	}
	assoc, err := api.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: res.AccessToken})
	if err != nil {
		t.Fatal(err)
	}
	// A code of the step before, so the node script's codes (later steps) stay unused.
	code := totpCode(t, *assoc.SecretCode, now().Add(-30*time.Second))
	if _, err := api.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: res.AccessToken, UserCode: &code}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: res.AccessToken,
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true}}); err != nil {
		t.Fatal(err)
	}
	return *assoc.SecretCode
}
