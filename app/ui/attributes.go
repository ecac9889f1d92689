package ui

import (
	"context"
	"sort"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// attributes lists the user's attributes, and edits, deletes and verifies them.
type attributes struct {
	app.Compo
	// ctx is the component's own context, which lasts while it is mounted.
	// Follow-up calls run on it: the element whose event started a change
	// (a verify form, a deleted row) may be gone, and its context with it.
	ctx       app.Context
	user      *cognito.User
	values    map[string]*string // edited values, by attribute name
	codes     map[string]*string // verification codes being entered, by attribute name
	newName   string
	newValue  string
	req       call
	loadError string
}

// readOnly attributes cannot be changed by the user.
var readOnly = map[string]bool{"sub": true, "email_verified": true, "phone_number_verified": true, "identities": true}

// verifiable attributes can be verified with a code; the value is the flag attribute.
var verifiable = map[string]string{"email": "email_verified", "phone_number": "phone_number_verified"}

func (a *attributes) OnMount(ctx app.Context) {
	a.ctx = ctx
	a.load(ctx, "")
}

// load fetches the attributes, then shows notice.
func (a *attributes) load(ctx app.Context, notice string) {
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	var u *cognito.User
	a.req.run(ctx, "Loading your attributes…", func(c context.Context) (err error) {
		u, err = sess.User(c)
		return err
	}, func(ctx app.Context) {
		a.user = u
		a.values = map[string]*string{}
		for name, v := range u.Attributes {
			a.values[name] = &v
		}
		if a.codes == nil {
			a.codes = map[string]*string{}
		}
		a.req.notice = notice
	})
}

func (a *attributes) Render() app.UI {
	card := app.Section().Class("card").ID("attributes").Aria("labelledby", "attributes-title")
	title := app.H2().ID("attributes-title").Text("Attributes")
	if a.user == nil {
		return card.Body(title, a.req.view())
	}
	names := make([]string, 0, len(a.user.Attributes))
	for n := range a.user.Attributes {
		names = append(names, n)
	}
	sort.Strings(names)
	return card.Body(
		title,
		app.Range(names).Slice(func(i int) app.UI { return a.row(names[i]) }),
		app.H3().Text("Add an attribute"),
		app.Form().ID("attr-add-form").NoValidate(true).OnSubmit(onSubmit(a.add)).Body(
			field{id: "attr-add-name", label: "Name", value: &a.newName, hint: "A standard attribute such as given_name, or custom:… for the pool's custom ones.", disabled: a.req.pending}.render(),
			field{id: "attr-add-value", label: "Value", value: &a.newValue, disabled: a.req.pending}.render(),
			submit("attr-add-submit", "Add", &a.req),
		),
		a.req.view(),
	)
}

// row is one attribute: its value, and the actions it allows.
func (a *attributes) row(name string) app.UI {
	id := "attr-" + strings.NewReplacer(":", "-", "_", "-").Replace(name)
	value := a.values[name]
	flag, canVerify := verifiable[name]
	unverified := canVerify && a.user.Attributes[flag] != "true"
	code, verifying := a.codes[name]
	changed := *value != a.user.Attributes[name]
	var input app.UI
	if readOnly[name] {
		input = app.Code().ID(id + "-value").Text(*value)
	} else {
		input = app.Input().Type("text").ID(id+"-value").Aria("label", name).Value(*value).
			Disabled(a.req.pending).OnInput(bind(value))
	}
	var badge, verifyForm app.UI
	switch {
	case unverified:
		badge = app.Span().Class("badge bad").ID(id + "-status").Text("unverified")
	case canVerify:
		badge = app.Span().Class("badge ok").ID(id + "-status").Text("verified")
	}
	if verifying {
		verifyForm = app.Form().Class("actions").ID(id+"-verify-form").NoValidate(true).
			OnSubmit(onSubmit(func(ctx app.Context) { a.verify(ctx, name) })).Body(
			app.Input().Type("text").ID(id+"-code").Aria("label", "Code for "+name).Placeholder("Code").
				Attr("inputmode", "numeric").Attr("autocomplete", "one-time-code").Value(*code).OnInput(bind(code)),
			app.Button().Type("submit").ID(id+"-confirm").Class("small").Disabled(a.req.pending).Text("Confirm"),
		)
	}
	return app.Div().Class("attr-row").Body(
		app.Div().Class("attr-name").Body(app.Text(name+" "), badge),
		input,
		app.If(!readOnly[name], app.Div().Class("actions").Body(
			app.Button().ID(id+"-save").Class("small").Disabled(a.req.pending || !changed).Text("Save").
				OnClick(func(ctx app.Context, e app.Event) { a.save(ctx, name) }),
			app.Button().ID(id+"-delete").Class("small secondary").Disabled(a.req.pending).Text("Delete").
				OnClick(func(ctx app.Context, e app.Event) { a.remove(ctx, name) }),
			app.If(unverified && !verifying, app.Button().ID(id+"-verify").Class("small secondary").Disabled(a.req.pending).Text("Verify").
				OnClick(func(ctx app.Context, e app.Event) { a.sendCode(ctx, name) })),
		)),
		verifyForm,
	)
}

// refreshAfter reloads the attributes and refreshes the tokens, whose
// claims carry the attributes as they were when issued.
func (a *attributes) refreshAfter(notice string) {
	ctx := a.ctx
	if sess, _ := shared.Session(); sess != nil {
		ctx.Async(func() { shared.Refresh(ctx, sess) })
	}
	a.load(ctx, notice)
}

func (a *attributes) save(ctx app.Context, name string) {
	value := *a.values[name]
	if len(value) > maxAttrLen {
		a.req.fail("That value is too long.")
		return
	}
	a.update(ctx, name, value)
}

func (a *attributes) add(ctx app.Context) {
	name, value := strings.TrimSpace(a.newName), a.newValue
	switch {
	case name == "" || len(name) > 64:
		a.req.fail("Enter an attribute name of at most 64 characters.")
		return
	case len(value) > maxAttrLen:
		a.req.fail("That value is too long.")
		return
	}
	a.update(ctx, name, value)
	a.newName, a.newValue = "", ""
}

func (a *attributes) update(ctx app.Context, name, value string) {
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	var sent []cognito.CodeDelivery
	a.req.run(ctx, "Saving "+name+"…", func(c context.Context) (err error) {
		sent, err = sess.UpdateAttributes(c, map[string]string{name: value})
		return err
	}, func(app.Context) {
		notice := "Saved " + name + "."
		for _, d := range sent {
			empty := ""
			a.codes[d.Attribute] = &empty
			notice += " We sent a code to " + d.Destination + " to verify it."
		}
		a.refreshAfter(notice)
	})
}

func (a *attributes) remove(ctx app.Context, name string) {
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	a.req.run(ctx, "Deleting "+name+"…", func(c context.Context) error {
		return sess.DeleteAttributes(c, name)
	}, func(app.Context) {
		a.refreshAfter("Deleted " + name + ".")
	})
}

func (a *attributes) sendCode(ctx app.Context, name string) {
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	var d *cognito.CodeDelivery
	a.req.run(ctx, "Sending a code…", func(c context.Context) (err error) {
		d, err = sess.SendAttributeCode(c, name)
		return err
	}, func(app.Context) {
		empty := ""
		a.codes[name] = &empty
		a.req.notice = "We sent a code."
		if d != nil && d.Destination != "" {
			a.req.notice = "We sent a code to " + d.Destination + "."
		}
	})
}

func (a *attributes) verify(ctx app.Context, name string) {
	sess, _ := shared.Session()
	code := *a.codes[name]
	if msg := checkCode(code); msg != "" || sess == nil {
		a.req.fail(msg)
		return
	}
	a.req.run(ctx, "Verifying "+name+"…", func(c context.Context) error {
		return sess.VerifyAttribute(c, name, code)
	}, func(app.Context) {
		delete(a.codes, name)
		a.refreshAfter("Verified " + name + ".")
	})
}
