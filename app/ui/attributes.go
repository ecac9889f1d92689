package ui

import (
	"context"
	"sort"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

// attributes lists the user's attributes, one attrRow each, and adds new ones.
type attributes struct {
	app.Compo
	// ctx is the component's own context, which lasts while it is mounted.
	// Follow-up calls run on it: the element whose event started a change
	// (a verify form, a deleted row) may be gone, and its context with it.
	ctx      app.Context
	user     *cognito.User
	newName  string
	newValue string
	load     call // loading the list, and what happened to a row that is gone
	add      call
}

// readOnly attributes cannot be changed by the user.
var readOnly = map[string]bool{"sub": true, "email_verified": true, "phone_number_verified": true, "identities": true}

// verifiable attributes can be verified with a code; the value is the flag attribute.
var verifiable = map[string]string{"email": "email_verified", "phone_number": "phone_number_verified"}

func (a *attributes) OnMount(ctx app.Context) {
	a.ctx = ctx
	a.load.id, a.add.id = "attributes", "attr-add"
	a.reload("")
}

// reload fetches the attributes, then shows notice under the list.
func (a *attributes) reload(notice string) {
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	var u *cognito.User
	a.load.run(a.ctx, "Loading your attributes…", func(c context.Context) (err error) {
		u, err = sess.User(c)
		return err
	}, func(ctx app.Context) {
		a.user = u
		a.load.notice = notice
	})
}

// changed reloads the attributes and refreshes the tokens, whose claims
// carry the attributes as they were when issued; the header then shows a
// new email at once.
func (a *attributes) changed(notice string) {
	if sess, _ := shared.Session(); sess != nil {
		ctx := a.ctx
		ctx.Async(func() { shared.Refresh(ctx, sess) })
	}
	a.reload(notice)
}

func (a *attributes) Render() app.UI {
	card := app.Section().Class("card").ID("attributes-card").Aria("labelledby", "attributes-title")
	title := app.H2().ID("attributes-title").Text("Attributes")
	if a.user == nil {
		return card.Body(title, a.load.view())
	}
	names := make([]string, 0, len(a.user.Attributes))
	for n := range a.user.Attributes {
		if n != "identities" { // the linked sign-ins card shows them readably
			names = append(names, n)
		}
	}
	sort.Strings(names)
	attrs := a.user.Attributes
	return card.Body(
		title,
		app.Div().ID("attributes").Body(
			app.Range(names).Slice(func(i int) app.UI {
				n := names[i]
				flag, canVerify := verifiable[n]
				return &attrRow{Name: n, Value: attrs[n], Verifiable: canVerify, Verified: attrs[flag] == "true", List: a}
			}),
			a.load.view(),
		),
		app.H3().Text("Add an attribute"),
		app.Form().ID("attr-add-form").NoValidate(true).OnSubmit(onSubmit(a.submitAdd)).Body(
			field{id: "attr-add-name", label: "Name", value: &a.newName, hint: "A standard attribute such as family_name, or custom:… for the pool's custom ones.", disabled: a.add.pending}.render(),
			field{id: "attr-add-value", label: "Value", value: &a.newValue, disabled: a.add.pending}.render(),
			a.add.view(),
			submit("attr-add-submit", "Add", "Adding…", &a.add),
		),
	)
}

func (a *attributes) submitAdd(ctx app.Context) {
	name, value := strings.TrimSpace(a.newName), strings.TrimSpace(a.newValue)
	switch {
	case name == "" || len(name) > 64:
		a.add.fail(ctx, "Enter an attribute name of at most 64 characters, such as family_name.")
		return
	case len(value) > maxAttrLen:
		a.add.fail(ctx, "That value is too long. Shorten it and try again.")
		return
	}
	updateAttribute(ctx, &a.add, "Adding", "Added", name, value, func([]cognito.CodeDelivery) {
		a.newName, a.newValue = "", ""
		a.changed("")
	})
}

// updateAttribute sets the signed-in user's attribute name to value through
// req, saying doing ("Saving") while it works and then done ("Saved") with
// where Cognito sent codes to verify it; then runs on the UI goroutine.
func updateAttribute(ctx app.Context, req *call, doing, done, name, value string, then func([]cognito.CodeDelivery)) {
	sess, _ := shared.Session()
	if sess == nil {
		return
	}
	var sent []cognito.CodeDelivery
	req.run(ctx, doing+" "+attributeTitle(name)+"…", func(c context.Context) (err error) {
		sent, err = sess.UpdateAttributes(c, map[string]string{name: value})
		return err
	}, func(app.Context) {
		req.notice = done + " " + attributeTitle(name) + "." + sentText(sent)
		then(sent)
	})
}

// sentText tells where Cognito sent codes to verify changed attributes.
func sentText(sent []cognito.CodeDelivery) string {
	s := ""
	for _, d := range sent {
		s += " We sent a code to " + d.Destination + " to verify your " + strings.ToLower(attributeTitle(d.Attribute)) + "."
	}
	return s
}

// attributeTitles name the standard attributes as a person would.
var attributeTitles = map[string]string{
	"sub":                   "User ID",
	"email":                 "Email",
	"email_verified":        "Email verified",
	"phone_number":          "Phone number",
	"phone_number_verified": "Phone number verified",
	"name":                  "Name",
	"given_name":            "Given name",
	"family_name":           "Family name",
	"middle_name":           "Middle name",
	"nickname":              "Nickname",
	"preferred_username":    "Preferred user name",
	"profile":               "Profile page",
	"picture":               "Picture",
	"website":               "Website",
	"gender":                "Gender",
	"birthdate":             "Birth date",
	"zoneinfo":              "Time zone",
	"locale":                "Locale",
	"address":               "Address",
	"updated_at":            "Updated at",
	"identities":            "Linked sign-ins",
}

// attributeTitle is an attribute's friendly name, e.g. "Family name" for
// family_name; a custom attribute is named by its own words.
func attributeTitle(name string) string {
	if t, ok := attributeTitles[name]; ok {
		return t
	}
	words := strings.ReplaceAll(strings.TrimPrefix(name, "custom:"), "_", " ")
	if words == "" {
		return name
	}
	return strings.ToUpper(words[:1]) + words[1:]
}

// attributeLabel names an attribute inside a sentence, e.g. "Enter your family name.".
func attributeLabel(name string) string {
	switch name {
	case "phone_number":
		return "phone number (+15551234567)"
	case "birthdate":
		return "birth date (YYYY-MM-DD)"
	}
	return strings.ToLower(attributeTitle(name))
}
