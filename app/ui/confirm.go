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
	username, code string
	unconfirmed    bool // a sign-in found the account unconfirmed
	invalid        map[string]string
	req            call
}

func (p *Confirm) OnMount(ctx app.Context) { shared.follow(ctx) }

func (p *Confirm) OnNav(ctx app.Context) {
	p.username, p.unconfirmed = query(ctx, "username"), query(ctx, "why") == "unconfirmed"
	shared.whenReady(ctx, func(ctx app.Context) { arrive(ctx, "Confirm your account") })
}

func (p *Confirm) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
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
	return frame(false, app.Div().Class("card").Body(
		heading("Confirm your account"),
		app.P().ID("confirm-intro").Text(intro),
		app.Form().ID("confirm-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			field{id: "confirm-username", label: "Email or user name", autocomplete: "username", value: &p.username,
				invalid: p.invalid["username"], required: true, disabled: p.req.pending}.render(),
			field{id: "confirm-code", label: "Code", autocomplete: "one-time-code", inputMode: "numeric", value: &p.code,
				invalid: p.invalid["code"], required: true, disabled: p.req.pending}.render(),
			p.req.view(),
			app.Div().Class("actions").Body(
				submit("confirm-submit", "Confirm", "Confirming…", &p.req),
				app.Button().ID("confirm-resend").Type("button").Class("secondary").Disabled(p.req.pending).
					Text("Send a new code").OnClick(func(ctx app.Context, e app.Event) { p.resend(ctx) }),
			),
		),
		inboxHint(strings.TrimSpace(p.username)),
		app.Div().Class("links").Body(app.A().Href(pagePath("/signin")).Text("Back to sign in")),
	))
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
	p.username, p.code = strings.TrimSpace(p.username), strings.TrimSpace(p.code)
	p.invalid = map[string]string{}
	if msg := checkUsername(p.username); msg != "" {
		p.invalid["username"] = msg
	}
	if msg := checkCode(p.code); msg != "" {
		p.invalid["code"] = msg
	}
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

// resendCode asks send for a new code to *username (trimmed first), and
// says where it went. A bad username is marked in invalid.
func resendCode(ctx app.Context, req *call, username *string, invalid map[string]string,
	send func(context.Context, string) (*cognito.CodeDelivery, error)) {
	*username = strings.TrimSpace(*username)
	if msg := checkUsername(*username); msg != "" {
		invalid["username"] = msg
		req.fail(ctx, msg)
		return
	}
	name := *username
	var d *cognito.CodeDelivery
	req.run(ctx, "Sending a new code…", func(c context.Context) (err error) {
		d, err = send(c, name)
		return err
	}, func(app.Context) {
		shared.sentCode(name, d)
		req.notice = "We sent a new code. Enter it above."
		if d != nil && d.Destination != "" {
			req.notice = "We sent a new code to " + d.Destination + ". Enter it above."
		}
	})
}

// inboxHint links to the local pool's inbox, where its codes "arrive".
func inboxHint(username string) app.UI {
	u := shared.cfg.InboxURL(username)
	if u == "" || username == "" {
		return nil
	}
	return app.P().Class("muted").ID("inbox-hint").Body(
		app.Text("Local pool: codes are not emailed, read them in "),
		app.A().Href(u).Target("_blank").Rel("noopener").Text("the inbox"),
		app.Text("."),
	)
}
