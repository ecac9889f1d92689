package ui

import (
	"context"
	"errors"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// call tracks the one request a form has in flight, so its buttons stay
// disabled until the answer arrives and nothing is sent twice. Its message
// shows where view is placed, next to what caused it, and takes the focus.
type call struct {
	id      string // prefix of the message's element IDs; "" gives "error", "notice" and "progress"
	pending bool
	status  string // what the request is doing, shown with a spinner
	err     string // the last failure, in plain words
	notice  string // the last success worth telling
	// links follow the message: what the user may do next.
	links []link
	say   []override // the page's own sentences for some exceptions
	// statusSeq counts progress changes asked for from the background and
	// the ends of requests, so a late timer of setStatus knows it is stale.
	statusSeq atomic.Uint64
}

// link is a next step offered under a message.
type link struct{ href, text string }

func (c *call) elementID(kind string) string {
	if c.id == "" {
		return kind
	}
	return c.id + "-" + kind
}

// run starts do in the background with status shown; then, on success, runs
// on the UI goroutine. A call already pending is not started again. When it
// ends, the focus moves to its message, or to where then sent it.
func (c *call) run(ctx app.Context, status string, do func(context.Context) error, then func(app.Context)) {
	if c.pending {
		return
	}
	c.pending, c.status, c.err, c.notice, c.links = true, status, "", "", nil
	ctx.Async(func() {
		err := do(ctx)
		c.statusSeq.Add(1)
		ctx.Dispatch(func(ctx app.Context) {
			c.pending, c.status = false, ""
			path := currentPath()
			if err != nil {
				c.err = Message(err, c.say...)
				for _, o := range c.say {
					if errors.Is(err, o.err) {
						c.links = o.links
						break
					}
				}
				shared.checkAfter(err)
			} else if then != nil {
				then(ctx)
			}
			c.focus(ctx, path)
		})
	})
}

// fail shows a validation failure without sending anything, and focuses
// the first invalid field of the page, else the message.
func (c *call) fail(ctx app.Context, msg string) {
	c.err, c.notice, c.links = msg, "", nil
	ctx.Defer(func(app.Context) {
		if !focusNow(`main [aria-invalid="true"]`) {
			focusNow("#" + c.elementID("error"))
		}
	})
}

// focus moves the focus to the call's message once it is drawn, unless the
// page moved on from path; the focus never falls back to the page's body.
func (c *call) focus(ctx app.Context, path string) {
	ctx.Defer(func(app.Context) {
		if currentPath() == path && (c.err != "" || c.notice != "") {
			focusNow("#"+c.elementID("error"), "#"+c.elementID("notice"))
		}
		keepFocus()
	})
}

// statusDelay is how long a step of a request lasts before the progress
// line names it.
const statusDelay = 250 * time.Millisecond

// setStatus changes the progress text from the background goroutine once
// the step it names has lasted statusDelay, and not if another step or the
// end of the request comes first. A quick step is not drawn: each redraw
// takes the page's one thread, which the request's own work needs, and a
// line that changes faster than it can be read says nothing.
func (c *call) setStatus(ctx app.Context, status string) {
	seq := c.statusSeq.Add(1)
	time.AfterFunc(statusDelay, func() {
		if c.statusSeq.Load() != seq {
			return
		}
		ctx.Dispatch(func(app.Context) {
			if c.pending && c.statusSeq.Load() == seq {
				c.status = status
			}
		})
	})
}

// view shows the progress, the error or the notice, whichever applies.
// Messages can take the focus (tabindex -1), so a screen reader reads them
// and a keyboard user continues from there.
func (c *call) view() app.UI {
	switch {
	case c.pending:
		return app.Div().Class("progress").Aria("live", "polite").ID(c.elementID("progress")).Body(
			app.Span().Class("spinner").Aria("hidden", "true"),
			app.Span().Text(c.status),
		)
	case c.err != "":
		return app.Div().Class("alert error").Role("alert").ID(c.elementID("error")).TabIndex(-1).Body(
			app.Text(c.err), c.linkList())
	case c.notice != "":
		return app.Div().Class("alert notice").Role("status").ID(c.elementID("notice")).TabIndex(-1).Body(
			app.Text(c.notice), c.linkList())
	}
	return app.Div().Aria("live", "polite")
}

func (c *call) linkList() app.UI {
	if len(c.links) == 0 {
		return nil
	}
	links := c.links
	return app.Span().Class("next").Body(app.Range(links).Slice(func(i int) app.UI {
		return app.A().Href(links[i].href).Text(links[i].text)
	}))
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
	// shown, for a password field, shows the password in clear.
	shown *bool
}

func (f field) render() app.UI {
	kind := f.kind
	if kind == "" {
		kind = "text"
	}
	if kind == "password" && f.shown != nil && *f.shown {
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
	if f.kind == "password" || f.inputMode != "" {
		input = input.Attr("autocapitalize", "off").Attr("spellcheck", "false")
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
	var control app.UI = input
	if f.kind == "password" && f.shown != nil {
		shown := f.shown
		label := "Show"
		if *shown {
			label = "Hide"
		}
		control = app.Div().Class("reveal").Body(
			input,
			app.Button().Type("button").ID(f.id+"-show").Class("small secondary").
				Aria("pressed", *shown).Aria("controls", f.id).Aria("label", label+" password").Text(label).
				OnClick(func(ctx app.Context, e app.Event) { *shown = !*shown }),
		)
	}
	return app.Div().Class("field").Body(
		app.Label().For(f.id).Text(f.label),
		control,
		app.If(f.hint != "", app.Div().ID(f.id+"-hint").Class("hint").Text(f.hint)),
		app.If(f.invalid != "", app.Div().ID(f.id+"-invalid").Class("field-error").Text(f.invalid)),
	)
}

// option is one choice of a radios group: the value sent and its label.
type option struct{ value, label string }

// radios is a group of radio buttons named name under legend; the one
// checked is kept in choice. Each input's ID is name-value.
func radios(name, legend string, options []option, choice *string, disabled bool) app.UI {
	return app.FieldSet().Body(
		app.Legend().Text(legend),
		app.Range(options).Slice(func(i int) app.UI {
			v := options[i].value
			id := name + "-" + v
			return app.Div().Class("field checkbox").Body(
				app.Input().ID(id).Type("radio").Name(name).Value(v).Checked(*choice == v).Disabled(disabled).
					OnChange(func(ctx app.Context, e app.Event) { *choice = v }),
				app.Label().For(id).Text(options[i].label),
			)
		}),
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

// newPassword is a new password with its checklist and a second field to
// type it again, as the sign-up, reset and new-password forms ask.
type newPassword struct {
	password, again string
	shown           bool
}

// render draws both fields; invalid holds the refusals keyed "password" and "again".
func (n *newPassword) render(id, label string, invalid map[string]string, disabled bool) app.UI {
	return app.Div().Class("field-group").Body(
		passwordField(field{id: id, label: label, autocomplete: "new-password", value: &n.password,
			invalid: invalid["password"], required: true, disabled: disabled, shown: &n.shown}, shared.cfg.Policy()),
		field{id: id + "-again", label: "Type the password again", kind: "password", autocomplete: "new-password",
			value: &n.again, invalid: invalid["again"], required: true, disabled: disabled, shown: &n.shown}.render(),
	)
}

// check records what is wrong with the new password in invalid.
func (n *newPassword) check(invalid map[string]string) {
	if msg := checkPassword(shared.cfg.Policy(), n.password); msg != "" {
		invalid["password"] = msg
	}
	if n.again != n.password {
		invalid["again"] = "The two passwords differ. Type the same password twice."
	}
}

func (n *newPassword) clear() { n.password, n.again = "", "" }

// bind stores an input's value in p as the user types.
func bind(p *string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		*p = ctx.JSSrc().Get("value").String()
	}
}

// submit is a form's submit button. While its call is pending it is
// disabled and says what it is doing, e.g. "Signing in…".
func submit(id, label, busy string, c *call) app.UI {
	text := label
	if c.pending {
		text = busy
	}
	return app.Button().ID(id).Type("submit").Disabled(c.pending).Aria("busy", c.pending).Text(text)
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
