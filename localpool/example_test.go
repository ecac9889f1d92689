package localpool_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool"
)

// Run a local pool and sign in to it with the AWS SDK.
func Example() {
	dir, err := os.MkdirTemp("", "localpool")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	srv, err := localpool.Open(localpool.Options{DataDir: dir})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	hs := httptest.NewServer(srv)
	defer hs.Close()

	poolID, clientID := srv.DefaultPool()
	api := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(hs.URL),
		Credentials: credentials.NewStaticCredentialsProvider("any", "any", "")})
	ctx := context.Background()
	username, password := "ann@example.com", "Passw0rd!"
	if _, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &clientID, Username: &username, Password: &password}); err != nil {
		log.Fatal(err)
	}
	if _, err := api.AdminConfirmSignUp(ctx, &cip.AdminConfirmSignUpInput{UserPoolId: &poolID, Username: &username}); err != nil {
		log.Fatal(err)
	}
	out, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(poolID, aws.ToString(out.AuthenticationResult.TokenType), out.AuthenticationResult.ExpiresIn)
	// Output: us-east-1_LocalPool Bearer 3600
}
