package ui

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// ProviderNames are the identity providers of oauth.providers, named as in
// Amplify's configuration: "Google", "Facebook", "Amazon", "Apple", and a
// custom OIDC or SAML provider by its name in the pool. Amplify's
// {"custom": "MyIdP"} form is read too.
type ProviderNames []string

func (p *ProviderNames) UnmarshalJSON(data []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	names := make(ProviderNames, 0, len(raw))
	for _, r := range raw {
		var name string
		if err := json.Unmarshal(r, &name); err != nil {
			var custom struct{ Custom string }
			if err := json.Unmarshal(r, &custom); err != nil || custom.Custom == "" {
				return fmt.Errorf("oauth.providers: %s is neither a name nor {\"custom\": name}", r)
			}
			name = custom.Custom
		}
		names = append(names, name)
	}
	*p = names
	return nil
}

// amplifyProviders maps Amplify's provider names to the pool's, as
// Amplify's signInWithRedirect does; other names are the pool's already.
var amplifyProviders = map[string]string{
	"Google":   userpool.ProviderGoogle,
	"Facebook": userpool.ProviderFacebook,
	"Amazon":   userpool.ProviderAmazon,
	"Apple":    userpool.ProviderApple,
}

// poolProvider is the pool's name (identity_provider) for a configured provider.
func poolProvider(name string) string {
	if n, ok := amplifyProviders[name]; ok {
		return n
	}
	return name
}

// validate checks each name could be a pool's provider name: 1 to 32
// characters without spaces, not COGNITO (the hosted UI's own button),
// each once.
func (p ProviderNames) validate() error {
	seen := map[string]bool{}
	for _, name := range p {
		switch {
		case name == "" || len(name) > 32 || strings.IndexFunc(name, unicode.IsSpace) >= 0:
			return fmt.Errorf("%w: oauth.providers: %q is not a provider name (1 to 32 characters, no spaces)", ErrConfig, name)
		case name == userpool.ProviderCognito:
			return fmt.Errorf("%w: oauth.providers: leave out COGNITO; the hosted UI's own button is always there", ErrConfig)
		case seen[poolProvider(name)]:
			return fmt.Errorf("%w: oauth.providers: %q is listed twice", ErrConfig, name)
		}
		seen[poolProvider(name)] = true
	}
	return nil
}

// providerButton is a provider's sign-in button in the provider's own
// words and colours, with its mark. OIDC and SAML providers get a
// neutral button with their name.
func providerButton(configured string) app.UI {
	name := poolProvider(configured)
	look, ok := providerLooks[name]
	if !ok {
		look = providerLook{class: "provider-custom", mark: markCustom}
	}
	return app.Button().Type("button").ID("signin-provider-"+name).Class("provider "+look.class).
		OnClick(func(ctx app.Context, e app.Event) { goToHostedUI(ctx, name) }).
		Body(app.Raw(look.mark), app.Span().Text(userpool.ProviderButtonText(name)))
}

// providerLook is a brand's button class and mark (an inline SVG, hidden
// from screen readers: the text says it all).
type providerLook struct{ class, mark string }

var providerLooks = map[string]providerLook{
	userpool.ProviderGoogle:   {"provider-google", markGoogle},
	userpool.ProviderFacebook: {"provider-facebook", markFacebook},
	userpool.ProviderAmazon:   {"provider-amazon", markAmazon},
	userpool.ProviderApple:    {"provider-apple", markApple},
}

const (
	// Google's four-colour G, as on its sign-in button.
	markGoogle = `<svg class="mark" aria-hidden="true" focusable="false" viewBox="0 0 48 48"><path fill="#EA4335" d="M24 9.5c3.54 0 6.71 1.22 9.21 3.6l6.85-6.85C35.9 2.38 30.47 0 24 0 14.62 0 6.51 5.38 2.56 13.22l7.98 6.19C12.43 13.72 17.74 9.5 24 9.5z"/><path fill="#4285F4" d="M46.98 24.55c0-1.57-.15-3.09-.38-4.55H24v9.02h12.94c-.58 2.96-2.26 5.48-4.78 7.18l7.73 6c4.51-4.18 7.09-10.36 7.09-17.65z"/><path fill="#FBBC05" d="M10.53 28.59c-.48-1.45-.76-2.99-.76-4.59s.27-3.14.76-4.59l-7.98-6.19C.92 16.46 0 20.12 0 24c0 3.88.92 7.54 2.56 10.78l7.97-6.19z"/><path fill="#34A853" d="M24 48c6.48 0 11.93-2.13 15.89-5.81l-7.73-6c-2.15 1.45-4.92 2.3-8.16 2.3-6.26 0-11.57-4.22-13.47-9.91l-7.98 6.19C6.51 42.62 14.62 48 24 48z"/></svg>`
	// Facebook's f in a circle, white on the brand blue.
	markFacebook = `<svg class="mark" aria-hidden="true" focusable="false" viewBox="0 0 24 24"><circle cx="12" cy="12" r="12" fill="#fff"/><path fill="#0866FF" d="M16.5 15.5l.5-3.5h-3.3V9.8c0-1 .5-1.9 2-1.9H17V5c-.5-.1-1.5-.2-2.6-.2-2.7 0-4.4 1.6-4.4 4.6V12H7v3.5h3V24h3.7v-8.5z"/></svg>`
	// Amazon's smile arrow.
	markAmazon = `<svg class="mark" aria-hidden="true" focusable="false" viewBox="0 0 24 24"><path fill="none" stroke="#0F1111" stroke-width="2" stroke-linecap="round" d="M3 14.5c5 3.3 12.5 3.6 18 .5"/><path fill="#0F1111" d="M22.6 13.2l-4.3.2 3 3z"/></svg>`
	// Apple's apple, white on black.
	markApple = `<svg class="mark" aria-hidden="true" focusable="false" viewBox="0 0 24 24"><path fill="#fff" d="M16.4 12.7c0-2.4 2-3.5 2-3.6-1.1-1.6-2.8-1.8-3.4-1.8-1.4-.1-2.8.9-3.5.9s-1.8-.9-3-.8c-1.6 0-3 .9-3.8 2.3-1.6 2.8-.4 6.9 1.2 9.2.8 1.1 1.7 2.3 2.9 2.3 1.1 0 1.6-.7 3-.7s1.8.7 3 .7 2-1.1 2.8-2.2c.9-1.3 1.2-2.5 1.3-2.6-.1 0-2.5-.9-2.5-3.7zM14.1 5.6c.6-.8 1.1-1.8.9-2.9-.9 0-2 .6-2.7 1.4-.6.7-1.1 1.8-1 2.8 1.1.1 2.1-.5 2.8-1.3z"/></svg>`
	// A key, for OIDC and SAML providers, which have no brand here.
	markCustom = `<svg class="mark" aria-hidden="true" focusable="false" viewBox="0 0 24 24"><circle cx="8" cy="12" r="4" fill="none" stroke="currentColor" stroke-width="2"/><path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M12 12h9m-3 0v3m-3-3v2"/></svg>`
)
