package cognito

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/document"
)

// Passkeys is the authenticator side of WebAuthn: in the browser
// navigator.credentials (the default there), in tests a software
// authenticator. Options and credentials are WebAuthn's JSON forms
// (PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON,
// PublicKeyCredentialRequestOptionsJSON, AuthenticationResponseJSON).
type Passkeys interface {
	// Create makes a passkey for the creation options (navigator.credentials.create).
	Create(ctx context.Context, options []byte) (credential []byte, err error)
	// Get signs the request options with a passkey (navigator.credentials.get);
	// mediation is "" or "conditional" (offered in the username field's autofill).
	Get(ctx context.Context, options []byte, mediation string) (credential []byte, err error)
}

// PasskeysAvailable reports whether this Client can make and use passkeys
// (Config.Passkeys, in the browser navigator.credentials).
func (c *Client) PasskeysAvailable() bool { return c.cfg.Passkeys != nil }

// Passkey is one of the user's passkeys (ListWebAuthnCredentials).
type Passkey struct {
	ID         string // CredentialId
	Name       string // named by the pool after the authenticator
	RPID       string
	Attachment string // "platform", "cross-platform" or ""
	Transports []string
	Created    time.Time
}

// ErrPasskeyCancelled means the user dismissed the browser's passkey prompt
// (NotAllowedError), or a conditional request was aborted.
var ErrPasskeyCancelled = errors.New("cognito: the passkey prompt was dismissed")

// AddPasskey registers a new passkey for the signed-in user: the pool's
// options, Config.Passkeys' credential, the pool's check.
func (s *Session) AddPasskey(ctx context.Context) error {
	if s.c.cfg.Passkeys == nil {
		return ErrNoPasskeys
	}
	at, err := s.accessToken(ctx)
	if err != nil {
		return err
	}
	start, err := s.c.api.StartWebAuthnRegistration(ctx, &cip.StartWebAuthnRegistrationInput{AccessToken: at})
	if err != nil {
		return apiError(err)
	}
	var options map[string]any
	if err := start.CredentialCreationOptions.UnmarshalSmithyDocument(&options); err != nil {
		return err
	}
	raw, err := json.Marshal(options)
	if err != nil {
		return err
	}
	cred, err := s.c.cfg.Passkeys.Create(ctx, raw)
	if err != nil {
		return err
	}
	var credential map[string]any
	if err := json.Unmarshal(cred, &credential); err != nil {
		return err
	}
	_, err = s.c.api.CompleteWebAuthnRegistration(ctx, &cip.CompleteWebAuthnRegistrationInput{AccessToken: at,
		Credential: document.NewLazyDocument(credential)})
	return apiError(err)
}

// Passkeys lists the signed-in user's passkeys, oldest first.
func (s *Session) Passkeys(ctx context.Context) ([]Passkey, error) {
	at, err := s.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	var out []Passkey
	var next *string
	for range 10 { // 20 a page; Cognito limits how many a user has
		page, err := s.c.api.ListWebAuthnCredentials(ctx, &cip.ListWebAuthnCredentialsInput{AccessToken: at, MaxResults: aws.Int32(20), NextToken: next})
		if err != nil {
			return nil, apiError(err)
		}
		for _, c := range page.Credentials {
			out = append(out, Passkey{ID: aws.ToString(c.CredentialId), Name: aws.ToString(c.FriendlyCredentialName),
				RPID: aws.ToString(c.RelyingPartyId), Attachment: aws.ToString(c.AuthenticatorAttachment),
				Transports: c.AuthenticatorTransports, Created: aws.ToTime(c.CreatedAt)})
		}
		if next = page.NextToken; next == nil {
			break
		}
	}
	return out, nil
}

// DeletePasskey deletes one of the signed-in user's passkeys by its ID.
func (s *Session) DeletePasskey(ctx context.Context, id string) error {
	at, err := s.accessToken(ctx)
	if err != nil {
		return err
	}
	_, err = s.c.api.DeleteWebAuthnCredential(ctx, &cip.DeleteWebAuthnCredentialInput{AccessToken: at, CredentialId: &id})
	return apiError(err)
}
