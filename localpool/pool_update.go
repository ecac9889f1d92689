package localpool

import (
	"slices"
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

// validate checks what the model cannot say (enums, lengths and ranges it
// has checked): the rules across members.
func (in *poolSettings) validate() error {
	if s := in.UserAttributeUpdateSettings; s != nil {
		for _, v := range s.AttributesRequireVerificationBeforeUpdate {
			if !slices.Contains(in.AutoVerifiedAttributes, v) {
				return errInvalidParameter("The attribute %s in AttributesRequireVerificationBeforeUpdate must also be in AutoVerifiedAttributes.", v)
			}
		}
	}
	return in.validateSignIn()
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
	if err := in.validate(); err != nil {
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
