package cognito

import (
	"context"
	"io"
	"net/http"
	"strings"

	"filippo.io/bigmod"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/app/token"
	"github.com/cognitowasm/cognitowasm/srp"
)

// warmUp runs the code of an SRP sign-in once with made-up values, answered
// in memory: the SDK's two calls, a claim, decoding a token and an RS256
// check. Nothing is sent and nothing is kept. The browser compiles
// WebAssembly functions on their first call, so without it the first
// sign-in of a page pays, after the click, for compiling the SDK's request
// and response code and the arithmetic of the claim and the RS256 check
// (about 50 ms in Chromium). PrepareSignIn runs it once per Client where
// warmOnPrepare is set (the browser build), while the user types.
//
// It returns the first failure, which only a test looks at: the warm-up
// must run every part for real.
func (c *Client) warmUp(ctx context.Context) error {
	answer := func(o *cip.Options) { o.HTTPClient = cannedAnswers{} }
	id := "warm-up"
	if _, err := c.api.InitiateAuth(ctx, &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: &id,
		AuthParameters: map[string]string{"USERNAME": id, "SRP_A": "2"}}, answer); err != nil {
		return err
	}
	if _, err := c.api.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ChallengeName: types.ChallengeNameTypePasswordVerifier,
		ClientId: &id, ChallengeResponses: map[string]string{"USERNAME": id}, Session: &id}, answer); err != nil {
		return err
	}
	sc, err := srp.NewClient(nil)
	if err != nil {
		return err
	}
	if _, err := sc.Claim(srp.UserIdentity(c.cfg.UserPoolID, id), id, srp.Challenge{Salt: "2a", B: "2", SecretBlock: "d2FybS11cA=="}, c.now()); err != nil {
		return err
	}
	if _, err := token.Decode(cannedToken); err != nil {
		return err
	}
	// The arithmetic of app/token's RS256 check, on an odd 2048-bit modulus.
	n := make([]byte, 256)
	n[0], n[255] = 0x80, 1
	mod, err := bigmod.NewModulus(n)
	if err != nil {
		return err
	}
	s, err := bigmod.NewNat().SetBytes(n[1:], mod)
	if err != nil {
		return err
	}
	s.ExpShortVarTime(s, 65537, mod).Bytes(mod)
	return nil
}

// cannedAnswers answers the warm-up's calls as Cognito answers a sign-in's,
// without a network.
type cannedAnswers struct{}

func (cannedAnswers) Do(r *http.Request) (*http.Response, error) {
	body := `{"AuthenticationResult":{"AccessToken":"` + cannedToken + `","ExpiresIn":3600,"IdToken":"` + cannedToken +
		`","RefreshToken":"warm-up","TokenType":"Bearer"},"ChallengeParameters":{}}`
	if strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".InitiateAuth") {
		body = `{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"2a","SECRET_BLOCK":"d2FybS11cA==","SRP_B":"2",` +
			`"USERNAME":"warm-up","USER_ID_FOR_SRP":"warm-up"}}`
	}
	if r.Body != nil {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}, "X-Amzn-Requestid": {"warm-up"}},
		Body:   io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: r,
	}, nil
}

// cannedToken is a well-formed, unsigned JWT with a Cognito token's claims.
const cannedToken = "eyJraWQiOiJ3YXJtLXVwIiwiYWxnIjoiUlMyNTYifQ." +
	"eyJzdWIiOiJ3YXJtLXVwIiwiaXNzIjoid2FybS11cCIsImNsaWVudF9pZCI6Indhcm0tdXAiLCJ0b2tlbl91c2UiOiJhY2Nlc3MiLCJzY29wZSI6ImF3cy5jb2duaXRvLnNpZ25pbi51c2VyLmFkbWluIiwiYXV0aF90aW1lIjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDM2MDAsImlhdCI6MTcwMDAwMDAwMCwianRpIjoid2FybS11cCIsInVzZXJuYW1lIjoid2FybS11cCJ9." +
	"d2FybS11cA"
