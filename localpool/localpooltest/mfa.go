package localpooltest

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// MFA is how EnableMFA sets up the default pool's second factor.
type MFA struct {
	Mode             types.UserPoolMfaType // ON or OPTIONAL
	SMS, TOTP, Email bool                  // the factors the pool offers
	// Devices turns on device tracking, a remembered device standing in
	// for MFA; devices are remembered when the user asks, or with
	// AlwaysRemember as soon as they are confirmed.
	Devices, AlwaysRemember bool
}

// EnableMFA sets the default pool's MFA (SetUserPoolMfaConfig) and, with
// m.Devices, its device tracking (UpdateUserPool, which also keeps email
// addresses verified automatically).
func (p *Pool) EnableMFA(t testing.TB, m MFA) {
	t.Helper()
	ctx, api := context.Background(), p.Admin()
	in := &cip.SetUserPoolMfaConfigInput{UserPoolId: &p.UserPoolID, MfaConfiguration: m.Mode,
		SoftwareTokenMfaConfiguration: &types.SoftwareTokenMfaConfigType{Enabled: m.TOTP}}
	if m.SMS {
		in.SmsMfaConfiguration = &types.SmsMfaConfigType{SmsAuthenticationMessage: aws.String("Your code is {####}")}
	}
	if m.Email {
		in.EmailMfaConfiguration = &types.EmailMfaConfigType{Message: aws.String("Your code is {####}"), Subject: aws.String("Your code")}
	}
	if _, err := api.SetUserPoolMfaConfig(ctx, in); err != nil {
		t.Fatalf("localpooltest: SetUserPoolMfaConfig: %v", err)
	}
	if !m.Devices {
		return
	}
	if _, err := api.UpdateUserPool(ctx, &cip.UpdateUserPoolInput{UserPoolId: &p.UserPoolID, MfaConfiguration: m.Mode,
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		DeviceConfiguration: &types.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true,
			DeviceOnlyRememberedOnUserPrompt: !m.AlwaysRemember}}); err != nil {
		t.Fatalf("localpooltest: UpdateUserPool: %v", err)
	}
}
