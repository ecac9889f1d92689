package ui

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/cognitowasm/cognitowasm/app/cognito"
	"github.com/cognitowasm/cognitowasm/app/token"
)

// timeClaims are the claims that hold a NumericDate.
var timeClaims = map[string]bool{"exp": true, "iat": true, "nbf": true, "auth_time": true}

// claimRow is one line of a claims table.
type claimRow struct{ Name, Value, Note string }

// claimRows lists claims sorted by name, with times made readable relative to now.
func claimRows(claims map[string]any, now time.Time) []claimRow {
	names := make([]string, 0, len(claims))
	for n := range claims {
		names = append(names, n)
	}
	sort.Strings(names)
	rows := make([]claimRow, 0, len(names))
	for _, n := range names {
		r := claimRow{Name: n, Value: claimValue(claims[n])}
		if f, ok := claims[n].(float64); ok && timeClaims[n] {
			t := time.Unix(int64(f), 0)
			r.Note = clock(t) + " (" + relative(t, now) + ")"
		}
		if n == "identities" {
			r.Note = identitiesNote(claims[n])
		}
		rows = append(rows, r)
	}
	return rows
}

// clock prints a time the one way the app shows times: in the browser's
// zone, named, so no page mixes zones.
func clock(t time.Time) string {
	t = t.Local()
	if _, offset := t.Zone(); offset == 0 {
		return t.Format("2006-01-02 15:04:05") + " UTC" // Go in the browser names it "UTC+0"
	}
	return t.Format("2006-01-02 15:04:05 MST")
}

// claimValue prints a claim as JSON, except that strings print bare.
func claimValue(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	if f, ok := v.(float64); ok && f == float64(int64(f)) {
		return fmt.Sprint(int64(f))
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// relative says how far t is from now, e.g. "in 59m 12s" or "3h 2m ago".
func relative(t, now time.Time) string {
	d := t.Sub(now).Round(time.Second)
	if d >= 0 {
		return "in " + short(d)
	}
	return short(-d) + " ago"
}

// short formats d as the two largest of hours, minutes and seconds.
func short(d time.Duration) string {
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	switch {
	case h >= 48:
		return fmt.Sprintf("%dd %dh", h/24, h%24)
	case h > 0:
		return fmt.Sprintf("%dh %dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm %ds", m, s)
	}
	return fmt.Sprintf("%ds", s)
}

// header prints a JWT header as indented JSON.
func header(d *token.Decoded) string {
	b, err := json.MarshalIndent(d.Header, "", "  ")
	if err != nil {
		return fmt.Sprint(d.Header)
	}
	return string(b)
}

// displayName is how the top bar names the signed-in user: their email when
// the ID token has one, else Cognito's username.
func displayName(sess *cognito.Session, t cognito.Tokens) string {
	if d, err := token.Decode(t.IDToken); err == nil {
		if email := d.String("email"); email != "" {
			return email
		}
		if name := d.String("cognito:username"); name != "" {
			return name
		}
	}
	return sess.Username()
}

// groups lists the cognito:groups claim of the access token, if any.
func groups(t cognito.Tokens) []string {
	d, err := token.Decode(t.AccessToken)
	if err != nil {
		return nil
	}
	return d.Strings("cognito:groups")
}
