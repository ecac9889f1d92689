package cognito

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// SignUpInput is a new account.
type SignUpInput struct {
	Username, Password string
	// Attributes are standard or custom attributes, e.g. "email" or "custom:team".
	Attributes map[string]string
}

// CodeDelivery says where Cognito sent a code.
type CodeDelivery struct {
	Destination string // masked, e.g. "a***@e***"
	Medium      string // "EMAIL" or "SMS"
	Attribute   string // e.g. "email"
}

// SignUpResult is Cognito's answer to SignUp.
type SignUpResult struct {
	UserConfirmed bool
	UserSub       string
	// Delivery says where the confirmation code went; nil when none was sent.
	Delivery *CodeDelivery
}

// SignUp registers a new user.
func (c *Client) SignUp(ctx context.Context, in SignUpInput) (*SignUpResult, error) {
	out, err := c.api.SignUp(ctx, &cip.SignUpInput{
		ClientId:       &c.cfg.ClientID,
		Username:       &in.Username,
		Password:       &in.Password,
		UserAttributes: attributeList(in.Attributes),
		SecretHash:     c.secretHashPtr(in.Username),
	})
	if err != nil {
		return nil, apiError(err)
	}
	return &SignUpResult{
		UserConfirmed: out.UserConfirmed,
		UserSub:       aws.ToString(out.UserSub),
		Delivery:      codeDelivery(out.CodeDeliveryDetails),
	}, nil
}

// ConfirmSignUp confirms a new user with the code Cognito sent.
func (c *Client) ConfirmSignUp(ctx context.Context, username, code string) error {
	out, err := c.api.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{
		ClientId:         &c.cfg.ClientID,
		Username:         &username,
		ConfirmationCode: &code,
		SecretHash:       c.secretHashPtr(username),
	})
	if err != nil {
		return apiError(err)
	}
	// A client with USER_AUTH gets a Session that signs the user in (SignInAfterSignUp).
	c.signUps.put(username, aws.ToString(out.Session))
	return nil
}

// ResendConfirmationCode sends a new sign-up confirmation code.
func (c *Client) ResendConfirmationCode(ctx context.Context, username string) (*CodeDelivery, error) {
	out, err := c.api.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{
		ClientId:   &c.cfg.ClientID,
		Username:   &username,
		SecretHash: c.secretHashPtr(username),
	})
	if err != nil {
		return nil, apiError(err)
	}
	return codeDelivery(out.CodeDeliveryDetails), nil
}

// ForgotPassword sends a code with which ConfirmForgotPassword sets a new password.
func (c *Client) ForgotPassword(ctx context.Context, username string) (*CodeDelivery, error) {
	out, err := c.api.ForgotPassword(ctx, &cip.ForgotPasswordInput{
		ClientId:   &c.cfg.ClientID,
		Username:   &username,
		SecretHash: c.secretHashPtr(username),
	})
	if err != nil {
		return nil, apiError(err)
	}
	return codeDelivery(out.CodeDeliveryDetails), nil
}

// ConfirmForgotPassword sets a new password with the code ForgotPassword sent.
func (c *Client) ConfirmForgotPassword(ctx context.Context, username, code, newPassword string) error {
	_, err := c.api.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{
		ClientId:         &c.cfg.ClientID,
		Username:         &username,
		ConfirmationCode: &code,
		Password:         &newPassword,
		SecretHash:       c.secretHashPtr(username),
	})
	return apiError(err)
}

func codeDelivery(d *types.CodeDeliveryDetailsType) *CodeDelivery {
	if d == nil {
		return nil
	}
	return &CodeDelivery{
		Destination: aws.ToString(d.Destination),
		Medium:      string(d.DeliveryMedium),
		Attribute:   aws.ToString(d.AttributeName),
	}
}

func codeDeliveries(ds []types.CodeDeliveryDetailsType) []CodeDelivery {
	out := make([]CodeDelivery, 0, len(ds))
	for i := range ds {
		out = append(out, *codeDelivery(&ds[i]))
	}
	return out
}

// attributeList converts attributes to the SDK's list, sorted by name so
// requests are reproducible.
func attributeList(attrs map[string]string) []types.AttributeType {
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	list := make([]types.AttributeType, 0, len(names))
	for _, n := range names {
		list = append(list, types.AttributeType{Name: aws.String(n), Value: aws.String(attrs[n])})
	}
	return list
}

func attributeMap(list []types.AttributeType) map[string]string {
	m := make(map[string]string, len(list))
	for _, a := range list {
		m[aws.ToString(a.Name)] = aws.ToString(a.Value)
	}
	return m
}
