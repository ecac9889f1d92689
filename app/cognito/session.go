package cognito

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/app/storage"
	"github.com/cognitowasm/cognitowasm/app/token"
)

// Tokens are a session's JWTs. ExpiresAt is in local time: the earlier expiry
// of the ID and access tokens, corrected for the local clock's drift.
type Tokens struct {
	IDToken, AccessToken, RefreshToken string
	ExpiresAt                          time.Time
}

// Session is a signed-in user. It is safe for concurrent use.
type Session struct {
	c *Client

	mu       sync.Mutex
	username string
	tokens   Tokens        // all empty once the session has ended
	drift    time.Duration // local clock minus Cognito's, as amazon-cognito-identity-js measures it
	inflight *refreshCall  // the refresh running now, which later callers wait for
	changed  chan struct{} // closed at the next change; see Changed
	endedBy  error         // the refresh error that ended the session, if one did
}

type refreshCall struct {
	done chan struct{}
	err  error
	// abandoned says the refresh failed because the context of the caller
	// that ran it ended, which tells the callers waiting on it nothing.
	abandoned bool
}

// Username is Cognito's name for the user (for pools that sign in with an
// email alias, the generated username, not the email).
func (s *Session) Username() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.username
}

// ExpiresAt is when the session's ID or access token expires, in local time.
func (s *Session) ExpiresAt() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens.ExpiresAt
}

// Tokens returns the session's tokens, refreshing them first when they
// expire within Config.RefreshBefore. Concurrent callers share one refresh.
// If that refresh fails for a reason that leaves the session alive (the
// network, say) and the tokens have not expired yet, Tokens returns them.
func (s *Session) Tokens(ctx context.Context) (Tokens, error) {
	err := s.refresh(ctx, false)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.tokens.AccessToken == "":
		if err == nil {
			err = ErrNoSession
		}
		return Tokens{}, err
	case err != nil && !s.c.now().Before(s.tokens.ExpiresAt):
		return Tokens{}, err
	}
	return s.tokens, nil
}

// Refresh gets new ID and access tokens now. If Cognito says the refresh
// token is dead (NotAuthorized and the like) the session ends, the store is
// cleared, and the error matches ErrNoSession as well as Cognito's
// exception; after a network error the tokens are kept for a later try.
func (s *Session) Refresh(ctx context.Context) error {
	return s.refresh(ctx, true)
}

