package localpool

import (
	"slices"
	"strings"
	"time"

	"github.com/cognitowasm/cognitowasm/app/userpool"
)

// poolSettings are the settings CreateUserPool and UpdateUserPool share.
// UpdateUserPool, like Cognito's, sets every setting it is not given back to
// its default.
type poolSettings struct {
	Policies *struct {
		PasswordPolicy *passwordPolicy
		SignInPolicy   *signInPolicy
	}
	UserPoolTier                string
	AutoVerifiedAttributes      []string
	UserAttributeUpdateSettings *userAttributeUpdateSettings
	poolMFASettings
}

func (in *poolSettings) validate() error {
	if err := in.poolMFASettings.validate(); err != nil {
		return err
	}
	verified := []string{"email", "phone_number"}
	for _, v := range in.AutoVerifiedAttributes {
		if !slices.Contains(verified, v) {
			return errInvalidParameter("AutoVerifiedAttributes may only hold %s.", strings.Join(verified, ", "))
		}
	}
	if s := in.UserAttributeUpdateSettings; s != nil {
		for _, v := range s.AttributesRequireVerificationBeforeUpdate {
			if !slices.Contains(verified, v) {
				return errInvalidParameter("AttributesRequireVerificationBeforeUpdate may only hold %s.", strings.Join(verified, ", "))
			}
			if !slices.Contains(in.AutoVerifiedAttributes, v) {
				return errInvalidParameter("The attribute %s in AttributesRequireVerificationBeforeUpdate must also be in AutoVerifiedAttributes.", v)
			}
		}
	}
	if err := in.validateSignIn(); err != nil {
		return err
	}
	if in.Policies != nil && in.Policies.PasswordPolicy != nil {
		pp := in.Policies.PasswordPolicy
		if pp.MinimumLength < 6 || pp.MinimumLength > 99 || pp.TemporaryPasswordValidityDays < 0 || pp.TemporaryPasswordValidityDays > 365 {
			return errInvalidParameter("PasswordPolicy.MinimumLength must be 6 to 99 and TemporaryPasswordValidityDays 0 to 365.")
		}
	}
	return nil
}

// apply sets the settings on a pool, with Cognito's defaults for those left out.
func (in *poolSettings) apply(p *poolRecord, now time.Time) {
	p.Policies.PasswordPolicy = defaultPasswordPolicy
	if in.Policies != nil && in.Policies.PasswordPolicy != nil {
		p.Policies.PasswordPolicy = *in.Policies.PasswordPolicy
	}
	p.Policies.SignInPolicy = nil
	if in.Policies != nil && in.Policies.SignInPolicy != nil {
		p.Policies.SignInPolicy = in.Policies.SignInPolicy
	}
	switch { // Cognito keeps the feature plan when UpdateUserPool leaves it out
	case in.UserPoolTier != "":
		p.UserPoolTier = in.UserPoolTier
	case p.UserPoolTier == "":
		p.UserPoolTier = userpool.TierEssentials
	}
	p.AutoVerifiedAttributes = in.AutoVerifiedAttributes
	p.UserAttributeUpdateSettings = in.UserAttributeUpdateSettings
	in.poolMFASettings.apply(p)
	p.LastModifiedDate = epochTime(now)
}

type updateUserPoolInput struct {
	poolSettings
	UserPoolId string
}

func updateUserPool(c *call, in *updateUserPoolInput) (any, error) {
	if err := firstError(required("UserPoolId", in.UserPoolId, maxID), in.validate()); err != nil {
		return nil, err
	}
	return nil, c.updatePool(in.UserPoolId, func(p *poolTx) error {
		pool, err := p.pool()
		if err != nil {
			return err
		}
		in.apply(pool, c.now)
		return p.putPool(pool)
	})
}
