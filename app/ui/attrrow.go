package ui

import (
	"context"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// attrRow is one attribute: its value, and the actions it allows. The row
// owns its attribute: every action reads the row's own Name when it runs.
//
// go-app reuses a list's components by position, handing a slot the next
// attribute's fields when one before it is added or removed; a handler
// captured at render time would then act on the attribute that used to sit
// in the slot. So handlers are methods, and state that belongs to one
// attribute (an edit, a code, a question) is dropped when Name changes.
type attrRow struct {
	app.Compo
	Name       string
	Value      string // the value the pool holds
	Verifiable bool
	Verified   bool
	List       *attributes

	owner     string // the Name the state below belongs to
	base      string // the Value that edit started from
	edit      string
	code      string
	verifying bool // a code was sent and is awaited
	deleting  bool // asking whether to delete
	req       call
}

// own drops the state of another attribute, and an edit the pool's new value overtook.
func (r *attrRow) own() {
	if r.owner != r.Name {
		*r = attrRow{Compo: r.Compo, Name: r.Name, Value: r.Value, Verifiable: r.Verifiable, Verified: r.Verified, List: r.List}
		r.owner = r.Name
	}
	if r.base != r.Value {
		r.base, r.edit = r.Value, r.Value
	}
	r.req.id = r.id()
}

// id is the prefix of the row's element IDs, e.g. "attr-family-name".
func (r *attrRow) id() string {
	return "attr-" + strings.NewReplacer(":", "-", "_", "-").Replace(r.Name)
}

func (r *attrRow) Render() app.UI {
	r.own()
	id, title := r.id(), attributeTitle(r.Name)
	var input app.UI
	if readOnly[r.Name] {
		input = app.Code().ID(id + "-value").Text(r.Value)
	} else {
		input = app.Input().Type("text").ID(id+"-value").Aria("label", title).Value(r.edit).
			Disabled(r.req.pending).OnInput(bind(&r.edit))
	}
	var badge app.UI
	switch {
	case r.Verifiable && !r.Verified:
		badge = app.Span().Class("badge bad").ID(id + "-status").Text("unverified")
	case r.Verifiable:
		badge = app.Span().Class("badge ok").ID(id + "-status").Text("verified")
	}
	return app.Div().Class("attr-row").ID(id).Body(
		app.Div().Class("attr-name").Body(
			app.Span().Text(title+" "), badge,
			app.Div().Body(app.Code().Class("muted").Text(r.Name)),
		),
		input,
		app.If(!readOnly[r.Name], r.actions(id, title)),
		app.If(r.verifying, r.verifyForm(id, title)),
		r.req.view(),
	)
}

func (r *attrRow) actions(id, title string) app.UI {
	if r.deleting {
		return app.Div().Class("actions").Role("group").Aria("label", "Confirm deletion").Body(
			app.Span().ID(id+"-delete-question").Text("Delete "+title+"?"),
			app.Button().ID(id+"-delete-confirm").Class("small danger").Disabled(r.req.pending).Text("Yes, delete").OnClick(r.onDelete),
			app.Button().ID(id+"-delete-cancel").Class("small secondary").Disabled(r.req.pending).Text("Keep").OnClick(r.onKeep),
		)
	}
	return app.Div().Class("actions").Body(
		app.Button().ID(id+"-save").Class("small").Disabled(r.req.pending || r.edit == r.Value).Text("Save").
			Aria("label", "Save "+title).OnClick(r.onSave),
		app.Button().ID(id+"-delete").Class("small secondary").Disabled(r.req.pending).Text("Delete").
			Aria("label", "Delete "+title).OnClick(r.onAskDelete),
		app.If(r.Verifiable && !r.Verified && !r.verifying, app.Button().ID(id+"-verify").Class("small secondary").
			Disabled(r.req.pending).Text("Verify").Aria("label", "Verify "+title).OnClick(r.onSendCode)),
	)
}

func (r *attrRow) verifyForm(id, title string) app.UI {
	return app.Form().Class("actions").ID(id+"-verify-form").NoValidate(true).OnSubmit(onSubmit(r.verify)).Body(
		app.Input().Type("text").ID(id+"-code").Aria("label", "Code to verify your "+strings.ToLower(title)).Placeholder("Code").
			Attr("inputmode", "numeric").Attr("autocomplete", "one-time-code").Value(r.code).OnInput(bind(&r.code)),
		app.Button().Type("submit").ID(id+"-confirm").Class("small").Disabled(r.req.pending).Text("Confirm"),
		app.Button().Type("button").ID(id+"-resend").Class("small secondary").Disabled(r.req.pending).Text("Send a new code").OnClick(r.onSendCode),
	)
}

func (r *attrRow) onSave(ctx app.Context, e app.Event) {
	name, value := r.Name, strings.TrimSpace(r.edit)
	if len(value) > maxAttrLen {
		r.req.fail(ctx, "That value is too long. Shorten it and try again.")
		return
	}
	updateAttribute(ctx, &r.req, "Saving", "Saved", name, value, func(sent []cognito.CodeDelivery) {
		for _, d := range sent {
			if d.Attribute == name {
				r.verifying, r.code = true, ""
				r.req.notice += " Enter it below."
			}
		}
		r.List.changed("")
	})
}

func (r *attrRow) onAskDelete(ctx app.Context, e app.Event) {
	r.deleting = true
	ctx.Defer(func(app.Context) { focusNow("#" + r.id() + "-delete-cancel") })
}

func (r *attrRow) onKeep(ctx app.Context, e app.Event) {
	r.deleting = false
	ctx.Defer(func(app.Context) { focusNow("#" + r.id() + "-delete") })
}

func (r *attrRow) onDelete(ctx app.Context, e app.Event) {
	name, list := r.Name, r.List
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	r.req.run(ctx, "Deleting "+attributeTitle(name)+"…", func(c context.Context) error {
		return sess.DeleteAttributes(c, name)
	}, func(app.Context) {
		r.deleting = false
		// The row goes with its attribute; the list says what happened
		// where the row was, and takes the focus.
		list.changed("Deleted " + attributeTitle(name) + ".")
	})
}

func (r *attrRow) onSendCode(ctx app.Context, e app.Event) {
	name := r.Name
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	var d *cognito.CodeDelivery
	r.req.run(ctx, "Sending a code…", func(c context.Context) (err error) {
		d, err = sess.SendAttributeCode(c, name)
		return err
	}, func(ctx app.Context) {
		r.verifying, r.code = true, ""
		r.req.notice = "We sent a code. Enter it below."
		if d != nil && d.Destination != "" {
			r.req.notice = "We sent a code to " + d.Destination + ". Enter it below."
		}
		ctx.Defer(func(app.Context) { focusNow("#" + r.id() + "-code") })
	})
}

func (r *attrRow) verify(ctx app.Context) {
	name, code := r.Name, strings.TrimSpace(r.code)
	sess, _ := shared.Session()
	if msg := checkCode(code); msg != "" || sess == nil {
		r.req.fail(ctx, msg)
		return
	}
	r.req.run(ctx, "Verifying "+attributeTitle(name)+"…", func(c context.Context) error {
		return sess.VerifyAttribute(c, name, code)
	}, func(app.Context) {
		r.verifying, r.code = false, ""
		r.req.notice = "Verified " + attributeTitle(name) + "."
		r.List.changed("")
	})
}
