package userpool_test

import (
	"fmt"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

func ExampleIssuer() {
	fmt.Println(userpool.Issuer(userpool.Endpoint("eu-west-1"), "eu-west-1_AbCdEf123"))
	fmt.Println(userpool.Issuer("http://127.0.0.1:9229", "us-east-1_LocalPool") + userpool.JWKSPath)
	// Output:
	// https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123
	// http://127.0.0.1:9229/us-east-1_LocalPool/.well-known/jwks.json
}

func ExamplePasswordPolicy_Check() {
	for _, c := range userpool.DefaultPasswordPolicy.Check("password1") {
		fmt.Println(c.Rule == userpool.RuleUppercase || c.Rule == userpool.RuleSymbols, c.Met)
	}
	// Output:
	// false true
	// false true
	// true false
	// false true
	// true false
}
