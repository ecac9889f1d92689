package ui

import (
	"fmt"
	"testing"

	"github.com/cognitowasm/cognitowasm/app/cognito"
)

func TestErrorText(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&cognito.Error{Code: "InvalidParameterException", Message: "email: required attribute"},
			"Some of the information entered is not valid. (email: required attribute)"},
		{&cognito.Error{Code: "NotAuthorizedException", Message: "Incorrect username or password."},
			"Incorrect username or password."},
		{fmt.Errorf("wrapped: %w", &cognito.Error{Code: "InvalidParameterException"}),
			"Some of the information entered is not valid."},
	}
	for _, tt := range tests {
		if got := errorText(tt.err); got != tt.want {
			t.Errorf("errorText(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
