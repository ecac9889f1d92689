package token_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/cognitowasm/cognitowasm/app/token"
	"github.com/cognitowasm/cognitowasm/app/userpool"
)

func ExampleDecode() {
	// An ID token; Decode reads it without checking the signature.
	raw := "eyJhbGciOiJSUzI1NiIsImtpZCI6ImV4YW1wbGUta2V5In0." +
		"eyJzdWIiOiI4YzFkN2UyYS0xYjNjLTRkNWUtOGY5MC0wMTIzNDU2Nzg5YWIiLCJpc3MiOiJodHRwczovL2NvZ25pdG8taWRwLnVzLWVhc3QtMS5hbWF6b25hd3MuY29tL3VzLWVhc3QtMV9FeGFtcGxlIiwidG9rZW5fdXNlIjoiaWQiLCJhdWQiOiJleGFtcGxlY2xpZW50IiwiY29nbml0bzp1c2VybmFtZSI6ImFsaWNlIiwiZW1haWwiOiJhbGljZUBleGFtcGxlLmNvbSIsImF1dGhfdGltZSI6MTc2NzMyMzA0NSwiaWF0IjoxNzY3MzIzMDQ1LCJleHAiOjE3NjczMjY2NDV9." +
		"c2lnbmF0dXJl"
	d, err := token.Decode(raw)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("kid:", d.Header["kid"])
	fmt.Println("token_use:", d.String("token_use"))
	fmt.Println("user:", d.String("cognito:username"))
	fmt.Println("issued:", d.IssuedAt)
	fmt.Println("expires:", d.ExpiresAt)
	// Output:
	// kid: example-key
	// token_use: id
	// user: alice
	// issued: 2026-01-02 03:04:05 +0000 UTC
	// expires: 2026-01-02 04:04:05 +0000 UTC
}

func ExampleVerifier_Verify() {
	v := token.NewVerifier(token.Config{
		Issuer:   userpool.Issuer(userpool.Endpoint("eu-west-1"), "eu-west-1_AbCdEf123"),
		ClientID: "1example23456789",
	})
	accessToken := "eyJraWQiOi..." // from sign-in
	d, err := v.Verify(context.Background(), accessToken, token.UseAccess)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in as", d.String("username"), "until", d.ExpiresAt)
}

func ExampleVerifier_Prefetch() {
	v := token.NewVerifier(token.Config{
		Issuer:   userpool.Issuer(userpool.Endpoint("eu-west-1"), "eu-west-1_AbCdEf123"),
		ClientID: "1example23456789",
	})
	// As the app starts: the first sign-in then finds the keys in hand.
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := v.Prefetch(ctx); err != nil {
			log.Print("the next Verify will fetch the JWKS again: ", err)
		}
	}()
}

func ExampleVerifyError() {
	v := token.NewVerifier(token.Config{Issuer: userpool.Issuer(userpool.Endpoint("eu-west-1"), "eu-west-1_AbCdEf123")})
	_, err := v.Verify(context.Background(), "not-a-token", token.UseID)
	var verr *token.VerifyError
	if errors.As(err, &verr) {
		fmt.Println("failed check:", verr.Check)
	}
	fmt.Println("malformed:", errors.Is(err, token.ErrMalformed))
	// Output:
	// failed check: format
	// malformed: true
}
