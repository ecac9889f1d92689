//go:build !js

package main

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/app/ui"
)

// The demo account `cognitowasm serve` creates in a new local pool. Its
// password is public on purpose: the account only exists on this machine.
const (
	demoEmail    = "demo@example.com"
	demoPassword = "Demo-Passw0rd!"
)

// seedDemoUser creates the confirmed demo account through the pool's admin
// API, unless it exists already.
func seedDemoUser(ctx context.Context, cfg ui.Config) error {
	admin := localPoolAPI(cfg.Endpoint, cfg.Region)
	_, err := admin.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId:    aws.String(cfg.UserPoolID),
		Username:      aws.String(demoEmail),
		MessageAction: types.MessageActionTypeSuppress,
		UserAttributes: []types.AttributeType{
			{Name: aws.String("email"), Value: aws.String(demoEmail)},
			{Name: aws.String("email_verified"), Value: aws.String("true")},
			{Name: aws.String("name"), Value: aws.String("Demo User")},
		},
	})
	if _, exists := errors.AsType[*types.UsernameExistsException](err); exists {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = admin.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{
		UserPoolId: aws.String(cfg.UserPoolID),
		Username:   aws.String(demoEmail),
		Password:   aws.String(demoPassword),
		Permanent:  true,
	})
	return err
}

// localPoolAPI is an SDK client for the local pool at endpoint, admin calls
// included: the pool accepts any SigV4 signature, so dummy credentials do.
func localPoolAPI(endpoint, region string) *cip.Client {
	return cip.New(cip.Options{
		Region:       region,
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
	})
}
