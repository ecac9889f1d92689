//go:build !js

package cognito_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/token"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// issued signs username in at the pool directly, as another client would,
// and returns the tokens it got.
func issued(t *testing.T, p *localpooltest.Pool, clientID, username string) cognito.Tokens {
	t.Helper()
	out, err := p.Admin().InitiateAuth(context.Background(), &cip.InitiateAuthInput{ClientId: &clientID,
		AuthFlow: types.AuthFlowTypeUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password}})
	if err != nil {
		t.Fatal(err)
	}
	r := out.AuthenticationResult
	return cognito.Tokens{IDToken: aws.ToString(r.IdToken), AccessToken: aws.ToString(r.AccessToken), RefreshToken: aws.ToString(r.RefreshToken)}
}

// Tokens issued elsewhere become a stored session that refreshes and that
// CurrentSession restores.
func TestAdoptTokens(t *testing.T) {
	ctx := context.Background()
	p := localpooltest.New(t)
	p.CreateUser(t, "ada@example.com", password, nil)
	c, _ := newClient(t, p, nil)
	in := issued(t, p, p.ClientID, "ada@example.com")

	s, err := c.AdoptTokens(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Tokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.AccessToken != in.AccessToken || got.RefreshToken != in.RefreshToken || got.ExpiresAt.IsZero() {
		t.Fatalf("adopted tokens = %+v", got)
	}
	if u := s.Username(); u == "" || u == "ada@example.com" {
		t.Errorf("Username() = %q, want Cognito's generated username from the tokens", u)
	}
	restored, err := c.CurrentSession(ctx)
	if err != nil || restored.Username() != s.Username() || restored.ExpiresAt() != s.ExpiresAt() {
		t.Fatalf("CurrentSession = %v, %v", restored, err)
	}
	if err := s.Refresh(ctx); err != nil {
		t.Fatalf("Refresh of an adopted session: %v", err)
	}
	if fresh, _ := s.Tokens(ctx); fresh.AccessToken == in.AccessToken {
		t.Error("Refresh kept the adopted access token")
	}
}

// Tokens that fail a check are refused and nothing is stored.
func TestAdoptTokensRefused(t *testing.T) {
	ctx := context.Background()
	p := localpooltest.New(t)
	p.CreateUser(t, "ada@example.com", password, nil)
	p.CreateUser(t, "bob@example.com", password, nil)
	other, _ := p.NewClient(t, cip.CreateUserPoolClientInput{ClientName: aws.String("other"),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
	ada := issued(t, p, p.ClientID, "ada@example.com")
	bob := issued(t, p, p.ClientID, "bob@example.com")
	foreign := issued(t, p, other, "ada@example.com")
	tampered := ada
	tampered.AccessToken = ada.AccessToken[:len(ada.AccessToken)-4] + "AAAA"

	tests := []struct {
		name string
		in   cognito.Tokens
		want error
	}{
		{"no tokens", cognito.Tokens{}, token.ErrMalformed},
		{"no ID token", cognito.Tokens{AccessToken: ada.AccessToken, RefreshToken: ada.RefreshToken}, token.ErrMalformed},
		{"tokens swapped", cognito.Tokens{IDToken: ada.AccessToken, AccessToken: ada.IDToken}, token.ErrTokenUse},
		{"bad signature", tampered, token.ErrSignature},
		{"another app client's", foreign, token.ErrAudience},
		{"two users' tokens", cognito.Tokens{IDToken: ada.IDToken, AccessToken: bob.AccessToken}, cognito.ErrTokenMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, store := newClient(t, p, nil)
			s, err := c.AdoptTokens(ctx, tt.in)
			if !errors.Is(err, tt.want) || s != nil {
				t.Fatalf("AdoptTokens = %v, %v; want %v", s, err, tt.want)
			}
			if n := len(store.Snapshot()); n != 0 {
				t.Errorf("%d keys stored after a refused adoption", n)
			}
			if _, err := c.CurrentSession(ctx); !errors.Is(err, cognito.ErrNoSession) {
				t.Errorf("CurrentSession after a refused adoption: %v", err)
			}
		})
	}
}
