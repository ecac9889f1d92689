package cognito

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// newPasswordRequired is NEW_PASSWORD_REQUIRED: a user an administrator
// created chooses their own password (StepNewPasswordRequired), giving the
// attributes the pool requires.
var newPasswordRequired = challengeHandler{step: newPasswordStep, respond: answerNewPassword}

// attributePrefix is how NEW_PASSWORD_REQUIRED names attributes, e.g. "userAttributes.name".
const attributePrefix = "userAttributes."

func newPasswordStep(_ context.Context, si *signIn, a *authAnswer) (*NextStep, error) {
	step := si.newStep(StepNewPasswordRequired, a)
	if err := parseNewPasswordRequired(a.params, step); err != nil {
		return nil, err
	}
	return step, nil
}

func parseNewPasswordRequired(params map[string]string, step *NextStep) error {
	if raw := params["userAttributes"]; raw != "" {
		if err := json.Unmarshal([]byte(raw), &step.UserAttributes); err != nil {
			return fmt.Errorf("cognito: NEW_PASSWORD_REQUIRED userAttributes: %w", err)
		}
	}
	if raw := params["requiredAttributes"]; raw != "" {
		var required []string
		if err := json.Unmarshal([]byte(raw), &required); err != nil {
			return fmt.Errorf("cognito: NEW_PASSWORD_REQUIRED requiredAttributes: %w", err)
		}
		for _, r := range required {
			step.RequiredAttributes = append(step.RequiredAttributes, strings.TrimPrefix(r, attributePrefix))
		}
	}
	return nil
}

// answerNewPassword sends the new password (Answer.Response) and the
// attributes. The new password is the sign-in's password from here on.
func answerNewPassword(_ context.Context, si *signIn, _ *authAnswer, answer Answer) (map[string]string, *NextStep, error) {
	if err := checkCredentials(si.username, answer.Response); err != nil {
		return nil, nil, err
	}
	si.password = answer.Response
	responses := map[string]string{"NEW_PASSWORD": answer.Response}
	for name, value := range answer.UserAttributes {
		responses[attributePrefix+name] = value
	}
	return responses, nil, nil
}
