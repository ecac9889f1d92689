//go:build !js

package cognito

import (
	"maps"
	"slices"
	"testing"
)

// The local pool never requires attributes, so the parsing of Cognito's
// NEW_PASSWORD_REQUIRED parameters is checked here on the shapes Cognito sends.
func TestParseNewPasswordRequired(t *testing.T) {
	for _, tc := range []struct {
		name      string
		params    map[string]string
		required  []string
		attrs     map[string]string
		wantError bool
	}{
		{
			name: "required attributes lose their prefix",
			params: map[string]string{
				"USER_ID_FOR_SRP":    "5f3c9a1e",
				"requiredAttributes": `["userAttributes.name","userAttributes.custom:team"]`,
				"userAttributes":     `{"email_verified":"true","email":"a@example.com"}`,
			},
			required: []string{"name", "custom:team"},
			attrs:    map[string]string{"email_verified": "true", "email": "a@example.com"},
		},
		{
			name:   "none required",
			params: map[string]string{"requiredAttributes": "[]", "userAttributes": `{"email":"a@example.com"}`},
			attrs:  map[string]string{"email": "a@example.com"},
		},
		{name: "absent parameters", params: map[string]string{}},
		{name: "bad attributes JSON", params: map[string]string{"userAttributes": `{"email":`}, wantError: true},
		{name: "bad required JSON", params: map[string]string{"requiredAttributes": `"name"`}, wantError: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var step NextStep
			err := parseNewPasswordRequired(tc.params, &step)
			if (err != nil) != tc.wantError {
				t.Fatalf("err = %v, want error %v", err, tc.wantError)
			}
			if tc.wantError {
				return
			}
			if !slices.Equal(step.RequiredAttributes, tc.required) {
				t.Errorf("RequiredAttributes = %q, want %q", step.RequiredAttributes, tc.required)
			}
			if !maps.Equal(step.UserAttributes, tc.attrs) {
				t.Errorf("UserAttributes = %v, want %v", step.UserAttributes, tc.attrs)
			}
		})
	}
}
