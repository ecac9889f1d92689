package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// Confirm confirms a new account with the code Cognito sent, and can send
// the code again.
type Confirm struct {
	app.Compo
	username, code string
	sentTo         string
	invalid        map[string]string
	req            call
}

func (p *Confirm) OnNav(ctx app.Context) {
	p.username, p.sentTo = query(ctx, "username"), query(ctx, "sent")
	shared.whenReady(ctx, func(app.Context) { p.Update() })
}

func (p *Confirm) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	intro := "Enter the code we sent you to confirm your account."
	if p.sentTo != "" {
		intro = "We sent a code to " + p.sentTo + ". Enter it to confirm your account."
	}
	return frame(false, app.Div().Class("card").Body(
		app.H1().Text("Confirm your account"),
		app.P().ID("confirm-intro").Text(intro),
		app.Form().ID("confirm-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			field{id: "confirm-username", label: "Email or user name", autocomplete: "username", value: &p.username,
				invalid: p.invalid["username"], required: true, disabled: p.req.pending}.render(),
			field{id: "confirm-code", label: "Code", autocomplete: "one-time-code", inputMode: "numeric", value: &p.code,
				invalid: p.invalid["code"], required: true, disabled: p.req.pending}.render(),
			p.req.view(),
			app.Div().Class("actions").Body(
				submit("confirm-submit", "Confirm", &p.req),
				app.Button().ID("confirm-resend").Type("button").Class("secondary").Disabled(p.req.pending).
					Text("Send a new code").OnClick(func(ctx app.Context, e app.Event) { p.resend(ctx) }),
			),
		),
		inboxHint(p.username),
	))
}

func (p *Confirm) submit(ctx app.Context) {
	p.invalid = map[string]string{}
	if msg := checkUsername(p.username); msg != "" {
		p.invalid["username"] = msg
	}
	if msg := checkCode(p.code); msg != "" {
		p.invalid["code"] = msg
	}
	if len(p.invalid) > 0 {
		p.req.fail("Check the highlighted fields.")
		return
	}
	username := p.username
	var res *cognito.SignInResult
	p.req.run(ctx, "Confirming…", func(c context.Context) error {
		if err := shared.client.ConfirmSignUp(c, username, p.code); err != nil {
			return err
		}
		// Where the client allows it, the confirmation signs the user in.
		var err error
		if res, err = shared.client.SignInAfterSignUp(c, username, nil); err != nil {
			res = nil // confirmed all the same: sign in as usual
			return nil
		}
		if res.Session != nil {
			shared.SetSession(c, res.Session)
		}
		return nil
	}, func(ctx app.Context) {
		if res == nil {
			ctx.Navigate(withQuery("/signin", "username", username, "notice", "confirmed"))
			return
		}
		p.req.err = followStep(ctx, res, username)
	})
}

func (p *Confirm) resend(ctx app.Context) {
	p.invalid = map[string]string{}
	if msg := checkUsername(p.username); msg != "" {
		p.invalid["username"] = msg
		p.req.fail(msg)
		return
	}
	var d *cognito.CodeDelivery
	p.req.run(ctx, "Sending a new code…", func(c context.Context) (err error) {
		d, err = shared.client.ResendConfirmationCode(c, p.username)
		return err
	}, func(ctx app.Context) {
		p.req.notice = "We sent a new code."
		if d != nil && d.Destination != "" {
			p.sentTo = d.Destination
			p.req.notice = "We sent a new code to " + d.Destination + "."
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
