package ui

import (
	"context"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// mfaSettings turns each MFA type on and off, picks the preferred one, and
// adds an authenticator app (a QR code, then its first code).
type mfaSettings struct {
	app.Compo
	ctx   app.Context
	user  *cognito.User
	setup *cognito.TOTPSetup // an authenticator being added
	code  string
	req   call
}

// mfaOrder is the order MFA types are listed in.
var mfaOrder = []cognito.MFAType{cognito.MFATOTP, cognito.MFASMS, cognito.MFAEmail}

func (m *mfaSettings) OnMount(ctx app.Context) {
	m.ctx = ctx
	m.load(ctx, "")
}

func (m *mfaSettings) load(ctx app.Context, notice string) {
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	var u *cognito.User
	m.req.run(ctx, "Loading your sign-in settings…", func(c context.Context) (err error) {
		u, err = sess.User(c)
		return err
	}, func(app.Context) {
		m.user, m.req.notice = u, notice
	})
}

// state says whether t is on and preferred for the user.
func (m *mfaSettings) state(t cognito.MFAType) (on, preferred bool) {
	for _, name := range m.user.MFAMethods {
		if mt, ok := cognito.ParseMFAType(name); ok && mt == t {
			on = true
		}
	}
	pt, _ := cognito.ParseMFAType(m.user.PreferredMFA)
	return on, on && pt == t
}

// ready says why t cannot be turned on yet, or "".
func (m *mfaSettings) notReady(t cognito.MFAType) string {
	switch t {
	case cognito.MFASMS:
		if m.user.Attributes["phone_number"] == "" || m.user.Attributes["phone_number_verified"] != "true" {
			return "Add and verify a phone number above first."
		}
	case cognito.MFAEmail:
		if m.user.Attributes["email"] == "" {
			return "Add an email address above first."
		}
	}
	return ""
}

func (m *mfaSettings) Render() app.UI {
	body := []app.UI{
		app.H2().ID("mfa-title").Text("Two-step verification"),
		app.P().Class("muted").Text("A second step at sign-in keeps your account safe even if your password leaks."),
	}
	if m.user != nil {
		body = append(body, app.Div().Class("rows").ID("mfa-list").Body(
			app.Range(mfaOrder).Slice(func(i int) app.UI { return m.row(mfaOrder[i]) }),
		))
	}
	if m.setup != nil {
		body = append(body, app.Div().ID("totp-add").Body(
			app.H3().Text("Add an authenticator app"),
			totpInstructions(m.setup),
			app.Form().ID("totp-add-form").NoValidate(true).OnSubmit(onSubmit(m.verify)).Body(
				field{id: "totp-add-code", label: "Code from the app", autocomplete: "one-time-code", inputMode: "numeric",
					value: &m.code, required: true, disabled: m.req.pending}.render(),
				app.Div().Class("actions").Body(
					submit("totp-add-submit", "Verify and turn on", "Turning it on…", &m.req),
					app.Button().ID("totp-add-cancel").Type("button").Class("secondary").Disabled(m.req.pending).Text("Cancel").
						OnClick(func(ctx app.Context, e app.Event) { m.setup, m.code = nil, "" }),
				),
			),
		))
	}
	body = append(body, m.req.view())
	return app.Section().Class("card").ID("mfa").Aria("labelledby", "mfa-title").Body(body...)
}

func (m *mfaSettings) row(t cognito.MFAType) app.UI {
	on, preferred := m.state(t)
	status := "Off"
	switch {
	case preferred:
		status = "On, used first"
	case on:
		status = "On"
	}
	id := "mfa-" + strings.ToLower(string(t))
	var actions []app.UI
	switch {
	case on:
		if !preferred {
			actions = append(actions, app.Button().ID(id+"-prefer").Class("secondary").Disabled(m.req.pending).Text("Use first").
				OnClick(func(ctx app.Context, e app.Event) {
					m.set(ctx, t, cognito.MFAPreferred, mfaLabels[t]+" is now used first.")
				}))
		}
		actions = append(actions, app.Button().ID(id+"-off").Class("secondary").Disabled(m.req.pending).Text("Turn off").
			OnClick(func(ctx app.Context, e app.Event) { m.set(ctx, t, cognito.MFADisabled, mfaLabels[t]+" is off.") }))
	case t == cognito.MFATOTP:
		actions = append(actions, app.Button().ID(id+"-on").Disabled(m.req.pending || m.setup != nil).Text("Set up").
			OnClick(func(ctx app.Context, e app.Event) { m.startTOTP(ctx) }))
	default:
		why := m.notReady(t)
		actions = append(actions, app.Button().ID(id+"-on").Disabled(m.req.pending || why != "").Text("Turn on").
			OnClick(func(ctx app.Context, e app.Event) { m.set(ctx, t, cognito.MFAEnabled, mfaLabels[t]+" is on.") }))
		if why != "" {
			actions = append(actions, app.Span().Class("hint").ID(id+"-hint").Text(why))
		}
	}
	return app.Div().Class("attr-row").ID(id).Body(
		app.Div().Class("attr-name").Text(mfaLabels[t]),
		app.Span().ID(id+"-status").Text(status),
		app.Div().Class("actions").Body(actions...),
	)
}

func (m *mfaSettings) set(ctx app.Context, t cognito.MFAType, choice cognito.MFAChoice, notice string) {
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	m.req.run(ctx, "Saving…", func(c context.Context) error {
		return sess.SetMFAPreference(c, map[cognito.MFAType]cognito.MFAChoice{t: choice})
	}, func(app.Context) { m.load(m.ctx, notice) })
}

func (m *mfaSettings) startTOTP(ctx app.Context) {
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	var setup *cognito.TOTPSetup
	m.req.run(ctx, "Making a new key…", func(c context.Context) (err error) {
		setup, err = sess.SetUpTOTP(c)
		return err
	}, func(app.Context) { m.setup, m.code = setup, "" })
}

func (m *mfaSettings) verify(ctx app.Context) {
	sess, _ := shared.Session()
	code := strings.TrimSpace(m.code)
	if msg := checkOneTimeCode(code); msg != "" || sess == nil {
		m.req.fail(ctx, msg)
		return
	}
	// The new authenticator is used first unless another method already is.
	choice := cognito.MFAPreferred
	if m.user != nil && m.user.PreferredMFA != "" {
		choice = cognito.MFAEnabled
	}
	m.req.run(ctx, "Checking the code…", func(c context.Context) error {
		if err := sess.VerifyTOTPSetup(c, code, "Authenticator"); err != nil {
			return err
		}
		return sess.SetMFAPreference(c, map[cognito.MFAType]cognito.MFAChoice{cognito.MFATOTP: choice})
	}, func(app.Context) {
		m.setup, m.code = nil, ""
		m.load(m.ctx, "Your authenticator app is set up: sign-ins now ask for its code.")
	})
}
