package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/hostedui"
	"github.com/cognitowasm/cognitowasm/app/token"
)

// Tokens is the token inspector: the session's tokens decoded and verified,
// a live expiry countdown, a refresh button, and a box to check any JWT.
type Tokens struct {
	app.Compo
	now      time.Time
	pasted   string
	checked  string // the pasted JWT being shown
	pasteMsg string // why a paste showed nothing
	req      call
}

func (p *Tokens) OnNav(ctx app.Context) {
	shared.whenReady(ctx, func(ctx app.Context) { arrive(ctx, "Token inspector") })
}

// OnMount starts the countdown's clock. It lasts while the page is mounted;
// OnNav would start another on each navigation that keeps the page, such as
// a change of fragment.
func (p *Tokens) OnMount(ctx app.Context) {
	shared.follow(ctx)
	p.req.id = "session"
	p.now = time.Now()
	ctx.Async(func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-tick.C:
				ctx.Dispatch(func(app.Context) { p.now = now })
			}
		}
	})
}

// pastedJWT is what was pasted, without the spaces around it and the
// "Bearer " of an Authorization header.
func pastedJWT(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 7 && strings.EqualFold(s[:7], "bearer ") {
		s = strings.TrimSpace(s[7:])
	}
	return s
}

func (p *Tokens) check(ctx app.Context) {
	p.checked, p.pasteMsg = pastedJWT(p.pasted), ""
	if p.checked == "" {
		p.pasteMsg = "The box is empty. Paste a JWT (it starts with eyJ) and try again."
		ctx.Defer(func(app.Context) { focusNow("#paste-jwt") })
		return
	}
	ctx.Defer(func(app.Context) { focusNow("#pasted-title") })
}

func (p *Tokens) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(true, notReady())
	}
	var invalid app.UI
	textarea := app.Textarea().ID("paste-jwt").Placeholder("eyJraWQiOi…").Attr("spellcheck", "false").
		Text(p.pasted).OnInput(bind(&p.pasted))
	if p.pasteMsg != "" {
		textarea = textarea.Aria("invalid", "true").Aria("describedby", "paste-jwt-invalid")
		invalid = app.Div().ID("paste-jwt-invalid").Class("field-error").Role("alert").Text(p.pasteMsg)
	}
	return frame(true,
		heading("Token inspector"),
		p.session(),
		app.Section().Class("card").ID("paste").Aria("labelledby", "paste-title").Body(
			app.H2().ID("paste-title").Text("Check any JWT"),
			app.Form().ID("paste-form").NoValidate(true).OnSubmit(onSubmit(p.check)).Body(
				app.Div().Class("field").Body(
					app.Label().For("paste-jwt").Text("JWT"),
					textarea,
					invalid,
					app.Div().Class("hint").Text("Decoded here, and verified against this pool's JWKS. Nothing is stored. A leading “Bearer ” is ignored."),
				),
				app.Button().Type("submit").ID("paste-submit").Text("Decode and verify"),
			),
		),
		app.If(p.checked != "", &tokenCard{ID: "pasted", Title: "Pasted token", Raw: p.checked, Use: token.UseAny, Now: p.now}),
	)
}

// session shows the signed-in session's tokens, or says there are none.
func (p *Tokens) session() app.UI {
	sess, t := shared.Session()
	if sess == nil {
		return app.Div().Class("card").ID("no-session").Body(
			app.P().Body(app.Text("Nobody is signed in, so there are no tokens to show. "), app.A().Href(pagePath("/signin")).Text("Sign in")),
		)
	}
	left := t.ExpiresAt.Sub(p.now)
	countdown := "expired"
	if left > 0 {
		countdown = short(left.Truncate(time.Second))
	}
	refreshText := "The refresh token is opaque: Cognito encrypts it, so it cannot be decoded."
	if t.RefreshToken == "" {
		refreshText = "There is no refresh token."
	} else if _, err := token.Decode(t.RefreshToken); err == nil {
		refreshText = "The refresh token is a JWT; it is not shown, since it is a long-lived secret."
	}
	return app.Div().Body(
		app.Section().Class("card").ID("session").Aria("labelledby", "session-title").Body(
			app.H2().ID("session-title").Text("Session"),
			app.P().Body(
				app.Text("Tokens expire in "),
				app.Span().Class("countdown").ID("countdown").Aria("live", "off").Text(countdown),
				app.Text(" (at "+clock(t.ExpiresAt)+"). They refresh on their own shortly before."),
			),
			app.P().Class("muted").ID("refresh-token").Text(refreshText+" "+strconv.Itoa(len(t.RefreshToken))+" characters."),
			grantedScopes(t.AccessToken),
			app.Div().Class("actions").Body(
				app.Button().ID("refresh-now").Disabled(p.req.pending).Text("Refresh now").
					OnClick(func(ctx app.Context, e app.Event) {
						p.req.run(ctx, "Refreshing…", func(c context.Context) error {
							return shared.Refresh(c, sess)
						}, func(app.Context) { p.req.notice = "Refreshed: new ID and access tokens." })
					}),
			),
			p.req.view(),
		),
		&tokenCard{ID: "id-token", Title: "ID token", Raw: t.IDToken, Use: token.UseID, Now: p.now},
		&tokenCard{ID: "access-token", Title: "Access token", Raw: t.AccessToken, Use: token.UseAccess, Now: p.now},
	)
}

// grantedScopes lists the access token's scopes: the hosted UI grants the
// ones asked for, a password sign-in only aws.cognito.signin.user.admin.
func grantedScopes(accessToken string) app.UI {
	scopes := hostedui.Scopes(accessToken)
	items := make([]app.UI, 0, len(scopes))
	for _, s := range scopes {
		items = append(items, app.Li().Body(app.Code().Text(s)))
	}
	return app.Div().ID("scopes").Body(
		app.P().Text("Granted scopes:"),
		app.Ul().Class("scopes").Body(items...),
	)
}
