package token

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

const (
	// maxJWKSSize bounds the JWKS response; a pool publishes two keys.
	maxJWKSSize = 64 << 10
	// refetchInterval is the least time between two JWKS fetches caused by
	// unknown key IDs, so forged kids cannot make us hammer the pool.
	refetchInterval = 10 * time.Second
	// minKeyBits is the smallest RSA modulus accepted; Cognito uses 2048 bits.
	minKeyBits = 2048
)

// jwks is the cached key set of one user pool. Its keys are fetched on first
// use and again, at most once per refetchInterval, when a token names a key
// ID it does not hold. Only one fetch runs at a time.
type jwks struct {
	url    string
	client *http.Client
	now    func() time.Time

	mu        sync.Mutex
	keys      map[string]jwk // nil until the first successful fetch
	fetchedAt time.Time      // of the last fetch attempt
	inflight  chan struct{}  // closed when the running fetch ends; nil when none runs
	fetchErr  error          // result of the last fetch
}

// jwk is one key of the set: a usable key or the reason it is not.
type jwk struct {
	key *rsaPublicKey
	err error
}

// key returns the RSA key named kid, fetching the set when needed.
func (s *jwks) key(ctx context.Context, kid string) (*rsaPublicKey, error) {
	keys, err := s.load(ctx, func(keys map[string]jwk) bool { _, ok := keys[kid]; return ok }, true)
	if err != nil {
		return nil, err
	}
	if k, ok := keys[kid]; ok {
		return k.key, k.err
	}
	return nil, unknownKey(kid)
}

// prefetch fetches the set unless it is already held. A failed prefetch
// does not count against refetchInterval, so it cannot hold up the first
// Verify.
func (s *jwks) prefetch(ctx context.Context) error {
	_, err := s.load(ctx, func(keys map[string]jwk) bool { return keys != nil }, false)
	return err
}

// load returns the keys once have accepts them, fetching the set when it
// does not and no fetch that counts (limited) ran in the last
// refetchInterval. It returns the last fetch's error when it cannot fetch.
func (s *jwks) load(ctx context.Context, have func(map[string]jwk) bool, limited bool) (map[string]jwk, error) {
	s.mu.Lock()
	for {
		if have(s.keys) {
			defer s.mu.Unlock()
			return s.keys, nil
		}
		if s.inflight != nil {
			// Another caller is fetching: wait for it, then look again.
			done := s.inflight
			s.mu.Unlock()
			select {
			case <-done:
			case <-ctx.Done():
				return nil, jwksFailure(ctx.Err())
			}
			s.mu.Lock()
			continue
		}
		if !s.fetchedAt.IsZero() && s.now().Sub(s.fetchedAt) < refetchInterval {
			defer s.mu.Unlock()
			return s.keys, s.fetchErr
		}
		break
	}
	done := make(chan struct{})
	s.inflight = done
	previous := s.fetchedAt
	s.fetchedAt = s.now()
	s.mu.Unlock()

	keys, err := s.fetch(ctx)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.inflight = nil
	close(done)
	if err != nil && (ctx.Err() != nil || !limited) {
		// This caller gave up, or only prefetched; that says nothing about
		// the pool worth waiting for, so the next caller may fetch at once.
		s.fetchedAt = previous
		return nil, err
	}
	s.fetchErr = err
	if err != nil {
		return nil, err
	}
	s.keys = keys
	return keys, nil
}

func unknownKey(kid string) error {
	return &VerifyError{Check: "key", Err: fmt.Errorf("%w: kid %q", ErrUnknownKey, kid)}
}

func jwksFailure(err error) error {
	return &VerifyError{Check: "jwks", Err: fmt.Errorf("%w: %w", ErrJWKS, err)}
}

func jwksError(format string, args ...any) error {
	return &VerifyError{Check: "jwks", Err: fmt.Errorf("%w: "+format, append([]any{ErrJWKS}, args...)...)}
}

func (s *jwks) fetch(ctx context.Context) (map[string]jwk, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return nil, jwksFailure(err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, jwksFailure(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, jwksError("GET %s: %s", s.url, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSSize+1))
	if err != nil {
		return nil, jwksError("GET %s: %v", s.url, err)
	}
	if len(body) > maxJWKSSize {
		return nil, jwksError("GET %s: response is larger than %d bytes", s.url, maxJWKSSize)
	}
	return parseJWKS(body)
}

// parseJWKS reads a JSON Web Key Set. Keys that cannot verify RS256 are kept
// with the reason, so a token naming one fails for that reason.
func parseJWKS(body []byte) (map[string]jwk, error) {
	var set userpool.JWKS
	if err := json.Unmarshal(body, &set); err != nil {
		return nil, jwksError("not a JSON Web Key Set: %v", err)
	}
	keys := make(map[string]jwk, len(set.Keys))
	for _, k := range set.Keys {
		if k.Kid == "" {
			continue
		}
		if k.Kty != "RSA" || (k.Alg != "" && k.Alg != "RS256") || (k.Use != "" && k.Use != "sig") {
			keys[k.Kid] = jwk{err: &VerifyError{Check: "key", Err: fmt.Errorf("%w: kid %q is a %s %s key for %q", ErrAlgorithm, k.Kid, k.Kty, k.Alg, k.Use)}}
			continue
		}
		pub, err := rsaKey(k.N, k.E)
		if err != nil {
			keys[k.Kid] = jwk{err: jwksError("kid %q: %v", k.Kid, err)}
			continue
		}
		if bits := pub.n.BitLen(); bits < minKeyBits {
			keys[k.Kid] = jwk{err: &VerifyError{Check: "key", Err: fmt.Errorf("%w: kid %q has %d bits, want at least %d", ErrWeakKey, k.Kid, bits, minKeyBits)}}
			continue
		}
		keys[k.Kid] = jwk{key: pub}
	}
	return keys, nil
}

func rsaKey(n64, e64 string) (*rsaPublicKey, error) {
	n, err := base64.RawURLEncoding.DecodeString(n64)
	if err != nil || len(n) == 0 {
		return nil, fmt.Errorf("modulus n is not base64url")
	}
	e, err := base64.RawURLEncoding.DecodeString(e64)
	if err != nil || len(e) == 0 || len(e) > 4 {
		return nil, fmt.Errorf("exponent e is not a base64url integer of at most 4 bytes")
	}
	var exp uint
	for _, b := range e {
		exp = exp<<8 | uint(b)
	}
	return newRSAPublicKey(n, exp)
}
