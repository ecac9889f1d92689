//go:build !js

package localpool_test

import (
	"context"
	"encoding/pem"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/internal/jstest"
	"github.com/cognitowasm/cognitowasm/localpool"
)

// TestIdentityJS signs in with amazon-cognito-identity-js (SRP), refreshes,
// changes the password and signs out everywhere, and verifies the tokens with
// aws-jwt-verify. The pool runs on TLS because aws-jwt-verify only fetches
// JWKS over https; node trusts the test certificate via NODE_EXTRA_CA_CERTS.
// The pool uses the real clock here: node checks timestamps against it.
func TestIdentityJS(t *testing.T) {
	modules := jstest.Modules(t)
	srv, err := localpool.Open(localpool.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewTLSServer(srv)
	defer func() {
		hs.Close()
		srv.Close()
	}()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: hs.Certificate().Raw})
	if err := os.WriteFile(caFile, cert, 0o600); err != nil {
		t.Fatal(err)
	}
	poolID, clientID := srv.DefaultPool()
	const username, password = "node@example.com", "First-passw0rd"
	api := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(hs.URL), HTTPClient: hs.Client(),
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")})
	ctx := context.Background()
	if _, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &clientID, Username: aws.String(username), Password: aws.String(password),
		UserAttributes: []types.AttributeType{{Name: aws.String("name"), Value: aws.String("Node")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.AdminConfirmSignUp(ctx, &cip.AdminConfirmSignUpInput{UserPoolId: &poolID, Username: aws.String(username)}); err != nil {
		t.Fatal(err)
	}

	runNode(t, modules, "identityjs.js", 10, "NODE_EXTRA_CA_CERTS="+caFile, "ENDPOINT="+hs.URL,
		"POOL_ID="+poolID, "CLIENT_ID="+clientID, "USERNAME="+username, "PASSWORD="+password, "NEW_PASSWORD=Second-passw0rd")
}
