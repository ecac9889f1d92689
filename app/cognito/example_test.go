//go:build !js

package cognito_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/storage"
	"github.com/cognitowasm/cognitowasm/localpool"
)

// The examples run against a local pool, as `make run` starts one. Against
// Amazon Cognito, leave Endpoint empty.
func Example() {
	ctx := context.Background()
	cfg, stop := startLocalPool()
	defer stop()

	c, err := cognito.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	up, err := c.SignUp(ctx, cognito.SignUpInput{
		Username:   "ana@example.com",
		Password:   "Corr3ct-Horse!",
		Attributes: map[string]string{"name": "Ana"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("code sent by", up.Delivery.Medium)

	if err := c.ConfirmSignUp(ctx, "ana@example.com", inboxCode(cfg, "ana@example.com")); err != nil {
		log.Fatal(err)
	}
	res, err := c.SignIn(ctx, "ana@example.com", "Corr3ct-Horse!", nil) // SRP
	if err != nil {
		log.Fatal(err)
	}
	user, err := res.Session.User(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in:", user.Attributes["name"], user.Attributes["email"])
	// Output:
	// code sent by EMAIL
	// signed in: Ana ana@example.com
}

// SignIn returns a session or the step the user must take next.
func ExampleClient_SignIn() {
	ctx := context.Background()
	cfg, stop := startLocalPool()
	defer stop()
	c, _ := cognito.New(cfg)
	signUp(c, cfg, "bo@example.com", "Corr3ct-Horse!")

	res, err := c.SignIn(ctx, "bo@example.com", "Corr3ct-Horse!", &cognito.SignInOptions{
		Flow:     cognito.FlowSRP,
		Progress: func(s cognito.Stage) { /* update a spinner */ },
	})
	switch {
	case err != nil:
		fmt.Println(err)
	case res.Step() == cognito.StepDone:
		fmt.Println("signed in")
	case res.Step() == cognito.StepNewPasswordRequired:
		// Ask for a new password and res.Next.RequiredAttributes, then:
		// c.ConfirmSignIn(ctx, res.Next, cognito.Answer{Response: newPassword, UserAttributes: attrs})
	case res.Step() == cognito.StepConfirmSignUp:
		// Ask for the emailed code, then c.ConfirmSignUp(ctx, res.Next.Username, code).
	}

	_, err = c.SignIn(ctx, "bo@example.com", "not-the-password", nil)
	fmt.Println(errors.Is(err, cognito.ErrNotAuthorized))
	// Output:
	// signed in
	// true
}

// ConfirmSignIn answers the step a sign-in stopped at, whatever its kind:
// here an administrator created the user with a temporary password, so the
// user must choose their own.
func ExampleClient_ConfirmSignIn() {
	ctx := context.Background()
	cfg, stop := startLocalPool()
	defer stop()
	c, _ := cognito.New(cfg)
	admin := cip.New(cip.Options{Region: cfg.Region, BaseEndpoint: &cfg.Endpoint,
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")})
	if _, err := admin.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &cfg.UserPoolID,
		Username: aws.String("gus@example.com"), TemporaryPassword: aws.String("Temp-Pass1!"),
		MessageAction: types.MessageActionTypeSuppress}); err != nil {
		log.Fatal(err)
	}

	res, err := c.SignIn(ctx, "gus@example.com", "Temp-Pass1!", nil)
	for err == nil && res.Next != nil {
		fmt.Println("step:", res.Step())
		var answer cognito.Answer
		switch res.Step() { // in an app, each kind is answered by its own page
		case cognito.StepNewPasswordRequired:
			answer = cognito.Answer{Response: "Corr3ct-Horse!", UserAttributes: map[string]string{}}
			for _, name := range res.Next.RequiredAttributes {
				answer.UserAttributes[name] = "ask the user"
			}
		default:
			log.Fatalf("no answer for %s", res.Step())
		}
		res, err = c.ConfirmSignIn(ctx, res.Next, answer)
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("step:", res.Step(), "as", res.Session.Username() != "")
	// Output:
	// step: CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED
	// step: DONE as true
}

// A sign-in page prepares the SRP work that needs no user as it appears, so
// the sign-in itself starts at once.
func ExampleClient_PrepareSignIn() {
	ctx := context.Background()
	cfg, stop := startLocalPool()
	defer stop()
	c, _ := cognito.New(cfg)
	signUp(c, cfg, "eli@example.com", "Corr3ct-Horse!")

	// As the page appears (in the browser: in a goroutine, so it renders first):
	if err := c.PrepareSignIn(); err != nil {
		log.Fatal(err)
	}
	// When the user submits the form:
	res, err := c.SignIn(ctx, "eli@example.com", "Corr3ct-Horse!", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Step())
	// Output:
	// DONE
}

// AdoptTokens makes tokens the pool issued through another route into this
// client's session: the hosted UI's /oauth2/token answer, say, or (here) a
// sign-in made with the AWS SDK directly.
func ExampleClient_AdoptTokens() {
	ctx := context.Background()
	cfg, stop := startLocalPool()
	defer stop()
	c, _ := cognito.New(cfg)
	signUp(c, cfg, "fay@example.com", "Corr3ct-Horse!")

	api := cip.New(cip.Options{Region: cfg.Region, BaseEndpoint: &cfg.Endpoint, Credentials: aws.AnonymousCredentials{}})
	out, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &cfg.ClientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "fay@example.com", "PASSWORD": "Corr3ct-Horse!"}})
	if err != nil {
		log.Fatal(err)
	}
	r := out.AuthenticationResult
	s, err := c.AdoptTokens(ctx, cognito.Tokens{
		IDToken:      aws.ToString(r.IdToken),
		AccessToken:  aws.ToString(r.AccessToken),
		RefreshToken: aws.ToString(r.RefreshToken),
	})
	if err != nil {
		log.Fatal(err) // a token failed verification: nothing was stored
	}
	user, err := s.User(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in:", user.Attributes["email"])

	_, err = c.AdoptTokens(ctx, cognito.Tokens{IDToken: "eyJ...", AccessToken: "eyJ..."})
	fmt.Println(err != nil)
	// Output:
	// signed in: fay@example.com
	// true
}

// Tokens gives tokens for an API call, refreshed first when they are about
// to expire. CurrentSession restores a stored session, e.g. after a reload.
func ExampleSession_Tokens() {
	ctx := context.Background()
	cfg, stop := startLocalPool()
	defer stop()
	cfg.Store = storage.NewMemory() // in the browser: storage.NewLocalStorage()
	c, _ := cognito.New(cfg)
	signUp(c, cfg, "cy@example.com", "Corr3ct-Horse!")
	if _, err := c.SignIn(ctx, "cy@example.com", "Corr3ct-Horse!", nil); err != nil {
		log.Fatal(err)
	}

	// Later, e.g. after the page reloads:
	s, err := c.CurrentSession(ctx)
	if errors.Is(err, cognito.ErrNoSession) {
		fmt.Println("show the sign-in form")
		return
	}
	tok, err := s.Tokens(ctx)
	if err != nil {
		log.Fatal(err)
	}
	req, _ := http.NewRequest("GET", "https://api.example.com/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	fmt.Println("token for", s.Username() != "", "expires later:", tok.ExpiresAt.After(time.Now()))

	if err := s.SignOut(ctx); err != nil {
		log.Fatal(err)
	}
	_, err = c.CurrentSession(ctx)
	fmt.Println(errors.Is(err, cognito.ErrNoSession))
	// Output:
	// token for true expires later: true
	// true
}

// Errors Cognito answers with carry its exception name, and match the
// package's sentinels with errors.Is.
func ExampleError() {
	ctx := context.Background()
	cfg, stop := startLocalPool()
	defer stop()
	c, _ := cognito.New(cfg)

	_, err := c.SignUp(ctx, cognito.SignUpInput{Username: "dee@example.com", Password: "short"})
	var ce *cognito.Error
	if errors.As(err, &ce) {
		fmt.Println(ce.Code)
	}
	fmt.Println(errors.Is(err, cognito.ErrInvalidPassword))
	// Output:
	// InvalidPasswordException
	// true
}

// startLocalPool starts a local pool on an httptest server and returns a
// Config for its default pool and client.
func startLocalPool() (cognito.Config, func()) {
	dir, err := os.MkdirTemp("", "cognito-example-")
	if err != nil {
		log.Fatal(err)
	}
	srv, err := localpool.Open(localpool.Options{DataDir: dir})
	if err != nil {
		log.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	poolID, clientID := srv.DefaultPool()
	cfg := cognito.Config{Region: "us-east-1", UserPoolID: poolID, ClientID: clientID, Endpoint: hs.URL}
	return cfg, func() {
		hs.Close()
		srv.Close()
		os.RemoveAll(dir)
	}
}

// signUp creates and confirms a user through the ordinary API.
func signUp(c *cognito.Client, cfg cognito.Config, username, pw string) {
	ctx := context.Background()
	if _, err := c.SignUp(ctx, cognito.SignUpInput{Username: username, Password: pw}); err != nil {
		log.Fatal(err)
	}
	if err := c.ConfirmSignUp(ctx, username, inboxCode(cfg, username)); err != nil {
		log.Fatal(err)
	}
}

// inboxCode reads the newest code the local pool "sent" to username.
func inboxCode(cfg cognito.Config, username string) string {
	resp, err := http.Get(cfg.Endpoint + "/_local/inbox?" + url.Values{"username": {username}}.Encode())
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var inbox struct {
		Messages []struct{ Code string } `json:"messages"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&inbox); err != nil || len(inbox.Messages) == 0 {
		log.Fatalf("inbox of %s: %v", username, err)
	}
	return inbox.Messages[0].Code
}
