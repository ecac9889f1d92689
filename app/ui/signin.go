package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// SignIn signs a user in with SRP, or with USER_PASSWORD_AUTH when the
// advanced switch says so, and follows the steps Cognito asks for.
type SignIn struct {
	app.Compo
	username, password string
	passwordFlow       bool
	invalid            map[string]string
	req                call
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
	shared.whenReady(ctx, func(ctx app.Context) {
		if client := shared.client; client != nil {
			ctx.Async(func() { client.PrepareSignIn() })
		}
	})
}

func (p *SignIn) OnNav(ctx app.Context) {
	p.username = query(ctx, "username")
	p.req.notice = notices[query(ctx, "notice")]
	shared.whenReady(ctx, func(app.Context) { p.Update() })
}

func (p *SignIn) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	return frame(false, app.Div().Class("card").Body(
		app.H1().Text("Sign in"),
		app.Form().ID("signin-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			field{id: "signin-username", label: "Email or user name", autocomplete: "username", value: &p.username,
				invalid: p.invalid["username"], required: true, disabled: p.req.pending}.render(),
			field{id: "signin-password", label: "Password", kind: "password", autocomplete: "current-password", value: &p.password,
				invalid: p.invalid["password"], required: true, disabled: p.req.pending}.render(),
			app.Details().Body(
				app.Summary().Text("Advanced"),
				app.Label().Class("check").For("signin-password-flow").Body(
					app.Input().Type("checkbox").ID("signin-password-flow").Checked(p.passwordFlow).Disabled(p.req.pending).
						OnChange(func(ctx app.Context, e app.Event) { p.passwordFlow = ctx.JSSrc().Get("checked").Bool() }),
					app.Text("Send the password to Cognito (USER_PASSWORD_AUTH) instead of proving it with SRP"),
				),
			),
			p.req.view(),
			submit("signin-submit", "Sign in", &p.req),
		),
		hostedButtons(),
		app.Div().Class("links").Body(
			app.A().ID("signin-forgot").Href(withQuery("/forgot", "username", p.username)).Text("Forgot your password?"),
			app.A().Href(pagePath("/signup")).Text("Create an account"),
		),
	))
}

func (p *SignIn) submit(ctx app.Context) {
	p.invalid = map[string]string{}
	if msg := checkUsername(p.username); msg != "" {
		p.invalid["username"] = msg
	}
	if msg := checkPresent("password", p.password); msg != "" {
		p.invalid["password"] = msg
	}
	if len(p.invalid) > 0 {
		p.req.fail("Check the highlighted fields.")
		return
	}
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
	username, password := p.username, p.password
	var res *cognito.SignInResult
	p.req.run(ctx, status, func(c context.Context) (err error) {
		res, err = shared.client.SignIn(c, username, password, opts)
		if err == nil && res.Session != nil {
			shared.SetSession(c, res.Session)
			mark("signed-in")
		}
		return err
	}, func(ctx app.Context) {
		p.password = ""
		p.req.err = followStep(ctx, res, username)
	})
}

// stageText says what a sign-in is doing, for the progress line.
var stageText = map[cognito.Stage]string{
	cognito.StageComputingSRP:    "Computing the SRP proof…",
	cognito.StageWaitingNetwork:  "Waiting for Cognito…",
	cognito.StageVerifyingTokens: "Verifying the tokens…",
}

// mark adds the performance mark "cognitowasm:"+name, so DevTools (and the
// browser benchmark) show where a sign-in spends its time: each stage, then
// "signed-in" once the session is established (tokens verified and stored).
func mark(name string) {
	if app.IsClient {
		app.Window().Get("performance").Call("mark", "cognitowasm:"+name)
	}
}
