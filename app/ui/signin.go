package ui

import (
	"context"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// SignIn signs a user in with SRP, or with USER_PASSWORD_AUTH when the
// advanced switch says so, and follows the steps Cognito asks for.
type SignIn struct {
	app.Compo
	username, password string
	shown              bool
	passwordFlow       bool
	invalid            map[string]string
	req                call
	out                call // signing out the user already signed in
}

// notices are the messages other pages leave for the sign-in page.
var notices = map[string]string{
	"confirmed": "Your account is confirmed. Sign in to continue.",
	"reset":     "Your password has been reset. Sign in with the new one.",
	"signedout": "You are signed out.",
	"deleted":   "Your account has been deleted.",
}

// OnMount does the SRP work that needs no user while the user types, so
// the sign-in starts at once. Should it fail, SignIn does it itself and
// reports the failure.
func (p *SignIn) OnMount(ctx app.Context) {
	shared.follow(ctx)
	p.out.id = "signin-signout"
	shared.whenReady(ctx, func(ctx app.Context) {
		if client := shared.client; client != nil {
			ctx.Async(func() { client.PrepareSignIn() })
		}
	})
}

func (p *SignIn) OnNav(ctx app.Context) {
	p.username = query(ctx, "username")
	p.req.notice = notices[query(ctx, "notice")]
	shared.whenReady(ctx, func(ctx app.Context) { arrive(ctx, "Sign in") })
}

func (p *SignIn) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	var current app.UI
	if sess, t := shared.Session(); sess != nil {
		who := displayName(sess, t)
		current = app.Div().Class("alert notice").ID("signin-current").Role("status").Body(
			app.P().Text("You are signed in as "+who+". Signing in as someone else signs "+who+" out."),
			app.Div().Class("actions").Body(
				app.A().Class("button small").Href(pagePath("/")).Text("Continue as "+who),
				app.Button().ID("signin-signout").Type("button").Class("small secondary").Disabled(p.out.pending).Text("Sign out").
					OnClick(func(ctx app.Context, e app.Event) {
						shared.signOut(ctx, &p.out, "Signing out…", (*cognito.Session).SignOut, "signedout")
					}),
			),
			p.out.view(),
		)
	}
	return frame(false, app.Div().Class("card").Body(
		authTabs("/signin"),
		heading("Sign in"),
		app.Div().Class("slot").Body(current), // keeps the form in place when a session starts
		app.Form().ID("signin-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			field{id: "signin-username", label: "Email or user name", autocomplete: "username", value: &p.username,
				invalid: p.invalid["username"], required: true, disabled: p.req.pending}.render(),
			field{id: "signin-password", label: "Password", kind: "password", autocomplete: "current-password", value: &p.password,
				invalid: p.invalid["password"], required: true, disabled: p.req.pending, shown: &p.shown}.render(),
			app.Details().Body(
				app.Summary().Text("Advanced"),
				app.Label().Class("check").For("signin-password-flow").Body(
					app.Input().Type("checkbox").ID("signin-password-flow").Checked(p.passwordFlow).Disabled(p.req.pending).
						OnChange(func(ctx app.Context, e app.Event) { p.passwordFlow = ctx.JSSrc().Get("checked").Bool() }),
					app.Text("Send the password to Cognito (USER_PASSWORD_AUTH) instead of proving it with SRP"),
				),
			),
			p.req.view(),
			submit("signin-submit", "Sign in", "Signing in…", &p.req),
		),
		hostedButtons(),
		app.Div().Class("links").Body(
			app.A().ID("signin-forgot").Href(withQuery("/forgot", "username", strings.TrimSpace(p.username))).Text("Forgot your password?"),
			app.A().Href(pagePath("/signup")).Text("Create an account"),
		),
	))
}

// authTabs switch between signing in and creating an account.
func authTabs(current string) app.UI {
	tab := func(href, text string) app.UI {
		a := app.A().Href(pagePath(href)).Text(text)
		if href == current {
			a = a.Aria("current", "page").Class("active")
		}
		return a
	}
	return app.Nav().Class("tabs").Aria("label", "Sign in or create an account").Body(
		tab("/signin", "Sign in"),
		tab("/signup", "Create account"),
	)
}

func (p *SignIn) submit(ctx app.Context) {
	p.username = strings.TrimSpace(p.username)
	p.invalid = map[string]string{}
	if msg := checkUsername(p.username); msg != "" {
		p.invalid["username"] = msg
	}
	if msg := checkPresent("password", p.password); msg != "" {
		p.invalid["password"] = msg
	}
	if len(p.invalid) > 0 {
		p.req.fail(ctx, "Check the highlighted fields.")
		return
	}
	p.signIn(ctx, p.username, p.password)
}

// signIn signs username in and goes where the result leads.
func (p *SignIn) signIn(ctx app.Context, username, password string) {
	opts := &cognito.SignInOptions{
		Flow: cognito.FlowSRP,
		Progress: func(s cognito.Stage) {
			mark(string(s))
			p.req.setStatus(ctx, stageText[s])
		},
	}
	status := stageText[cognito.StageComputingSRP]
	if p.passwordFlow {
		opts.Flow = cognito.FlowPassword
		status = stageText[cognito.StageWaitingNetwork]
	}
	var res *cognito.SignInResult
	p.req.run(ctx, status, func(c context.Context) (err error) {
		res, err = signInAndKeep(c, username, password, opts)
		return err
	}, func(ctx app.Context) {
		p.password = ""
		p.req.err = followStep(ctx, res, username)
	})
}

// signInAndKeep signs in and makes the session current, replacing (and
// signing out) any other. An unconfirmed account is sent a new code.
func signInAndKeep(ctx context.Context, username, password string, opts *cognito.SignInOptions) (*cognito.SignInResult, error) {
	res, err := shared.client.SignIn(ctx, username, password, opts)
	if err != nil {
		return nil, err
	}
	if res.Session != nil {
		shared.SetSession(ctx, res.Session)
		mark("signed-in")
	}
	if res.Next != nil && res.Next.Kind == cognito.StepConfirmSignUp {
		// As Amplify's Authenticator does: the user cannot go on without a
		// code, and the one sent at sign-up may be long gone.
		d, err := shared.client.ResendConfirmationCode(ctx, username)
		if err == nil {
			shared.sentCode(username, d)
		}
	}
	return res, nil
}

// stageText says what a sign-in is doing, for the progress line.
var stageText = map[cognito.Stage]string{
	cognito.StageComputingSRP:    "Preparing a secure sign-in…",
	cognito.StageWaitingNetwork:  "Checking your password…",
	cognito.StageVerifyingTokens: "Checking your sign-in…",
}

// mark adds the performance mark "cognitowasm:"+name, so DevTools (and the
// browser benchmark) show where a sign-in spends its time: each stage, then
// "signed-in" once the session is established (tokens verified and stored).
func mark(name string) {
	if app.IsClient {
		app.Window().Get("performance").Call("mark", "cognitowasm:"+name)
	}
}
