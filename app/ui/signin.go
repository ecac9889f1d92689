package ui

import (
	"context"
	"strings"
	"sync/atomic"

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
	// stopAutofill ends the conditional passkey request that offers the
	// passkey in the username field's autofill.
	stopAutofill context.CancelFunc
	// prepared says the sign-in has been prepared since the page was shown:
	// by the form's first input or at the browser's idle moment, whichever
	// came first. Set from either goroutine, hence atomic.
	prepared atomic.Bool
}

// lastUsernameKey is where the sign-in page keeps the last name signed in
// with on this browser, so its passkey can be offered in the autofill.
const lastUsernameKey = "cognitowasm:last-username"

// notices are the messages other pages leave for the sign-in page.
var notices = map[string]string{
	"confirmed": "Your account is confirmed. Sign in to continue.",
	"reset":     "Your password has been reset. Sign in with the new one.",
	"signedout": "You are signed out.",
	"deleted":   "Your account has been deleted.",
}

func (p *SignIn) OnMount(ctx app.Context) {
	shared.follow(ctx)
	p.out.id = "signin-signout"
}

func (p *SignIn) OnNav(ctx app.Context) {
	p.username = query(ctx, "username")
	if p.username == "" {
		ctx.LocalStorage().Get(lastUsernameKey, &p.username)
	}
	p.req.notice = notices[query(ctx, "notice")]
	shared.whenReady(ctx, func(ctx app.Context) {
		p.Update()
		arrive(ctx, "Sign in")
		p.offerAutofill(ctx)
		p.prepared.Store(false)
		ctx.Defer(func(app.Context) { whenIdle(p.prepare) })
	})
}

// onInput prepares the sign-in on the form's first input, should that
// come before the browser's idle moment: a password manager may fill the
// form and submit it at once.
func (p *SignIn) onInput(ctx app.Context, e app.Event) {
	if !p.prepared.Load() {
		ctx.Async(p.prepare)
	}
}

// prepare does the SRP work that needs no user while the user types, so the
// sign-in starts at once; it runs once per showing of the page, after the
// form is drawn, which does not need it. Once more would make another A
// while the sign-in that took the first one runs. A sign-in that starts
// first, or finds it failed, does the work itself and reports any failure.
func (p *SignIn) prepare() {
	if client := shared.client; client != nil && p.prepared.CompareAndSwap(false, true) {
		client.PrepareSignIn()
	}
}

func (p *SignIn) OnDismount() { p.endAutofill() }

func (p *SignIn) endAutofill() {
	if p.stopAutofill != nil {
		p.stopAutofill()
		p.stopAutofill = nil
	}
}

// offerAutofill starts a conditional passkey sign-in for the username this
// browser last signed in with: Cognito's USER_AUTH needs the username
// before it issues a challenge. Choosing the passkey in the autofill signs
// in; anything else (no passkey, another way chosen) leaves the page as it is.
func (p *SignIn) offerAutofill(ctx app.Context) {
	p.endAutofill()
	if p.username == "" || p.usernameAutocomplete() != "username webauthn" {
		return
	}
	c, cancel := context.WithCancel(context.Background())
	p.stopAutofill = cancel
	username := p.username
	ctx.Async(func() {
		res, err := shared.client.SignInWithChoice(c, username, cognito.FactorWebAuthn, &cognito.SignInOptions{Mediation: "conditional"})
		if err != nil || res.Session == nil {
			return
		}
		shared.SetSession(c, res.Session)
		mark("signed-in")
		ctx.Dispatch(func(ctx app.Context) { p.signedIn(ctx, username, res) })
	})
}

