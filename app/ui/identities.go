package ui

import (
	"encoding/json"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/token"
	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// identities reads the ID token's identities claim: the providers the
// user signs in with. A malformed claim reads as none.
func identities(t cognito.Tokens) []userpool.Identity {
	d, err := token.Decode(t.IDToken)
	if err != nil || d.Claims["identities"] == nil {
		return nil
	}
	raw, err := json.Marshal(d.Claims["identities"])
	if err != nil {
		return nil
	}
	ids, _ := userpool.ParseIdentities(raw)
	return ids
}

// linkedIdentities is the account page's list of the providers the user
// signs in with, and, for a user a provider created, why the password
// features are not here.
type linkedIdentities struct {
	app.Compo
	IDs     []userpool.Identity
	Creator string // the provider that created the user; "" for a native user
}

func (l *linkedIdentities) Render() app.UI {
	intro := "You can also sign in with these accounts."
	if l.Creator != "" {
		title := userpool.ProviderTitle(l.Creator)
		intro = "You sign in with " + title + ", so this account has no password here. Manage your password and " +
			"two-step verification at " + title + "."
	}
	ids := l.IDs
	return app.Section().Class("card").ID("identities").Aria("labelledby", "identities-title").Body(
		app.H2().ID("identities-title").Text("Linked sign-ins"),
		app.P().ID("identities-intro").Text(intro),
		app.Div().Class("rows").ID("identities-list").Body(
			app.Range(ids).Slice(func(i int) app.UI { return &identityRow{id: ids[i]} }),
		),
	)
}

// identityRow is one linked provider identity.
type identityRow struct {
	app.Compo
	id userpool.Identity
}

func (r *identityRow) Render() app.UI {
	since := "unknown"
	if !r.id.DateCreated.IsZero() {
		since = r.id.DateCreated.Local().Format("2 Jan 2006")
	}
	kind := r.id.ProviderType
	if kind == r.id.ProviderName || kind == "" {
		kind = ""
	} else {
		kind = " (" + kind + ")"
	}
	return app.Div().Class("attr-row identity").DataSet("provider", r.id.ProviderName).Body(
		app.Div().Class("attr-name").Text(userpool.ProviderTitle(r.id.ProviderName)+kind),
		app.Div().Body(
			app.Div().Body(app.Text("User ID there: "), app.Code().Class("identity-user").Text(r.id.UserID)),
			app.Div().Class("muted identity-since").Text("Linked since "+since),
		),
	)
}

// identitiesNote makes the identities claim readable in the inspector:
// one line per provider.
func identitiesNote(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	ids, err := userpool.ParseIdentities(raw)
	if err != nil {
		return ""
	}
	note := ""
	for i, id := range ids {
		if i > 0 {
			note += "; "
		}
		note += userpool.ProviderTitle(id.ProviderName) + " user " + id.UserID
		if id.Primary {
			note += ", created this user"
		}
		if !id.DateCreated.IsZero() {
			note += ", linked " + clock(id.DateCreated)
		}
	}
	return note
}
