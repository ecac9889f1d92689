package ui

import (
	"context"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// accountCode is what confirming an account and resetting a password both
// ask for: the user name and the code Cognito sent, with a way to have the
// code sent again.
type accountCode struct {
	username, code string
}

// render draws the two fields, id-username and id-code; invalid holds the
// refusals keyed "username" and "code".
func (a *accountCode) render(id string, invalid map[string]string, disabled bool) app.UI {
	return app.Div().Class("field-group").Body(
		field{id: id + "-username", label: "Email or user name", autocomplete: "username", value: &a.username,
			invalid: invalid["username"], required: true, disabled: disabled}.render(),
		field{id: id + "-code", label: "Code", autocomplete: "one-time-code", inputMode: "numeric", value: &a.code,
			invalid: invalid["code"], required: true, disabled: disabled}.render(),
	)
}

// actions are the form's submit button, id-submit, and the button that
// sends a new code, id-resend.
func (a *accountCode) actions(id, label, busy, resendLabel string, req *call, resend func(app.Context)) app.UI {
	return app.Div().Class("actions").Body(
		submit(id+"-submit", label, busy, req),
		app.Button().ID(id+"-resend").Type("button").Class("secondary").Disabled(req.pending).
			Text(resendLabel).OnClick(func(ctx app.Context, e app.Event) { resend(ctx) }),
	)
}

// footer is what follows the form: the local pool's inbox and the way back.
func (a *accountCode) footer() app.UI {
	return app.Div().Body(
		inboxHint(strings.TrimSpace(a.username)),
		app.Div().Class("links").Body(app.A().Href(pagePath("/signin")).Text("Back to sign in")),
	)
}

// check trims both values and records what is wrong with them in invalid.
func (a *accountCode) check(invalid map[string]string) {
	a.username, a.code = strings.TrimSpace(a.username), strings.TrimSpace(a.code)
	if msg := checkUsername(a.username); msg != "" {
		invalid["username"] = msg
	}
	if msg := checkCode(a.code); msg != "" {
		invalid["code"] = msg
	}
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
