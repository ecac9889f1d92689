package cognito

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognitowasm/cognitowasm/app/token"
)

// User is what GetUser says about the signed-in user.
type User struct {
	Username   string
	Attributes map[string]string
	// PreferredMFA is e.g. "SOFTWARE_TOKEN_MFA"; "" when none is set.
	PreferredMFA string
	// MFAMethods are the MFA methods the user has turned on.
	MFAMethods []string
}

// accessToken is a current access token, refreshed first if needed.
func (s *Session) accessToken(ctx context.Context) (*string, error) {
	t, err := s.Tokens(ctx)
	if err != nil {
		return nil, err
	}
	return &t.AccessToken, nil
}

// User fetches the user's attributes and MFA settings.
func (s *Session) User(ctx context.Context) (*User, error) {
	at, err := s.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	out, err := s.c.api.GetUser(ctx, &cip.GetUserInput{AccessToken: at})
	if err != nil {
		return nil, apiError(err)
	}
	return &User{
		Username:     aws.ToString(out.Username),
		Attributes:   attributeMap(out.UserAttributes),
		PreferredMFA: aws.ToString(out.PreferredMfaSetting),
		MFAMethods:   out.UserMFASettingList,
	}, nil
}

// UpdateAttributes sets attributes. Changing email or phone_number sends a
// verification code; the returned deliveries say where.
func (s *Session) UpdateAttributes(ctx context.Context, attrs map[string]string) ([]CodeDelivery, error) {
	at, err := s.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	out, err := s.c.api.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{
		AccessToken:    at,
		UserAttributes: attributeList(attrs),
	})
	if err != nil {
		return nil, apiError(err)
	}
	return codeDeliveries(out.CodeDeliveryDetailsList), nil
}

// DeleteAttributes removes attributes.
func (s *Session) DeleteAttributes(ctx context.Context, names ...string) error {
	at, err := s.accessToken(ctx)
	if err != nil {
		return err
	}
	_, err = s.c.api.DeleteUserAttributes(ctx, &cip.DeleteUserAttributesInput{AccessToken: at, UserAttributeNames: names})
	return apiError(err)
}

// SendAttributeCode sends a code that VerifyAttribute checks, e.g. for "email".
func (s *Session) SendAttributeCode(ctx context.Context, name string) (*CodeDelivery, error) {
	at, err := s.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	out, err := s.c.api.GetUserAttributeVerificationCode(ctx, &cip.GetUserAttributeVerificationCodeInput{
		AccessToken:   at,
		AttributeName: &name,
	})
	if err != nil {
		return nil, apiError(err)
	}
	return codeDelivery(out.CodeDeliveryDetails), nil
}

// VerifyAttribute marks an attribute verified with the code Cognito sent.
func (s *Session) VerifyAttribute(ctx context.Context, name, code string) error {
	at, err := s.accessToken(ctx)
	if err != nil {
		return err
	}
	_, err = s.c.api.VerifyUserAttribute(ctx, &cip.VerifyUserAttributeInput{AccessToken: at, AttributeName: &name, Code: &code})
	return apiError(err)
}

// ChangePassword replaces the password of the signed-in user.
func (s *Session) ChangePassword(ctx context.Context, oldPassword, newPassword string) error {
	at, err := s.accessToken(ctx)
	if err != nil {
		return err
	}
	_, err = s.c.api.ChangePassword(ctx, &cip.ChangePasswordInput{
		AccessToken:      at,
		PreviousPassword: &oldPassword,
		ProposedPassword: &newPassword,
	})
	return apiError(err)
}

// SignOut revokes the refresh token (and the tokens issued with it) and
// clears the session. The local session ends even when revocation fails;
// the error then says the refresh token may still be valid.
func (s *Session) SignOut(ctx context.Context) error {
	s.mu.Lock()
	refreshToken := s.tokens.RefreshToken
	s.mu.Unlock()
	var err error
	if refreshToken != "" {
		in := &cip.RevokeTokenInput{ClientId: &s.c.cfg.ClientID, Token: &refreshToken}
		if s.c.cfg.ClientSecret != "" {
			in.ClientSecret = &s.c.cfg.ClientSecret
		}
		_, err = s.c.api.RevokeToken(ctx, in)
	}
	return errors.Join(apiError(err), s.forget())
}

// GlobalSignOut signs the user out on every device: all refresh tokens are
// revoked. The local session ends as with SignOut.
func (s *Session) GlobalSignOut(ctx context.Context) error {
	at, err := s.accessToken(ctx)
	if err == nil {
		_, err = s.c.api.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: at})
	}
	return errors.Join(apiError(err), s.forget())
}

// DeleteUser deletes the account and ends the session.
func (s *Session) DeleteUser(ctx context.Context) error {
	at, err := s.accessToken(ctx)
	if err != nil {
		return err
	}
	if _, err := s.c.api.DeleteUser(ctx, &cip.DeleteUserInput{AccessToken: at}); err != nil {
		return apiError(err)
	}
	return s.forget()
}

// forget ends the session locally. Its tokens stay valid by their signature
// until they expire, so the client's verifier is told to refuse them.
func (s *Session) forget() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, raw := range []string{s.tokens.AccessToken, s.tokens.IDToken} {
		if d, err := token.Decode(raw); err == nil {
			s.c.verifier.Revoke(d)
		}
	}
	return s.end()
}
