package ui

import (
	"context"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/token"
)

// tokenCard shows one JWT decoded (header and claims) and the result of
// verifying it against the pool's JWKS, with the raw token to view and copy.
type tokenCard struct {
	app.Compo
	ID    string    // element ID prefix
	Title string    // e.g. "ID token"
	Raw   string    // the JWT
	Use   token.Use // the kind it must be; token.UseAny for a pasted one
	Now   time.Time // the inspector's clock, so times in the claims stay current

	checked  string // the Raw that decoded and verification describe
	decoded  *token.Decoded
	badJWT   string // why Raw does not decode
	pending  bool
	verified bool
	reason   string // why verification failed
	copied   string // what the copy button last said
}

func (t *tokenCard) OnMount(ctx app.Context)  { t.check(ctx) }
func (t *tokenCard) OnUpdate(ctx app.Context) { t.check(ctx) }

// check decodes Raw at once and verifies it in the background.
func (t *tokenCard) check(ctx app.Context) {
	if t.Raw == t.checked {
		return
	}
	raw := t.Raw
	t.checked, t.decoded, t.badJWT, t.verified, t.reason, t.copied = raw, nil, "", false, "", ""
	d, err := token.Decode(raw)
	if err != nil {
		t.badJWT = verifyReason(err)
		return
	}
	t.decoded, t.pending = d, true
	use := t.Use
	ctx.Async(func() {
		vctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		_, err := shared.client.Verifier().Verify(vctx, raw, use)
		ctx.Dispatch(func(app.Context) {
			if t.checked != raw {
				return // a newer token replaced this one meanwhile
			}
			t.pending, t.verified = false, err == nil
			if err != nil {
				t.reason = verifyReason(err)
			}
		})
	})
}

// copy puts the raw token on the clipboard, and says whether it could.
func (t *tokenCard) copy(ctx app.Context, e app.Event) {
	denied := "This browser did not allow copying. Open “Show the raw token”, select it and copy it."
	clip := app.Window().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		t.copied = denied
		return
	}
	title := t.Title
	var done, failed app.Func
	settle := func(msg string) {
		ctx.Dispatch(func(app.Context) { t.copied = msg })
		done.Release()
		failed.Release()
	}
	done = app.FuncOf(func(app.Value, []app.Value) any { settle("Copied the " + title + " to the clipboard."); return nil })
	failed = app.FuncOf(func(app.Value, []app.Value) any { settle(denied); return nil })
	clip.Call("writeText", t.Raw).Call("then", done, failed)
}

func (t *tokenCard) Render() app.UI {
	card := app.Section().Class("card").ID(t.ID).Aria("labelledby", t.ID+"-title")
	title := app.H2().ID(t.ID + "-title").TabIndex(-1).Text(t.Title)
	if t.badJWT != "" {
		return card.Body(title, app.Div().Class("alert error").Role("alert").ID(t.ID+"-error").TabIndex(-1).Text("Not a readable JWT. "+t.badJWT))
	}
	if t.decoded == nil {
		return card.Body(title)
	}
	var status app.UI
	switch {
	case t.pending:
		status = app.Span().Class("badge plain").ID(t.ID + "-status").Text("verifying…")
	case t.verified:
		status = app.Span().Class("badge ok").ID(t.ID + "-status").Text("signature and claims verified")
	default:
		status = app.Span().Class("badge bad").ID(t.ID + "-status").Text("not verified")
	}
	now := t.Now
	if now.IsZero() {
		now = time.Now()
	}
	rows := claimRows(t.decoded.Claims, now)
	return card.Body(
		title,
		app.P().Body(status),
		app.If(t.reason != "", app.Div().Class("alert error").Role("alert").ID(t.ID+"-reason").Text(t.reason)),
		app.Div().Class("actions").Body(
			app.Button().Type("button").ID(t.ID+"-copy").Class("small secondary").Text("Copy token").
				Aria("label", "Copy the "+t.Title).OnClick(t.copy),
			app.Span().Class("muted").ID(t.ID+"-copied").Role("status").Text(t.copied),
		),
		app.Details().ID(t.ID+"-raw").Body(
			app.Summary().Text("Show the raw token ("+strconv.Itoa(len(t.Raw))+" characters)"),
			app.Pre().Class("raw").ID(t.ID+"-raw-text").Text(t.Raw),
		),
		app.H3().Text("Header"),
		app.Pre().ID(t.ID+"-header").Text(header(t.decoded)),
		app.H3().Text("Claims"),
		app.Div().Class("table-scroll").Body(app.Table().ID(t.ID+"-claims").Body(
			app.THead().Body(app.Tr().Body(app.Th().Scope("col").Text("Claim"), app.Th().Scope("col").Text("Value"))),
			app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI {
				r := rows[i]
				return app.Tr().Body(
					app.Th().Scope("row").Body(app.Code().Text(r.Name)),
					app.Td().Body(
						app.Code().Text(r.Value),
						app.If(r.Note != "", app.Div().Class("muted").Text(r.Note)),
					),
				)
			})),
		)),
	)
}
