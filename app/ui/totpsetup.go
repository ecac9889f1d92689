package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// TOTPSetupStep sets up an authenticator app during sign-in, when the pool
// requires MFA and the user has none: scan the QR code (or type the key),
// then enter the app's first code.
type TOTPSetupStep struct {
	app.Compo
	step     *cognito.NextStep
	code     string
	remember bool
	invalid  string
	req      call
}

func (p *TOTPSetupStep) OnMount(ctx app.Context) { shared.follow(ctx) }

func (p *TOTPSetupStep) OnNav(ctx app.Context) {
	shared.whenReady(ctx, func(ctx app.Context) {
		arrive(ctx, "Set up your authenticator app")
		p.step, p.code, p.invalid = shared.pendingStep(), "", ""
		p.Update()
	})
}

func (p *TOTPSetupStep) Render() app.UI {
	if !shared.isReady() || shared.err != nil {
		return frame(false, notReady())
	}
	if stepKind(p.step) != cognito.StepTOTPSetup || p.step.TOTPSetup == nil {
		return noStep("Set up your authenticator app")
	}
	return frame(false, app.Div().Class("card").Body(
		heading("Set up your authenticator app"),
		totpInstructions(p.step.TOTPSetup),
		app.Form().ID("totp-setup-form").NoValidate(true).OnSubmit(onSubmit(p.submit)).Body(
			field{id: "totp-setup-code", label: "Code from the app", autocomplete: "one-time-code", inputMode: "numeric",
				value: &p.code, invalid: p.invalid, required: true, disabled: p.req.pending}.render(),
			rememberBox(&p.remember, p.req.pending),
			p.req.view(),
			submit("totp-setup-submit", "Verify and sign in", "Verifying…", &p.req),
		),
	))
}

func (p *TOTPSetupStep) submit(ctx app.Context) {
	submitCode(ctx, &p.req, p.step, p.code, &p.invalid, p.remember)
}

// totpInstructions shows a new authenticator secret: as a QR code of its
// otpauth URI and as text to type or copy.
func totpInstructions(setup *cognito.TOTPSetup) app.UI {
	uri := setup.URI(totpIssuer, "")
	return app.Div().Class("totp-setup").Body(
		app.P().Text("Scan this QR code with your authenticator app (such as Google Authenticator, 1Password or Authy):"),
		qrSVG("totp-qr", uri, "QR code that adds this account to an authenticator app"),
		app.P().Text("Or type this key into the app:"),
		app.Code().ID("totp-secret").Class("secret").Text(groupKey(setup.Secret)),
		app.Input().ID("totp-uri").Type("hidden").Value(uri),
	)
}

// groupKey spaces a base32 key in fours, which is easier to type.
func groupKey(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
