//go:build !js

package cognito

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// FlowAdmin is ADMIN_USER_PASSWORD_AUTH: AdminInitiateAuth signed with AWS
// credentials from the standard chain (environment, shared config with
// SignInOptions.AWSProfile, SSO, instance role). It needs IAM permission on
// the pool, so it is for servers and the command line, never the browser.
const FlowAdmin = flowAdmin

func init() { adminSignIn = signInAdmin }

func signInAdmin(ctx context.Context, si *signIn) (*SignInResult, error) {
	var loadOpts []func(*config.LoadOptions) error
	if si.opts.AWSProfile != "" {
		loadOpts = append(loadOpts, config.WithSharedConfigProfile(si.opts.AWSProfile))
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return nil, err
	}
	c := si.c
	api := cip.New(sdkOptions(c.cfg, awsCfg.Credentials))
	si.respond = func(ctx context.Context, challenge types.ChallengeNameType, session string, responses map[string]string) (*authAnswer, error) {
		out, err := api.AdminRespondToAuthChallenge(ctx, &cip.AdminRespondToAuthChallengeInput{
			UserPoolId:         &c.cfg.UserPoolID,
			ClientId:           &c.cfg.ClientID,
			ChallengeName:      challenge,
			ChallengeResponses: responses,
			Session:            optional(session),
		})
		if err != nil {
			return nil, apiError(err)
		}
		return &authAnswer{result: out.AuthenticationResult, challenge: out.ChallengeName, params: out.ChallengeParameters, session: aws.ToString(out.Session)}, nil
	}
	si.report(StageWaitingNetwork)
	out, err := api.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{
		UserPoolId: &c.cfg.UserPoolID,
		ClientId:   &c.cfg.ClientID,
		AuthFlow:   types.AuthFlowTypeAdminUserPasswordAuth,
		AuthParameters: c.withSecretHash(map[string]string{
			"USERNAME": si.username,
			"PASSWORD": si.password,
		}, si.username),
	})
	if err != nil {
		return si.advance(ctx, nil, apiError(err))
	}
	return si.advance(ctx, &authAnswer{result: out.AuthenticationResult, challenge: out.ChallengeName, params: out.ChallengeParameters, session: aws.ToString(out.Session)}, nil)
}
