//go:build !js

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/token"
)

func init() {
	for _, c := range []command{
		{"signup", "create an account (password from the terminal or -password-stdin)", runSignUp},
		{"confirm", "confirm an account with the code it was sent", runConfirm},
		{"signin", "sign in and save the session (-flow srp|password|admin)", runSignIn},
		{"refresh", "refresh the saved session's tokens", runRefresh},
		{"whoami", "show the signed-in user and their attributes", runWhoAmI},
		{"attr", "attr set name=value... | delete name... | verify name [code]", runAttr},
		{"passwd", "change the signed-in user's password", runPasswd},
		{"forgot", "send a password reset code", runForgot},
		{"reset", "set a new password with a reset code", runReset},
		{"signout", "sign out (-global: on every device)", runSignOut},
		{"token", "decode and verify a JWT (argument or stdin)", runToken},
	} {
		register(c)
	}
}

// newFlagSet returns a command's flag set with the shared pool flags.
func newFlagSet(name string, std stdio) (*flag.FlagSet, *poolFlags) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(std.err)
	return fs, addPoolFlags(fs)
}

func runSignUp(ctx context.Context, args []string, std stdio) error {
	fs, pf := newFlagSet("signup", std)
	attrs := attrFlag{}
	fs.Var(attrs, "attr", "attribute `name=value`, repeatable (e.g. -attr name=Ana)")
	rest, c, err := pf.connect(ctx, fs, args, 1, 1, "USERNAME")
	if err != nil {
		return err
	}
	pw, err := pf.passwords(std).read("Password")
	if err != nil {
		return err
	}
	res, err := c.SignUp(ctx, cognito.SignUpInput{Username: rest[0], Password: pw, Attributes: attrs})
	if err != nil {
		return explain(err)
	}
	fmt.Fprintf(std.out, "Signed up %s (sub %s).\n", rest[0], res.UserSub)
	switch {
	case res.UserConfirmed:
		fmt.Fprintln(std.out, "The account is confirmed: sign in with `cognitowasm signin`.")
	case res.Delivery != nil:
		printDelivery(std.out, res.Delivery)
		fmt.Fprintln(std.out, "Confirm with `cognitowasm confirm USERNAME CODE`.")
	}
	return nil
}

func runConfirm(ctx context.Context, args []string, std stdio) error {
	fs, pf := newFlagSet("confirm", std)
	resend := fs.Bool("resend", false, "send a new code instead of confirming")
	rest, c, err := pf.connect(ctx, fs, args, 1, 2, "USERNAME CODE | -resend USERNAME")
	if err != nil {
		return err
	}
	if *resend {
		d, err := c.ResendConfirmationCode(ctx, rest[0])
		if err != nil {
			return explain(err)
		}
		printDelivery(std.out, d)
		return nil
	}
	if len(rest) != 2 {
		return &exitError{code: 2, err: errors.New("want USERNAME CODE")}
	}
	if err := c.ConfirmSignUp(ctx, rest[0], rest[1]); err != nil {
		return explain(err)
	}
	fmt.Fprintf(std.out, "Confirmed %s.\n", rest[0])
	return nil
}

var flows = map[string]cognito.Flow{"srp": cognito.FlowSRP, "password": cognito.FlowPassword, "admin": cognito.FlowAdmin}

