package ui

import (
	"context"
	"errors"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/hostedui"
)

// newHostedUI makes the hosted-UI client when the configuration has an
// oauth block, for the redirect URI on the app's own origin. Without one
// on this origin the hosted UI is off, with the reason.
func newHostedUI(cfg Config, users *cognito.Client) (*hostedui.Client, error) {
	if cfg.OAuth == nil {
		return nil, nil
	}
	here := app.Window().URL()
	origin := here.Scheme + "://" + here.Host
	redirect := ForOrigin(cfg.OAuth.RedirectSignIn, origin)
	if redirect == "" {
		return nil, errors.New("oauth.redirectSignIn has no URL on " + origin)
	}
	return hostedui.New(hostedui.Config{
		Domain:          cfg.OAuth.Domain,
		ClientID:        cfg.ClientID,
		RedirectSignIn:  redirect,
		RedirectSignOut: ForOrigin(cfg.OAuth.RedirectSignOut, origin),
		Scopes:          cfg.OAuth.Scopes,
		Store:           newFlightStore(),
	}, users)
}

// hostedButtons are the sign-in page's ways through the hosted UI: each
// configured provider, then the pool's own form.
func hostedButtons() app.UI {
	h := shared.hosted
	if h == nil {
		return nil
	}
	var buttons []app.UI
	if len(shared.cfg.OAuth.Providers) > 0 {
		buttons = append(buttons, app.P().Class("muted").ID("signin-providers-intro").Text("Or sign in with another account:"))
	}
	for _, p := range shared.cfg.OAuth.Providers {
		buttons = append(buttons, providerButton(p))
	}
	buttons = append(buttons, app.Button().Type("button").ID("signin-hosted").Class("secondary").Text("Continue with the hosted UI").
		OnClick(func(ctx app.Context, e app.Event) { goToHostedUI(ctx, "") }))
	return app.Div().Class("actions hosted").Body(buttons...)
}

// goToHostedUI leaves for the hosted UI. Start does no network work, so
// the page keeps no "in progress" state that Back could bring back stuck.
func goToHostedUI(ctx app.Context, provider string) {
	u, err := shared.hosted.Start(ctx, &hostedui.StartOptions{Provider: provider})
	if err != nil {
		app.Log("cognitowasm: hosted UI:", err)
		return
	}
	app.Window().Get("location").Set("href", u)
}

// Callback is where the hosted UI sends the browser back: it completes the
// sign-in, or says why it could not, with a way to try again.
type Callback struct {
	app.Compo
	handled string // the callback URL already handled
	retryTo string // the provider the failed sign-in went to, for Try again
	req     call
}

func (p *Callback) OnMount(ctx app.Context) { shared.follow(ctx) }

func (p *Callback) OnNav(ctx app.Context) {
	shared.whenReady(ctx, func(ctx app.Context) {
		arrive(ctx, "Signing you in")
		u := ctx.Page().URL()
		if shared.hosted == nil || p.handled == u.String() {
			p.Update()
			return
		}
		p.handled = u.String()
		p.retryTo = shared.hosted.PendingProvider()
		if sess, _ := shared.Session(); sess != nil && !hostedui.IsCallback(u) {
			navigate(ctx, pagePath("/")) // Back to here after signing in
			return
		}
		// The code is used once: Back or a reload must not bring it again.
		app.Window().Get("history").Call("replaceState", nil, "", pagePath("/callback"))
		p.req.run(ctx, "Finishing the sign-in…", func(c context.Context) error {
			sess, err := shared.hosted.Callback(c, u)
			if err == nil {
				shared.SetSession(c, sess)
				mark("signed-in")
			}
			return err
		}, func(ctx app.Context) {
			navigate(ctx, pagePath("/"))
		})
	})
}

func (p *Callback) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	body := []app.UI{heading("Signing you in")}
	switch {
	case shared.hosted == nil:
		body = append(body, app.P().Role("alert").Text("This app does not use the hosted UI. Sign in on the sign-in page."))
	case p.req.err != "":
		body = append(body, p.req.view(), app.Div().Class("actions").Body(
			app.Button().Type("button").ID("callback-retry").Text("Try again").
				OnClick(func(ctx app.Context, e app.Event) { goToHostedUI(ctx, p.retryTo) }),
			app.A().Class("button secondary").ID("callback-signin").Href(pagePath("/signin")).Text("Back to sign in"),
		))
	default:
		body = append(body, p.req.view())
	}
	return frame(false, app.Div().Class("card").ID("callback").Body(body...))
}

// logoutURL is where sign-out sends the browser when the hosted UI is on,
// so its own session ends too; "" otherwise.
func logoutURL() string {
	if shared.hosted == nil {
		return ""
	}
	return shared.hosted.LogoutURL()
}
