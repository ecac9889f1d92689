package hostedui_test

import (
	"context"
	"fmt"
	"net/url"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/hostedui"
)

// A sign-in through the hosted UI: Start before the redirect, Callback on
// the page the hosted UI sends the browser back to.
func ExampleClient_Start() {
	users, _ := cognito.New(cognito.Config{Region: "us-east-1", UserPoolID: "us-east-1_Example", ClientID: "exampleclient"})
	hosted, _ := hostedui.New(hostedui.Config{
		Domain:         "example.auth.us-east-1.amazoncognito.com",
		ClientID:       "exampleclient",
		RedirectSignIn: "https://app.example.com/callback",
	}, users)
	authURL, _ := hosted.Start(context.Background(), nil)
	u, _ := url.Parse(authURL)
	fmt.Println(u.Host + u.Path)
	fmt.Println(u.Query().Get("code_challenge_method"), u.Query().Get("scope"))

	// A federated provider is the same call with its name: the hosted UI
	// goes straight to the provider.
	authURL, _ = hosted.Start(context.Background(), &hostedui.StartOptions{Provider: "Google"})
	u, _ = url.Parse(authURL)
	fmt.Println(u.Query().Get("identity_provider"))
	// Output:
	// example.auth.us-east-1.amazoncognito.com/oauth2/authorize
	// S256 openid email profile aws.cognito.signin.user.admin
	// Google
}

// An error redirect becomes a typed error with a sentence for the user.
func ExampleMessage() {
	users, _ := cognito.New(cognito.Config{Region: "us-east-1", UserPoolID: "us-east-1_Example", ClientID: "exampleclient"})
	hosted, _ := hostedui.New(hostedui.Config{Domain: "auth.example.com", ClientID: "exampleclient",
		RedirectSignIn: "https://app.example.com/callback"}, users)
	back, _ := url.Parse("https://app.example.com/callback?error=access_denied&error_description=denied")
	_, err := hosted.Callback(context.Background(), back)
	fmt.Println(err)
	fmt.Println(hostedui.Message(err))
	// Output:
	// hostedui: access_denied: denied
	// The sign-in was declined. You can try again.
}
