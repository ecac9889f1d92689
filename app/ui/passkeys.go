package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// passkeys is the account page's passkeys section: each passkey, named
// after its authenticator, with when it was added and Delete; and Add.
type passkeys struct {
	app.Compo
	ctx    app.Context
	list   []cognito.Passkey
	loaded bool
	req    call
}

func (k *passkeys) OnMount(ctx app.Context) {
	k.ctx = ctx
	k.load(ctx, "")
}

func (k *passkeys) load(ctx app.Context, notice string) {
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	var list []cognito.Passkey
	k.req.run(ctx, "Loading your passkeys…", func(c context.Context) (err error) {
		list, err = sess.Passkeys(c)
		return err
	}, func(app.Context) {
		k.list, k.loaded, k.req.notice = list, true, notice
	})
}

func (k *passkeys) Render() app.UI {
	body := []app.UI{
		app.H2().ID("passkeys-title").Text("Passkeys"),
		app.P().Class("muted").Text("A passkey signs you in with your device's screen lock or a security key, without a password."),
	}
	if shared.client.PasskeysAvailable() {
		body = append(body, app.Button().ID("passkey-add").Disabled(k.req.pending).Text("Add a passkey").
			OnClick(func(ctx app.Context, e app.Event) { k.add(ctx) }))
	} else {
		body = append(body, app.P().ID("passkeys-unsupported").Text("This browser cannot make passkeys."))
	}
	if k.loaded && len(k.list) == 0 {
		body = append(body, app.P().ID("passkeys-none").Text("You have no passkey yet."))
	}
	rows := k.list
	body = append(body, app.Div().Class("rows").ID("passkeys-list").Body(
		app.Range(rows).Slice(func(i int) app.UI {
			return &passkeyRow{passkey: rows[i], remove: k.remove}
		}),
	), k.req.view())
	return app.Section().Class("card").ID("passkeys").Aria("labelledby", "passkeys-title").Body(body...)
}

func (k *passkeys) add(ctx app.Context) {
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	k.req.run(ctx, "Follow your browser's window to make the passkey…", sess.AddPasskey, func(app.Context) {
		k.load(k.ctx, "The passkey is added. You can sign in with it now.")
	})
}

func (k *passkeys) remove(id string) {
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	k.req.run(k.ctx, "Deleting the passkey…", func(c context.Context) error {
		return sess.DeletePasskey(c, id)
	}, func(app.Context) { k.load(k.ctx, "The passkey is deleted.") })
}

// passkeyRow is one passkey; it owns its passkey's data.
type passkeyRow struct {
	app.Compo
	passkey cognito.Passkey
	remove  func(id string)
}

func (r *passkeyRow) Render() app.UI {
	name := r.passkey.Name
	if name == "" {
		name = "Passkey"
	}
	return app.Div().Class("attr-row passkey").DataSet("id", r.passkey.ID).Body(
		app.Div().Class("attr-name").Text(name),
		app.Span().Text("Added "+r.passkey.Created.Local().Format("2 Jan 2006 15:04")),
		app.Div().Class("actions").Body(
			app.Button().Class("small secondary passkey-delete").Aria("label", "Delete "+name).Text("Delete").
				OnClick(func(ctx app.Context, e app.Event) { r.remove(r.passkey.ID) }),
		),
	)
}
