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
	signInStep
	code    string
	invalid string
}

func (p *TOTPSetupStep) OnNav(ctx app.Context) {
	p.arrive(ctx, "Set up your authenticator app", func() { p.code, p.invalid = "", "" })
}

func (p *TOTPSetupStep) Render() app.UI {
	ok := p.waiting() == cognito.StepTOTPSetup && p.step.TOTPSetup != nil
	if !ok {
		return p.card("Set up your authenticator app", false)
	}
	return p.card("Set up your authenticator app", true,
		totpInstructions(p.step.TOTPSetup),
		p.form("totp-setup", p.submit, "Verify and sign in", "Verifying…",
			field{id: "totp-setup-code", label: "Code from the app", autocomplete: "one-time-code", inputMode: "numeric",
				value: &p.code, invalid: p.invalid, required: true, disabled: p.req.pending}.render(),
			p.rememberBox(),
		),
	)
}

func (p *TOTPSetupStep) submit(ctx app.Context) { p.answerCode(ctx, p.code, &p.invalid) }

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
