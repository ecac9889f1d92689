//go:build !js

package cognito_test

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// A signed-in user adds an authenticator app: the otpauth URI goes into a QR
// code, the app's first code confirms it. Later sign-ins stop at
// StepTOTPCode until the user types the app's code.
func ExampleSession_SetUpTOTP() {
	ctx := context.Background()
	cfg, stop := startLocalPool()
	defer stop()
	admin := cip.New(cip.Options{Region: cfg.Region, BaseEndpoint: &cfg.Endpoint,
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")})
	if _, err := admin.SetUserPoolMfaConfig(ctx, &cip.SetUserPoolMfaConfigInput{UserPoolId: &cfg.UserPoolID,
		MfaConfiguration: types.UserPoolMfaTypeOptional, SoftwareTokenMfaConfiguration: &types.SoftwareTokenMfaConfigType{Enabled: true}}); err != nil {
		log.Fatal(err)
	}
	c, _ := cognito.New(cfg)
	signUp(c, cfg, "tom@example.com", "Corr3ct-Horse!")
	res, err := c.SignIn(ctx, "tom@example.com", "Corr3ct-Horse!", nil)
	if err != nil {
		log.Fatal(err)
	}
	s := res.Session

	setup, err := s.SetUpTOTP(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.HasPrefix(setup.URI("cognitowasm", "tom@example.com"), "otpauth://totp/cognitowasm:tom@example.com?secret="))
	code, _ := localpooltest.TOTPCode(setup.Secret, time.Now()) // what the authenticator app shows
	if err := s.VerifyTOTPSetup(ctx, code, "Phone"); err != nil {
		log.Fatal(err)
	}
	if err := s.SetMFAPreference(ctx, map[cognito.MFAType]cognito.MFAChoice{cognito.MFATOTP: cognito.MFAPreferred}); err != nil {
		log.Fatal(err)
	}

	res, err = c.SignIn(ctx, "tom@example.com", "Corr3ct-Horse!", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("step:", res.Step())
	next, _ := localpooltest.TOTPCode(setup.Secret, time.Now().Add(30*time.Second)) // a code is accepted once: the next one
	if res, err = c.ConfirmSignIn(ctx, res.Next, cognito.Answer{Response: next}); err != nil {
		log.Fatal(err)
	}
	fmt.Println("step:", res.Step())
	// Output:
	// true
	// step: CONFIRM_SIGN_IN_WITH_TOTP_CODE
	// step: DONE
}