func runSignIn(ctx context.Context, args []string, std stdio) error {
	fs, pf := newFlagSet("signin", std)
	flow := fs.String("flow", "srp", "authentication flow: srp, password or admin (AWS credentials)")
	profile := fs.String("profile", "", "AWS shared-config profile for -flow admin")
	remember := fs.Bool("remember", false, "remember this device, where the pool leaves it to the user")
	asJSON := fs.Bool("json", false, "print the AuthenticationResult as JSON (it contains the tokens)")
	attrs := attrFlag{}
	fs.Var(attrs, "attr", "`name=value` for attributes a new-password step requires, repeatable")
	rest, err := parseArgs(fs, args, 1, 1, "USERNAME")
	if err != nil {
		return err
	}
	f, ok := flows[*flow]
	if !ok {
		return &exitError{code: 2, err: fmt.Errorf("unknown -flow %q: want srp, password or admin", *flow)}
	}
	c, err := pf.newClient(ctx)
	if err != nil {
		return err
	}
	pws := pf.passwords(std)
	pw, err := pws.read("Password")
	if err != nil {
		return err
	}
	res, err := c.SignIn(ctx, rest[0], pw, &cognito.SignInOptions{Flow: f, AWSProfile: *profile, RememberDevice: *remember})
	if err != nil {
		return explain(err)
	}
	for res.Next != nil {
		ask, ok := signInSteps[res.Step()]
		if !ok {
			break
		}
		answer, err := ask(res.Next, stepInput{std: std, passwords: pws, attrs: attrs})
		if err != nil {
			return err
		}
		if res, err = c.ConfirmSignIn(ctx, res.Next, answer); err != nil {
			return explain(err)
		}
	}
	switch res.Step() {
	case cognito.StepDone:
	case cognito.StepConfirmSignUp:
		return fmt.Errorf("%s is not confirmed yet: run `cognitowasm confirm %s CODE` (or `confirm -resend %s`)", rest[0], rest[0], rest[0])
	default:
		return fmt.Errorf("sign-in needs a step this command does not handle yet: %s", res.Step())
	}
	t, err := res.Session.Tokens(ctx)
	if err != nil {
		return explain(err)
	}
	if *asJSON {
		return printAuthenticationResult(std.out, t, time.Now())
	}
	fmt.Fprintf(std.out, "Signed in as %s. Tokens valid until %s.\n", res.Session.Username(), t.ExpiresAt.Format(time.RFC3339))
	return nil
}

// printAuthenticationResult prints tokens in the shape of Cognito's AuthenticationResult.
func printAuthenticationResult(w io.Writer, t cognito.Tokens, now time.Time) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		AccessToken  string
		ExpiresIn    int64
		IdToken      string
		RefreshToken string
		TokenType    string
	}{t.AccessToken, int64(t.ExpiresAt.Sub(now).Round(time.Second) / time.Second), t.IDToken, t.RefreshToken, "Bearer"})
}

// connect parses the command line, then builds the client.
func (pf *poolFlags) connect(ctx context.Context, fs *flag.FlagSet, args []string, min, max int, usage string) ([]string, *cognito.Client, error) {
	rest, err := parseArgs(fs, args, min, max, usage)
	if err != nil {
		return nil, nil, err
	}
	c, err := pf.newClient(ctx)
	return rest, c, err
}

// restore parses the command line, then restores the session a signin saved.
func (pf *poolFlags) restore(ctx context.Context, fs *flag.FlagSet, args []string, min, max int, usage string) ([]string, *cognito.Session, error) {
	rest, err := parseArgs(fs, args, min, max, usage)
	if err != nil {
		return nil, nil, err
	}
	s, err := pf.currentSession(ctx)
	return rest, s, err
}

// currentSession restores the session a signin saved.
func (pf *poolFlags) currentSession(ctx context.Context) (*cognito.Session, error) {
	c, err := pf.newClient(ctx)
	if err != nil {
		return nil, err
	}
	s, err := c.CurrentSession(ctx)
	return s, explain(err)
}

func runRefresh(ctx context.Context, args []string, std stdio) error {
	fs, pf := newFlagSet("refresh", std)
	_, s, err := pf.restore(ctx, fs, args, 0, 0, "")
	if err != nil {
		return err
	}
	if err := s.Refresh(ctx); err != nil {
		return explain(err)
	}
	fmt.Fprintf(std.out, "Refreshed %s. Tokens valid until %s.\n", s.Username(), s.ExpiresAt().Format(time.RFC3339))
	return nil
}

