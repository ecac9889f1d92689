package ui

import (
	"context"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// Confirm confirms a new account with the code Cognito sent, and can send
// the code again. Confirming the account just signed up in this tab signs
// the user in, as Amplify's autoSignIn does.
type Confirm struct {
	app.Compo
	accountCode
	unconfirmed bool // a sign-in found the account unconfirmed
	invalid     map[string]string
	req         call
}

func (p *Confirm) OnMount(ctx app.Context) { shared.follow(ctx) }

func (p *Confirm) OnNav(ctx app.Context) {
	p.username, p.unconfirmed = query(ctx, "username"), query(ctx, "why") == "unconfirmed"
	shared.whenReady(ctx, func(ctx app.Context) { arrive(ctx, "Confirm your account") })
}

func (p *Confirm) Render() app.UI {
	// Only a destination Cognito gave this app is shown; one in the URL
	// could say anything.
	sentTo := shared.sentTo(strings.TrimSpace(p.username))
	intro := "Enter the code we sent you to confirm your account."
	if sentTo != "" {
		intro = "We sent a code to " + sentTo + ". Enter it to confirm your account."
	}
	if p.unconfirmed {
		intro = "Your account is not confirmed yet. We sent you a new code: enter it to confirm your account."
		if sentTo != "" {
			intro = "Your account is not confirmed yet. We sent a new code to " + sentTo + ": enter it to confirm your account."
		}
	}
	return cardPage("Confirm your account",
		app.P().ID("confirm-intro").Text(intro),
		app.Form().ID("confirm-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			p.accountCode.render("confirm", p.invalid, p.req.pending),
			p.req.view(),
			p.accountCode.actions("confirm", "Confirm", "Confirming…", "Send a new code", &p.req, p.resend),
		),
		p.accountCode.footer(),
	)
}

// say words the exceptions confirming can meet as its own.
func (p *Confirm) say(username string) []override {
	signIn := []link{{withQuery("/signin", "username", username), "Sign in"}}
	return []override{
		// Cognito refuses to confirm a confirmed account with NotAuthorized.
		{err: cognito.ErrNotAuthorized, text: "This account is already confirmed. Sign in to continue.", links: signIn},
		{err: cognito.ErrUserNotFound, text: "No account was found with that email. Check it, or create an account.",
			links: []link{{pagePath("/signup"), "Create an account"}}},
	}
}

func (p *Confirm) submit(ctx app.Context) {
	p.invalid = map[string]string{}
	p.accountCode.check(p.invalid)
	if len(p.invalid) > 0 {
		p.req.fail(ctx, "Check the highlighted fields.")
		return
	}
	username, code := p.username, p.code
	p.req.say = p.say(username)
	var res *cognito.SignInResult
	p.req.run(ctx, "Confirming…", func(c context.Context) error {
		if err := shared.client.ConfirmSignUp(c, username, code); err != nil {
			return err
		}
		creds, kept := shared.takeSignUp(username) // dropped from memory either way
		// Where the client allows it, the confirmation itself signs the user in;
		// elsewhere the password kept in memory since sign-up does, as Amplify's
		// autoSignIn. A failed automatic sign-in only means signing in by hand.
		r, err := shared.client.SignInAfterSignUp(c, username, nil)
		switch {
		case err == nil:
			if r.Session != nil {
				shared.SetSession(c, r.Session)
			}
			res = r
		case kept:
			if r, err := signInAndKeep(c, creds.username, creds.password, nil); err == nil {
				res = r
			}
		}
		return nil
	}, func(ctx app.Context) {
		if res == nil {
			navigate(ctx, withQuery("/signin", "username", username, "notice", "confirmed"))
			return
		}
		p.req.err = followStep(ctx, res, username)
	})
}

func (p *Confirm) resend(ctx app.Context) {
	p.invalid = map[string]string{}
	p.req.say = p.say(strings.TrimSpace(p.username))
	resendCode(ctx, &p.req, &p.username, p.invalid, shared.client.ResendConfirmationCode)
}
