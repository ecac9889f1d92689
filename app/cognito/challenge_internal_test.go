//go:build !js

package cognito

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/srp"
)

// Every entry of the dispatch table is a challenge Cognito names, and each
// can be answered.
func TestChallengeTable(t *testing.T) {
	known := types.ChallengeNameType("").Values()
	for name, h := range challenges {
		if !slices.Contains(known, name) {
			t.Errorf("challenge %q is not one of Cognito's", name)
		}
		if h.respond == nil {
			t.Errorf("challenge %s has no respond", name)
		}
	}
}

// A step keeps the sign-in without its password or SRP secret, and making
// one leaves the running sign-in as it was.
func TestStepKeepsNoPassword(t *testing.T) {
	sc, err := srp.NewClient(nil)
	if err != nil {
		t.Fatal(err)
	}
	si := &signIn{typed: "ann@example.com", username: "5f3c9a1e", password: "Corr3ct-Horse!", srp: sc}
	a := &authAnswer{challenge: types.ChallengeNameTypeNewPasswordRequired, session: "s1", params: map[string]string{}}
	step := si.newStep(StepNewPasswordRequired, a)
	if step.si.password != "" || step.si.srp != nil {
		t.Errorf("the step keeps the password %q or the SRP client", step.si.password)
	}
	if si.password == "" || si.srp == nil {
		t.Error("newStep cleared the running sign-in's password")
	}
	if step.Username != "5f3c9a1e" || step.si.typed != "ann@example.com" || step.challenge.session != "s1" {
		t.Errorf("step = %+v, sign-in %+v, challenge %+v", step, step.si, step.challenge)
	}
	a.session = "s2"
	if step.challenge.session != "s1" {
		t.Error("the step shares its challenge with the sign-in")
	}
}
