package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// Account is where a signed-in user manages their attributes, password and
// sessions. A user a provider created (Google_…) has no password here: the
// page shows the linked sign-ins instead of the password, passkey, MFA and
// device sections. Cognito refuses such users a password sign-in, and
// passkeys sign in through the same InitiateAuth, while MFA and remembered
// devices only apply to the pool's own sign-ins: all are the provider's
// business. A native user linked to providers keeps them all.
type Account struct {
	app.Compo
}

func (p *Account) OnMount(ctx app.Context) { shared.follow(ctx) }

func (p *Account) OnNav(ctx app.Context) {
	shared.whenReady(ctx, func(ctx app.Context) { arrive(ctx, "Your account") })
}

func (p *Account) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	sess, t := shared.Session()
	if sess == nil {
		return frame(false, signInFirst("manage your account"))
	}
	body := []app.UI{heading("Your account")}
	ids := identities(t)
	creator, external := userpool.CreatedBy(sess.Username(), ids)
	if len(ids) > 0 {
		body = append(body, &linkedIdentities{IDs: ids, Creator: creator.ProviderName})
	}
	body = append(body, &attributes{})
	if !external {
		body = append(body, &mfaSettings{}, &devices{}, &passkeys{}, &changePassword{})
	}
	return frame(false, append(body, &sessionActions{})...)
}

// signInFirst is what pages that need a session show to a visitor.
func signInFirst(to string) app.UI {
	return app.Div().Class("card").ID("signin-first").Body(
		heading("Sign in first"),
		app.P().Text("You need to be signed in to "+to+"."),
		app.A().Class("button").Href(pagePath("/signin")).Text("Sign in"),
	)
}
