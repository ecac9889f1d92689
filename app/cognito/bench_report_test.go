//go:build !js

package cognito_test

import (
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

// TestDeviceSignInBenchReport appends to $COGNITOWASM_BENCH the median time
// of a sign-in on a remembered device (user SRP, then device SRP in place of
// MFA) next to a plain user-SRP sign-in, both through this package against
// the local pool on loopback, measured in the same run.
func TestDeviceSignInBenchReport(t *testing.T) {
	out := os.Getenv("COGNITOWASM_BENCH")
	if out == "" {
		t.Skip("set COGNITOWASM_BENCH to a file to append benchmark rows to")
	}
	// The user-SRP peer signs in to a pool without device tracking, so it
	// does not register a new device each time.
	plain := localpooltest.New(t)
	plain.CreateUser(t, "plain@example.com", password, nil)
	pc, _ := newClient(t, plain, nil)
	p := mfaPool(t, types.UserPoolMfaTypeOptional)
	p.CreateUser(t, "device@example.com", password, nil)
	c, _ := newClient(t, p, nil)
	s := signIn(t, c, "device@example.com", password, nil)
	setup, err := s.SetUpTOTP(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.VerifyTOTPSetup(ctx, totp(t, p, setup.Secret), ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMFAPreference(ctx, map[cognito.MFAType]cognito.MFAChoice{cognito.MFATOTP: cognito.MFAPreferred}); err != nil {
		t.Fatal(err)
	}
	if err := s.RememberDevice(ctx); err != nil {
		t.Fatal(err)
	}
	// Alternate the two, so a busy machine slows both alike.
	var deviceTimes, userTimes []time.Duration
	for i := range 25 {
		for _, run := range []struct {
			c     *cognito.Client
			name  string
			times *[]time.Duration
		}{{c, "device@example.com", &deviceTimes}, {pc, "plain@example.com", &userTimes}} {
			start := time.Now()
			signIn(t, run.c, run.name, password, nil) // a session: no MFA step on the remembered device
			if i > 0 {                                // the first of each warms up
				*run.times = append(*run.times, time.Since(start))
			}
		}
	}
	median := func(times []time.Duration) time.Duration {
		slices.Sort(times)
		return times[len(times)/2]
	}
	device, user := median(deviceTimes), median(userTimes)
	f, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fmt.Fprintf(f, "cognito\tsign-in on a remembered device (user SRP + device SRP, MFA skipped) p50\t%.1f ms\t%.1f ms user-SRP sign-in\t%.2f\n",
		ms(device), ms(user), float64(device)/float64(user))
	t.Logf("device %v, user %v", device, user)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