func runWhoAmI(ctx context.Context, args []string, std stdio) error {
	fs, pf := newFlagSet("whoami", std)
	_, s, err := pf.restore(ctx, fs, args, 0, 0, "")
	if err != nil {
		return err
	}
	u, err := s.User(ctx)
	if err != nil {
		return explain(err)
	}
	fmt.Fprintf(std.out, "username: %s\n", u.Username)
	for _, name := range slices.Sorted(maps.Keys(u.Attributes)) {
		fmt.Fprintf(std.out, "  %s: %s\n", name, u.Attributes[name])
	}
	if u.PreferredMFA != "" {
		fmt.Fprintf(std.out, "preferred MFA: %s\n", u.PreferredMFA)
	}
	fmt.Fprintf(std.out, "tokens valid until: %s\n", s.ExpiresAt().Format(time.RFC3339))
	return nil
}

func runAttr(ctx context.Context, args []string, std stdio) error {
	fs, pf := newFlagSet("attr", std)
	const usage = "set name=value... | delete name... | verify name [code]"
	rest, err := parseArgs(fs, args, 2, 64, usage)
	if err != nil {
		return err
	}
	verb, names := rest[0], rest[1:]
	attrs := attrFlag{}
	switch {
	case verb == "set":
		for _, kv := range names {
			if err := attrs.Set(kv); err != nil {
				return &exitError{code: 2, err: fmt.Errorf("%q: %v", kv, err)}
			}
		}
	case verb == "verify" && len(names) > 2:
		return &exitError{code: 2, err: errors.New("want: verify name [code]")}
	case verb != "delete" && verb != "verify":
		return &exitError{code: 2, err: fmt.Errorf("unknown attr command %q: want %s", verb, usage)}
	}
	s, err := pf.currentSession(ctx)
	if err != nil {
		return err
	}
	switch {
	case verb == "set":
		ds, err := s.UpdateAttributes(ctx, attrs)
		if err != nil {
			return explain(err)
		}
		fmt.Fprintf(std.out, "Updated %s.\n", strings.Join(slices.Sorted(maps.Keys(attrs)), ", "))
		for i := range ds {
			printDelivery(std.out, &ds[i])
		}
	case verb == "delete":
		if err := s.DeleteAttributes(ctx, names...); err != nil {
			return explain(err)
		}
		fmt.Fprintf(std.out, "Deleted %s.\n", strings.Join(names, ", "))
	case len(names) == 1: // verify: send a code
		d, err := s.SendAttributeCode(ctx, names[0])
		if err != nil {
			return explain(err)
		}
		printDelivery(std.out, d)
	default: // verify: check the code
		if err := s.VerifyAttribute(ctx, names[0], names[1]); err != nil {
			return explain(err)
		}
		fmt.Fprintf(std.out, "Verified %s.\n", names[0])
	}
	return nil
}

func runPasswd(ctx context.Context, args []string, std stdio) error {
	fs, pf := newFlagSet("passwd", std)
	_, s, err := pf.restore(ctx, fs, args, 0, 0, "")
	if err != nil {
		return err
	}
	pws := pf.passwords(std)
	oldPw, err := pws.read("Current password")
	if err != nil {
		return err
	}
	newPw, err := pws.read("New password")
	if err != nil {
		return err
	}
	if err := s.ChangePassword(ctx, oldPw, newPw); err != nil {
		return explain(err)
	}
	fmt.Fprintln(std.out, "Password changed.")
	return nil
}

func runForgot(ctx context.Context, args []string, std stdio) error {
	fs, pf := newFlagSet("forgot", std)
	rest, c, err := pf.connect(ctx, fs, args, 1, 1, "USERNAME")
	if err != nil {
		return err
	}
	d, err := c.ForgotPassword(ctx, rest[0])
	if err != nil {
		return explain(err)
	}
	printDelivery(std.out, d)
	fmt.Fprintln(std.out, "Set a new password with `cognitowasm reset USERNAME CODE`.")
	return nil
}