// signedIn follows a sign-in's result. A sign-in that got anywhere (a
// session or a step) remembers the name, for the passkey autofill.
func (p *SignIn) signedIn(ctx app.Context, username string, res *cognito.SignInResult) {
	if res != nil {
		ctx.LocalStorage().Set(lastUsernameKey, username)
	}
	p.req.err = followStep(ctx, res, username)
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
		app.Form().ID("signin-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).OnInput(p.onInput).Body(
			field{id: "signin-username", label: "Email or user name", autocomplete: p.usernameAutocomplete(), value: &p.username,
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
		p.factorButtons(),
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
	p.endAutofill()
	opts := &cognito.SignInOptions{Flow: cognito.FlowSRP}
	status := stageText[cognito.StageComputingSRP]
	if p.passwordFlow {
		opts.Flow = cognito.FlowPassword
		status = stageText[cognito.StageWaitingNetwork]
	}
	next := progressText(status)
	opts.Progress = func(s cognito.Stage) {
		mark(string(s))
		if text, changed := next(s); changed {
			p.req.setStatus(ctx, text)
		}
	}
	username, password := p.username, p.password
	p.password = ""
	p.start(ctx, status, username, func(c context.Context) (*cognito.SignInResult, error) {
		res, err := shared.client.SignIn(c, username, password, opts)
		if err == nil {
			resendIfUnconfirmed(c, username, res)
		}
		return res, err
	})
}

// start runs a sign-in: a session becomes the app's, then it follows on.
func (p *SignIn) start(ctx app.Context, status, username string, signIn func(context.Context) (*cognito.SignInResult, error)) {
	var res *cognito.SignInResult
	p.req.run(ctx, status, func(c context.Context) (err error) {
		res, err = signIn(c)
		if err == nil && res.Session != nil {
			shared.SetSession(c, res.Session)
			mark("signed-in")
		}
		return err
	}, func(ctx app.Context) {
		p.signedIn(ctx, username, res)
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
	resendIfUnconfirmed(ctx, username, res)
	return res, nil
}

// resendIfUnconfirmed sends a new code to an account that is not confirmed
// yet, as Amplify's Authenticator does: the user cannot go on without a
// code, and the one sent at sign-up may be long gone.
func resendIfUnconfirmed(ctx context.Context, username string, res *cognito.SignInResult) {
	if res.Next == nil || res.Next.Kind != cognito.StepConfirmSignUp {
		return
	}
	if d, err := shared.client.ResendConfirmationCode(ctx, username); err == nil {
		shared.sentCode(username, d)
	}
}

// progressText follows a sign-in's stages from the line's first words and
// says when the words change. Only then is the form redrawn: each redraw
// takes the page's one thread between the sign-in's requests. Once the
// password is being checked the line does not go back to preparing: the SRP
// proof sent after Cognito's first answer is part of that check.
func progressText(first string) func(cognito.Stage) (text string, changed bool) {
	shown, checking := first, false
	return func(s cognito.Stage) (string, bool) {
		checking = checking || s == cognito.StageWaitingNetwork
		text := stageText[s]
		if text == "" || text == shown || (s == cognito.StageComputingSRP && checking) {
			return shown, false
		}
		shown = text
		return text, true
	}
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
func mark(name string) { performanceMark("cognitowasm:" + name) }

// LoadMark adds the performance mark "cognitowasm-load:"+name, for the
// stages of the app's start (DevTools, and the browser benchmark's
// breakdown of a cold start).
func LoadMark(name string) { performanceMark("cognitowasm-load:" + name) }

func performanceMark(name string) {
	if app.IsClient {
		app.Window().Get("performance").Call("mark", name)
	}
}

// factorButtons are the ways to sign in without the password that the
// pool allows (Config.SignInFactors): each sends the username only.
func (p *SignIn) factorButtons() app.UI {
	var buttons []app.UI
	for _, b := range []struct {
		factor    cognito.Factor
		id, label string
	}{
		{cognito.FactorEmailOTP, "signin-email-code", "Email me a code"},
		{cognito.FactorSMSOTP, "signin-text-code", "Text me a code"},
		{cognito.FactorWebAuthn, "signin-passkey", "Sign in with a passkey"},
	} {
		if !shared.cfg.offers(b.factor) || (b.factor == cognito.FactorWebAuthn && !shared.client.PasskeysAvailable()) {
			continue
		}
		factor := b.factor
		buttons = append(buttons, app.Button().Type("button").ID(b.id).Class("secondary").Disabled(p.req.pending).Text(b.label).
			OnClick(func(ctx app.Context, e app.Event) { p.withFactor(ctx, factor, "") }))
	}
	if len(buttons) == 0 {
		return app.Text("")
	}
	return app.Div().ID("signin-factors").Body(
		app.P().Class("muted").ID("signin-factors-intro").Text("Or sign in without your password:"),
		app.Div().Class("actions").Aria("label", "Other ways to sign in").Body(buttons...),
	)
}

// usernameAutocomplete offers the browser's passkeys in the username
// field's autofill where passkeys are on.
func (p *SignIn) usernameAutocomplete() string {
	if shared.cfg.offers(cognito.FactorWebAuthn) && shared.client != nil && shared.client.PasskeysAvailable() {
		return "username webauthn"
	}
	return "username"
}

// withFactor signs in with factor; a passkey with mediation "conditional"
// waits for the user to pick it in the username field's autofill.
func (p *SignIn) withFactor(ctx app.Context, factor cognito.Factor, mediation string) {
	p.invalid = map[string]string{}
	if msg := checkUsername(p.username); msg != "" {
		p.invalid["username"] = msg
		p.req.fail(ctx, "Enter your email or user name first.")
		return
	}
	p.endAutofill()
	status := map[cognito.Factor]string{
		cognito.FactorEmailOTP: "Sending you a code by email…",
		cognito.FactorSMSOTP:   "Sending you a code by text message…",
		cognito.FactorWebAuthn: "Use your passkey in the browser's window…",
	}[factor]
	username := p.username
	opts := &cognito.SignInOptions{Mediation: mediation, Progress: func(s cognito.Stage) { mark(string(s)) }}
	p.start(ctx, status, username, func(c context.Context) (*cognito.SignInResult, error) {
		return shared.client.SignInWithChoice(c, username, factor, opts)
	})
}
