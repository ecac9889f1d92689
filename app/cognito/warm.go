package cognito

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/cognitowasm/cognitowasm/app/storage"
)

// warmUp signs in, in memory, on a throwaway Client of a made-up pool:
// the SDK's two calls through net/http's client, the claim, the JWKS, both
// tokens' RS256 checks and the stored session, all answered by
// cannedAnswers. Nothing is sent and nothing is kept. The browser compiles
// WebAssembly functions on their first call, so without it the first
// sign-in of a page pays, after the click, for compiling all of that (in
// Chromium about 140 functions and 15 ms on top of the SDK's 50). The first
// PrepareSignIn of a page runs it where warmOnPrepare is set (the browser
// build), while the user types.
//
// Its client's endpoint is the SDK's own for the region; a Client with a
// custom Endpoint resolves it with fixedEndpoint, which stays cold.
//
// It returns the first failure, which only a test looks at: the warm-up
// must run every part for real.
func warmUp(ctx context.Context) error {
	w, err := New(Config{Region: "us-east-1", UserPoolID: "us-east-1_WarmUp", ClientID: warmClientID,
		HTTPClient: &http.Client{Transport: cannedAnswers{}},
		Clock:      func() time.Time { return warmTime },
		Store:      storage.NewMemory(),
	})
	if err != nil {
		return err
	}
	res, err := w.SignIn(ctx, warmUsername, "Warm-up-1", nil)
	if err != nil {
		return err
	}
	if res.Session == nil || res.Session.Username() != warmUsername {
		return errors.New("cognito: the warm-up's sign-in did not end in its session")
	}
	return nil
}

// warmedUp runs warmUp warmUpRuns times once per page: compiled code is
// shared by every Client.
var warmedUp sync.Once

// warmUpRuns is how many times a page runs warmUp. The first run compiles
// each function; the others make the sign-in's hot code (the claim's BigInt
// products, the SDK's JSON, the RS256 checks) hot enough for the engine's
// optimizing tiers before the click. In Chromium four runs took click to
// session from 88 and 115 ms to 80 and 76 ms (two bench runs each); each
// run costs about what a sign-in's own work does (A + claim alone is some
// 17 ms there), in the page's idle time after it is drawn.
const warmUpRuns = 4

const (
	warmClientID = "warmupclient"
	warmUsername = "warm-up"
)

// warmTime is the canned tokens' iat.
var warmTime = time.Unix(1700000000, 0).UTC()

// cannedAnswers answers the warm-up's requests as Cognito answers a
// sign-in's: InitiateAuth with a PASSWORD_VERIFIER challenge,
// RespondToAuthChallenge with tokens, and the JWKS that verifies them.
type cannedAnswers struct{}

func (cannedAnswers) RoundTrip(r *http.Request) (*http.Response, error) {
	body, contentType := `{"AuthenticationResult":{"AccessToken":"`+warmAccessToken+`","ExpiresIn":3600,"IdToken":"`+warmIDToken+
		`","RefreshToken":"warm-up","TokenType":"Bearer"},"ChallengeParameters":{}}`, "application/x-amz-json-1.1"
	switch {
	case strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".InitiateAuth"):
		body = `{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"2a","SECRET_BLOCK":"d2FybS11cA==","SRP_B":"2",` +
			`"USERNAME":"warm-up","USER_ID_FOR_SRP":"warm-up"}}`
	case r.Method == http.MethodGet:
		body, contentType = warmJWKS, "application/json"
	}
	if r.Body != nil {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {contentType}, "X-Amzn-Requestid": {"warm-up"}, "Date": {warmTime.Format(http.TimeFormat)}},
		Body:   io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: r,
	}, nil
}

