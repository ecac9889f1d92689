package ui

import (
	"context"
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// call tracks the one request a form has in flight, so its buttons stay
// disabled until the answer arrives and nothing is sent twice.
type call struct {
	pending bool
	status  string // what the request is doing, shown with a spinner
	err     string // the last failure, in plain words
	notice  string // the last success worth telling
	say     []override
}

// run starts do in the background with status shown; then, on success, runs
// on the UI goroutine. A call already pending is not started again.
func (c *call) run(ctx app.Context, status string, do func(context.Context) error, then func(app.Context)) {
	if c.pending {
		return
	}
	c.pending, c.status, c.err, c.notice = true, status, "", ""
	ctx.Async(func() {
		err := do(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			c.pending, c.status = false, ""
			if err != nil {
				c.err = Message(err, c.say...)
				return
			}
			if then != nil {
				then(ctx)
			}
		})
	})
}

// fail shows a validation failure without sending anything.
func (c *call) fail(msg string) {
	c.err, c.notice = msg, ""
}

// setStatus changes the progress text from the background goroutine.
func (c *call) setStatus(ctx app.Context, status string) {
	ctx.Dispatch(func(app.Context) { c.status = status })
}

// view shows the progress, the error or the notice, whichever applies.
func (c *call) view() app.UI {
	switch {
	case c.pending:
		return app.Div().Class("progress").Aria("live", "polite").ID("progress").Body(
			app.Span().Class("spinner").Aria("hidden", "true"),
			app.Span().Text(c.status),
		)
	case c.err != "":
		return app.Div().Class("alert error").Role("alert").ID("error").Text(c.err)
	case c.notice != "":
		return app.Div().Class("alert notice").Role("status").ID("notice").Text(c.notice)
	}
	return app.Div().Aria("live", "polite")
}

// field is one labelled input of a form.
type field struct {
	id, label    string
	kind         string // the input type; "" means text
	autocomplete string
	value        *string
	hint         string
	invalid      string // why the value was refused, shown under the input
	inputMode    string
	required     bool
	disabled     bool
}

func (f field) render() app.UI {
	kind := f.kind
	if kind == "" {
		kind = "text"
	}
	input := app.Input().
		ID(f.id).Name(f.id).Type(kind).
		Value(*f.value).
		Required(f.required).
		Disabled(f.disabled).
		OnInput(bind(f.value))
	if f.autocomplete != "" {
		input = input.Attr("autocomplete", f.autocomplete)
	}
	if f.inputMode != "" {
		input = input.Attr("inputmode", f.inputMode)
	}
	var described string
	if f.hint != "" {
		described = f.id + "-hint"
	}
	if f.invalid != "" {
		input = input.Aria("invalid", "true")
		described = f.id + "-invalid"
	}
	if described != "" {
		input = input.Aria("describedby", described)
	}
	return app.Div().Class("field").Body(
		app.Label().For(f.id).Text(f.label),
		input,
		app.If(f.hint != "", app.Div().ID(f.id+"-hint").Class("hint").Text(f.hint)),
		app.If(f.invalid != "", app.Div().ID(f.id+"-invalid").Class("field-error").Text(f.invalid)),
	)
}

// passwordField is a password input with the policy's checklist under it.
func passwordField(f field, policy userpool.PasswordPolicy) app.UI {
	f.kind = "password"
	rules := passwordRules(policy, *f.value)
	return app.Div().Body(
		f.render(),
		app.Ul().Class("policy").ID(f.id+"-policy").Aria("label", "Password requirements").Body(
			app.Range(rules).Slice(func(i int) app.UI {
				li := app.Li().Text(rules[i].Text)
				if rules[i].Met {
					li = li.Class("met")
				}
				return li
			}),
		),
	)
}

// bind stores an input's value in p as the user types.
func bind(p *string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		*p = ctx.JSSrc().Get("value").String()
	}
}

// submit is a form's submit button, disabled while its call is pending.
func submit(id, label string, c *call) app.UI {
	return app.Button().ID(id).Type("submit").Disabled(c.pending).Text(label)
}

// onSubmit wraps a form handler so the browser does not also submit the page.
func onSubmit(fn func(app.Context)) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		e.PreventDefault()
		fn(ctx)
	}
}

// query returns a parameter of the current page's URL.
func query(ctx app.Context, name string) string {
	return ctx.Page().URL().Query().Get(name)
}

// withQuery builds the path of a page with query parameters.
func withQuery(path string, kv ...string) string {
	path = pagePath(path)
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}
