package localpool_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// TestPasswordPolicyEnforced signs up with literal passwords, so the pool's
// enforcement is checked on its own and not against the client's check.
func TestPasswordPolicyEnforced(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	lenient, err := api.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("lenient"),
		Policies: &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{MinimumLength: aws.Int32(10), RequireNumbers: true}}})
	if err != nil {
		t.Fatal(err)
	}
	lenientClient, err := api.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: lenient.UserPool.Id, ClientName: aws.String("web")})
	if err != nil {
		t.Fatal(err)
	}
	const prefix = "Password did not conform with policy: "
	tests := []struct {
		name, clientID, password, message string // message "" means accepted
	}{
		{"default: every class", p.ClientID, "Passw0rd!", ""},
		{"default: space is a symbol", p.ClientID, "Pass w0rd", ""},
		{"default: non-ASCII letters count", p.ClientID, "Ünïcode0!", ""},
		{"default: too short", p.ClientID, "Pa0!", "Password not long enough"},
		{"default: length counts characters", p.ClientID, "Pä0!ää", "Password not long enough"},
		{"default: no lowercase", p.ClientID, "PASSW0RD!", "Password must have lowercase characters"},
		{"default: no uppercase", p.ClientID, "passw0rd!", "Password must have uppercase characters"},
		{"default: no number", p.ClientID, "Password!", "Password must have numeric characters"},
		{"default: no symbol", p.ClientID, "Passw0rdd", "Password must have symbol characters"},
		{"default: length first", p.ClientID, "pass", "Password not long enough"},
		{"lenient: digits and length", *lenientClient.UserPoolClient.ClientId, "aaaaaaaaa1", ""},
		{"lenient: too short", *lenientClient.UserPoolClient.ClientId, "aaaaaaaa1", "Password not long enough"},
		{"lenient: no number", *lenientClient.UserPoolClient.ClientId, "aaaaaaaaaa", "Password must have numeric characters"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &tt.clientID, Username: aws.String(fmt.Sprintf("user%d@example.com", i)),
				Password: aws.String(tt.password)})
			if tt.message == "" {
				if err != nil {
					t.Fatalf("SignUp with %q: %v", tt.password, err)
				}
				return
			}
			wantAPIErrorMessage(t, err, "InvalidPasswordException", prefix+tt.message)
		})
	}
}

// TestPasswordPolicyChangeTakesEffectAtOnce: the operations that name a
// client read a decoded pool record kept between calls; a policy changed by
// UpdateUserPool must hold from the next call on.
func TestPasswordPolicyChangeTakesEffectAtOnce(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	signUp := func(name, password string) error {
		_, err := api.SignUp(ctx, &cip.SignUpInput{ClientId: &p.ClientID, Username: aws.String(name), Password: aws.String(password)})
		return err
	}
	if err := signUp("before@example.com", "Passw0rd!"); err != nil {
		t.Fatal(err)
	}
	for i, minimum := range []int32{12, 8} {
		if _, err := api.UpdateUserPool(ctx, &cip.UpdateUserPoolInput{UserPoolId: &p.UserPoolID,
			Policies: &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{MinimumLength: aws.Int32(minimum)}}}); err != nil {
			t.Fatal(err)
		}
		err := signUp(fmt.Sprintf("after%d@example.com", i), "passwords")
		if minimum == 12 {
			wantAPIErrorMessage(t, err, "InvalidPasswordException", "Password did not conform with policy: Password not long enough")
		} else if err != nil {
			t.Fatalf("SignUp after the minimum went back to 8: %v", err)
		}
	}
}