func runReset(ctx context.Context, args []string, std stdio) error {
	fs, pf := newFlagSet("reset", std)
	rest, c, err := pf.connect(ctx, fs, args, 2, 2, "USERNAME CODE")
	if err != nil {
		return err
	}
	pw, err := pf.passwords(std).read("New password")
	if err != nil {
		return err
	}
	if err := c.ConfirmForgotPassword(ctx, rest[0], rest[1], pw); err != nil {
		return explain(err)
	}
	fmt.Fprintln(std.out, "Password reset. Sign in with the new password.")
	return nil
}

func runSignOut(ctx context.Context, args []string, std stdio) error {
	fs, pf := newFlagSet("signout", std)
	global := fs.Bool("global", false, "sign out on every device (revokes all refresh tokens)")
	_, s, err := pf.restore(ctx, fs, args, 0, 0, "")
	if err != nil {
		return err
	}
	signOut := s.SignOut
	if *global {
		signOut = s.GlobalSignOut
	}
	if err := signOut(ctx); err != nil {
		return explain(err)
	}
	fmt.Fprintf(std.out, "Signed out %s.\n", s.Username())
	return nil
}

// maxTokenInput bounds a JWT read from stdin; Cognito's are a few kilobytes.
const maxTokenInput = 64 << 10

func runToken(ctx context.Context, args []string, std stdio) error {
	fs, pf := newFlagSet("token", std)
	rest, err := parseArgs(fs, args, 0, 1, "[JWT]  (or the JWT on stdin)")
	if err != nil {
		return err
	}
	var raw string
	if len(rest) == 1 {
		raw = rest[0]
	} else {
		b, err := io.ReadAll(io.LimitReader(std.in, maxTokenInput+1))
		if err != nil {
			return err
		}
		if len(b) > maxTokenInput {
			return fmt.Errorf("token on stdin is longer than %d bytes", maxTokenInput)
		}
		raw = string(b)
	}
	raw = strings.TrimSpace(raw)
	d, err := token.Decode(raw)
	if err != nil {
		return err
	}
	if err := printDecoded(std.out, d, time.Now()); err != nil {
		return err
	}
	c, err := pf.newClient(ctx)
	if err == nil {
		_, err = c.Verifier().Verify(ctx, raw, token.UseAny)
	}
	if err != nil {
		fmt.Fprintf(std.out, "verified: no\n")
		return &exitError{code: 1, err: fmt.Errorf("not verified: %w", err)}
	}
	fmt.Fprintf(std.out, "verified: yes (issuer %s)\n", c.Issuer())
	return nil
}

func printDecoded(w io.Writer, d *token.Decoded, now time.Time) error {
	for _, part := range []struct {
		name string
		m    map[string]any
	}{{"header", d.Header}, {"claims", d.Claims}} {
		b, err := json.MarshalIndent(part.m, "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: %s\n", part.name, b)
	}
	for _, t := range []struct {
		name string
		at   time.Time
	}{{"issued", d.IssuedAt}, {"expires", d.ExpiresAt}, {"auth time", d.AuthTime}} {
		if !t.at.IsZero() {
			fmt.Fprintf(w, "%s: %s (%s)\n", t.name, t.at.UTC().Format(time.RFC3339), relative(t.at, now))
		}
	}
	return nil
}

func relative(t, now time.Time) string {
	d := t.Sub(now).Round(time.Second)
	if d < 0 {
		return (-d).String() + " ago"
	}
	return "in " + d.String()
}

func printDelivery(w io.Writer, d *cognito.CodeDelivery) {
	if d != nil {
		fmt.Fprintf(w, "Code sent by %s to %s (%s).\n", strings.ToLower(d.Medium), d.Destination, d.Attribute)
	}
}