func (s *Session) refresh(ctx context.Context, force bool) error {
	s.mu.Lock()
	for s.inflight != nil {
		call := s.inflight
		s.mu.Unlock()
		select {
		case <-call.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		if !call.abandoned {
			return call.err
		}
		s.mu.Lock() // its caller gave up: look again, and refresh if still needed
	}
	now := s.c.now()
	switch {
	case s.tokens.AccessToken == "":
		s.mu.Unlock()
		return ErrNoSession
	case !force && now.Add(s.c.cfg.RefreshBefore).Before(s.tokens.ExpiresAt):
		s.mu.Unlock()
		return nil
	case s.tokens.RefreshToken == "":
		// Nothing to refresh with: usable until expiry, then gone.
		expired := !now.Before(s.tokens.ExpiresAt)
		s.mu.Unlock()
		if expired {
			return ErrNoSession
		}
		return nil
	}
	call := &refreshCall{done: make(chan struct{})}
	s.inflight = call
	refreshToken, username := s.tokens.RefreshToken, s.username
	s.mu.Unlock()

	fresh, err := s.c.refreshTokens(ctx, refreshToken, username)

	s.mu.Lock()
	switch {
	case s.tokens.AccessToken == "":
		// Signed out while the refresh was on the wire: the session stays
		// ended, and its new tokens are neither kept nor stored.
		call.err = ErrNoSession
	case err == nil:
		call.err = s.set(fresh)
	case endsSession(err):
		call.err = errors.Join(fmt.Errorf("%w: %w", ErrNoSession, err), s.end())
		s.endedBy = err
	default:
		call.err, call.abandoned = err, ctx.Err() != nil
	}
	s.inflight = nil
	s.mu.Unlock()
	close(call.done)
	return call.err
}

// receivedTokens are tokens just checked, with what was learned from them.
type receivedTokens struct {
	username string
	tokens   Tokens
	drift    time.Duration
}

// refreshTokens asks Cognito for new tokens with a refresh token.
//
// It calls GetTokensFromRefreshToken, as Amplify v6 does: Cognito answers it
// on every app client, and on one with refresh-token rotation it is the only
// refresh there is (REFRESH_TOKEN_AUTH is refused) and its answer carries the
// new refresh token. So the module needs no setting to know whether the
// client rotates: the answer says. UNSURE: Cognito documents that it refuses
// REFRESH_TOKEN_AUTH on a rotating client but not with which exception, so
// trying REFRESH_TOKEN_AUTH first and switching on its refusal would rest on
// a guess (and a guessed NotAuthorizedException would end the session).
// REFRESH_TOKEN_AUTH is kept for a server that answers UnknownOperationException
// to GetTokensFromRefreshToken (an emulator older than rotation), and used
// for the rest of the Client's life once one has.
func (c *Client) refreshTokens(ctx context.Context, refreshToken, username string) (*receivedTokens, error) {
	var result *types.AuthenticationResultType
	if !c.noGetTokens.Load() {
		in := &cip.GetTokensFromRefreshTokenInput{ClientId: &c.cfg.ClientID, RefreshToken: &refreshToken}
		if c.cfg.ClientSecret != "" {
			in.ClientSecret = &c.cfg.ClientSecret
		}
		if key := c.deviceKey(username); key != "" {
			in.DeviceKey = &key // a tracked device must name itself, or the pool tracks a new one
		}
		out, err := c.api.GetTokensFromRefreshToken(ctx, in)
		switch {
		case errors.Is(apiError(err), ErrUnknownOperation):
			c.noGetTokens.Store(true)
		case err != nil:
			return nil, apiError(err)
		default:
			result = out.AuthenticationResult
		}
	}
	if c.noGetTokens.Load() {
		// With a client secret, the hash is over Cognito's username for the
		// user (the access token's username claim), not what the user typed.
		params := map[string]string{"REFRESH_TOKEN": refreshToken}
		if key := c.deviceKey(username); key != "" {
			params["DEVICE_KEY"] = key
		}
		a, err := c.initiate(ctx, types.AuthFlowTypeRefreshTokenAuth, c.withSecretHash(params, username))
		if err != nil {
			return nil, err
		}
		result = a.result
	}
	if result == nil {
		return nil, errors.New("cognito: refresh answered without tokens")
	}
	t := tokensOf(result)
	if t.RefreshToken == "" {
		t.RefreshToken = refreshToken // not rotated: keep using the old one
	}
	return c.verifyTokens(ctx, t)
}

// tokensOf reads the tokens of an AuthenticationResult.
func tokensOf(r *types.AuthenticationResultType) Tokens {
	return Tokens{
		IDToken:      aws.ToString(r.IdToken),
		AccessToken:  aws.ToString(r.AccessToken),
		RefreshToken: aws.ToString(r.RefreshToken),
	}
}

// AdoptTokens verifies tokens the pool has just issued, from any source (a
// sign-in through this Client, the hosted UI's /oauth2/token answer), and
// makes them the stored session. Every session this package starts begins
// here.
//
// The ID and access tokens are required and must both pass the Verifier's
// checks and name the same user; the refresh token is optional (without it
// the session ends when the tokens expire). t.ExpiresAt is ignored: it is
// read from the tokens. The local clock's drift is measured from their iat,
// as amazon-cognito-identity-js does, which is why the tokens must be fresh.
func (c *Client) AdoptTokens(ctx context.Context, t Tokens) (*Session, error) {
	fresh, err := c.verifyTokens(ctx, t)
	if err != nil {
		return nil, err
	}
	s := &Session{c: c}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.set(fresh); err != nil {
		return nil, err
	}
	return s, nil
}

// verifyTokens checks tokens the pool just issued: their signatures, issuer,
// audience and use. It measures the clock drift from their iat first, so the
// time checks run in Cognito's time even when the local clock is off.
func (c *Client) verifyTokens(ctx context.Context, t Tokens) (*receivedTokens, error) {
	t.ExpiresAt = time.Time{}
	id, access, err := decodePair(t)
	if err != nil {
		return nil, err
	}
	drift := c.now().Sub(earlier(id.IssuedAt, access.IssuedAt)).Truncate(time.Second)
	c.serverOffset.Store(int64(drift))
	if id, err = c.verifier.Verify(ctx, t.IDToken, token.UseID); err != nil {
		return nil, fmt.Errorf("cognito: ID token: %w", err)
	}
	if access, err = c.verifier.Verify(ctx, t.AccessToken, token.UseAccess); err != nil {
		return nil, fmt.Errorf("cognito: access token: %w", err)
	}
	if sub := id.String("sub"); sub == "" || sub != access.String("sub") {
		return nil, fmt.Errorf("%w: the ID token's sub %q is not the access token's %q", ErrTokenMismatch, sub, access.String("sub"))
	}
	username := cmp.Or(access.String("username"), id.String("cognito:username"))
	if username == "" {
		return nil, fmt.Errorf("%w: neither token names the username", ErrTokenMismatch)
	}
	t.ExpiresAt = earlier(id.ExpiresAt, access.ExpiresAt).Add(drift)
	return &receivedTokens{username: username, tokens: t, drift: drift}, nil
}

func decodePair(t Tokens) (id, access *token.Decoded, err error) {
	if id, err = token.Decode(t.IDToken); err != nil {
		return nil, nil, fmt.Errorf("cognito: ID token: %w", err)
	}
	if access, err = token.Decode(t.AccessToken); err != nil {
		return nil, nil, fmt.Errorf("cognito: access token: %w", err)
	}
	return id, access, nil
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// startSession turns a sign-in's AuthenticationResult into a stored Session.
func (c *Client) startSession(ctx context.Context, r *types.AuthenticationResultType, report func(Stage)) (*Session, error) {
	report(StageVerifyingTokens)
	return c.AdoptTokens(ctx, tokensOf(r))
}

// set adopts fresh tokens and stores them. s.mu is held.
func (s *Session) set(fresh *receivedTokens) error {
	s.username, s.tokens, s.drift = fresh.username, fresh.tokens, fresh.drift
	s.signalChange()
	return storage.SaveSession(s.c.cfg.Store, s.c.cfg.ClientID, s.username, storage.Tokens{
		IDToken:      s.tokens.IDToken,
		AccessToken:  s.tokens.AccessToken,
		RefreshToken: s.tokens.RefreshToken,
		ClockDrift:   s.drift,
	})
}

// end forgets the tokens, here and in the store. Only this session's user
// is cleared: another user may have signed in since. s.mu is held.
func (s *Session) end() error {
	accessToken := s.tokens.AccessToken
	s.tokens = Tokens{}
	s.signalChange()
	if accessToken == "" {
		return nil // ended already
	}
	return storage.ClearUser(s.c.cfg.Store, s.c.cfg.ClientID, s.username, accessToken)
}

// CurrentSession restores the session a previous sign-in stored, or returns
// ErrNoSession. It reads the store only; the tokens were verified when they
// arrived, and the next Tokens call refreshes them if they have expired.
func (c *Client) CurrentSession(ctx context.Context) (*Session, error) {
	username, st, ok, err := storage.LoadSession(c.cfg.Store, c.cfg.ClientID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNoSession
	}
	t := Tokens{IDToken: st.IDToken, AccessToken: st.AccessToken, RefreshToken: st.RefreshToken}
	id, access, err := decodePair(t)
	if err != nil {
		return nil, fmt.Errorf("%w: stored tokens are unreadable: %v", ErrNoSession, err)
	}
	t.ExpiresAt = earlier(id.ExpiresAt, access.ExpiresAt).Add(st.ClockDrift)
	c.serverOffset.Store(int64(st.ClockDrift))
	return &Session{c: c, username: username, tokens: t, drift: st.ClockDrift}, nil
}