// The warm-up's tokens, signed by a key made for it alone, whose private
// half was discarded: only the throwaway Client's verifier, given warmJWKS
// for the made-up pool, accepts them.
const (
	warmIDToken = "eyJhbGciOiJSUzI1NiIsImtpZCI6Indhcm0tdXAifQ.eyJhdWQiOiJ3YXJtdXBjbGllbnQiLCJhdXRoX3RpbWUiOjE3MDAwMDAwM" +
		"DAsImNvZ25pdG86dXNlcm5hbWUiOiJ3YXJtLXVwIiwiZW1haWwiOiJ3YXJtLXVwQGV4YW1wbGUuaW52YWxpZCIsImVtYWlsX3Zlc" +
		"mlmaWVkIjp0cnVlLCJldmVudF9pZCI6Indhcm0tdXAiLCJleHAiOjE3MDAwMDM2MDAsImlhdCI6MTcwMDAwMDAwMCwiaXNzIjoia" +
		"HR0cHM6Ly9jb2duaXRvLWlkcC51cy1lYXN0LTEuYW1hem9uYXdzLmNvbS91cy1lYXN0LTFfV2FybVVwIiwianRpIjoid2FybS11c" +
		"CIsIm9yaWdpbl9qdGkiOiJ3YXJtLXVwIiwic3ViIjoid2FybS11cCIsInRva2VuX3VzZSI6ImlkIn0.PwZrDU2NbouI_yTEZXxD9" +
		"HzVFGMapHQgY4eI-TzWbD5tHq7e4Q5ACqMRj6h6z81ETSacYu5IqXxp1exzU_eubh_zvq9yc0W3SPH4cTe18zbbOAFjV7LQAGQly" +
		"rsqW35Bn9BlmJF9UbPAyy089yTAfzS456bSM4RGKBarDD57VjyrHPEkhf7wZAAD6UENZNn-Xq4iOWeqdqrS--_aTsPkszj7ja8y0" +
		"fEcwjK7479H7pQjXsRrg6l_4Svd3zp26jigB-OXXl-WA36X69-VjVhJZj4ecF-DbfrqiBU88y0w0Es3SSnaDHb3P3UKGJ-m6q_aK" +
		"E1YhJv-Zw98MKkLeu4vxw"
	warmAccessToken = "eyJhbGciOiJSUzI1NiIsImtpZCI6Indhcm0tdXAifQ.eyJhdXRoX3RpbWUiOjE3MDAwMDAwMDAsImNsaWVudF9pZCI6Indhcm11c" +
		"GNsaWVudCIsImV2ZW50X2lkIjoid2FybS11cCIsImV4cCI6MTcwMDAwMzYwMCwiaWF0IjoxNzAwMDAwMDAwLCJpc3MiOiJodHRwc" +
		"zovL2NvZ25pdG8taWRwLnVzLWVhc3QtMS5hbWF6b25hd3MuY29tL3VzLWVhc3QtMV9XYXJtVXAiLCJqdGkiOiJ3YXJtLXVwIiwib" +
		"3JpZ2luX2p0aSI6Indhcm0tdXAiLCJzY29wZSI6ImF3cy5jb2duaXRvLnNpZ25pbi51c2VyLmFkbWluIiwic3ViIjoid2FybS11c" +
		"CIsInRva2VuX3VzZSI6ImFjY2VzcyIsInVzZXJuYW1lIjoid2FybS11cCJ9.i06H7FYd9elPv3Rnz2LggA_xCAIJ4gPVPQXbno7s" +
		"DJrb4dx7GqTGmZujupTCEyp86h4VlBfTkhpYgbeJ4bf6RLTHataMuQH08dwZZ_pCVhuKhH_MLMPD2PTvakNc8f1_hikwksP9cXMp" +
		"iCRtRKxLfj-l7veiQgHG8BGml-TpqKM_NB3ikKFn1PaRBmvua5X-tabCGh4ZsChwBviHD8cVv8jYYL5MoHDq5PQ5Cial5PLfRtZn" +
		"mVZJctnfTiu3AYLhj8lz7fDUHOEVpUdwUec_T9y4mho_aiMejqZWI_6uHN3JAjMsZcTQdjcFlp91aQA8tCJY7Wk9RlmoU6l6XdGV" +
		"bw"
	warmJWKS = `{"keys":[{"alg":"RS256","e":"AQAB","kid":"warm-up","kty":"RSA","n":"muq7HQmaRDNanue3hVrfCBnREkBQblnf` +
		`AxPhXAYc3OovwiI1YahPY0ZqkZpeCzixTpiqJzAiGaVuUysoBSWHP_PWt9FnMajxJ6v3lbWMlDjEAU3C-Rs0_4Mtf0oJO5tj9tUK` +
		`f0bgSCyAJCAa-XtefufggyYvIFzTW674yxuXkTn2m1Lt0tBw_DGe8Ym7YZ9MDoYInSWge0fuefKoS4mCMJRcwS4p4HOTdbz-s90v` +
		`X31tNOVwNeM9ERdlPTaLcXCubIhVQSxuD-42PkPBtV468q_ot6ajT-vph2p9ex4F6Yu5Sm1nGF5rhwNYhYPAsTBH39F5Ir31dYk9` +
		`wq72SHUoGQ","use":"sig"}]}`
)
