package localpool

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Config seeds pools, clients, groups and users on a new data dir (the
// -config file of `cognitowasm localpool`). Field names follow Cognito's API.
type Config struct {
	Pools []PoolConfig `json:"Pools"`
}

// PoolConfig describes one pool. An Id equal to the default pool's ID (or
// empty Id with Name "LocalPool") adds to the default pool.
type PoolConfig struct {
	Id                     string   `json:"Id,omitempty"` // "<region>_<alnum>"; generated when empty
	Name                   string   `json:"Name"`
	UsernameAttributes     []string `json:"UsernameAttributes,omitempty"`
	AliasAttributes        []string `json:"AliasAttributes,omitempty"`
	AutoVerifiedAttributes []string `json:"AutoVerifiedAttributes,omitempty"`
	// Schema adds custom attributes (e.g. {"Name": "oshi", "AttributeDataType": "String"}
	// for custom:oshi) and marks standard ones required, as CreateUserPool's Schema.
	Schema []SchemaAttribute `json:"Schema,omitempty"`
	// MFA turns on MFA and device tracking, as SetUserPoolMfaConfig and
	// UpdateUserPool's DeviceConfiguration do.
	MFA     *MFAConfig `json:"MFA,omitempty"`
	Clients []ClientConfig
	Groups  []GroupConfig
	Users   []UserConfig
}

// MFAConfig is a pool's MFA: MfaConfiguration OFF, ON or OPTIONAL, the
// factors it offers, and DeviceConfiguration for remembered devices.
type MFAConfig struct {
	MfaConfiguration    string
	SMS, TOTP, Email    bool
	DeviceConfiguration *DeviceConfig `json:",omitempty"`
}

// DeviceConfig is DeviceConfigurationType.
type DeviceConfig struct {
	ChallengeRequiredOnNewDevice     bool
	DeviceOnlyRememberedOnUserPrompt bool
}

// ClientConfig describes an app client.
type ClientConfig struct {
	ClientName                      string
	GenerateSecret                  bool
	ExplicitAuthFlows               []string
	CallbackURLs                    []string
	LogoutURLs                      []string
	AllowedOAuthFlows               []string
	AllowedOAuthScopes              []string
	AllowedOAuthFlowsUserPoolClient bool
	SupportedIdentityProviders      []string
	AccessTokenValidity             int
	IdTokenValidity                 int
	RefreshTokenValidity            int
}

// GroupConfig describes a group.
type GroupConfig struct {
	GroupName   string
	Description string
	Precedence  *int
}

// UserConfig describes a confirmed user with a permanent password.
type UserConfig struct {
	Username   string
	Password   string
	Attributes map[string]string
	Groups     []string
}

// LoadConfig reads a seed file. Unknown fields are an error, so typos show.
func LoadConfig(path string) (*Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("localpool: %w", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	var cfg Config
	if err := dec.Decode(&cfg); err != nil {
		return nil, fmt.Errorf("localpool: %s: %w", path, err)
	}
	return &cfg, nil
}

// applySeed creates what cfg describes through the same code as the API.
func (s *Server) applySeed(c *call, cfg *Config) error {
	for _, pc := range cfg.Pools {
		poolID := pc.Id
		defaultID := s.region + "_" + DefaultPoolName
		if poolID == "" && pc.Name == DefaultPoolName {
			poolID = defaultID
		}
		if poolID != defaultID {
			if poolID == "" {
				poolID = s.region + "_" + strings.ToUpper(strings.ReplaceAll(pc.Name, " ", ""))
			}
			if !validPoolID(poolID) {
				return fmt.Errorf("pool id %q is not <region>_<alnum>", poolID)
			}
			in := createUserPoolInput{PoolName: pc.Name, UsernameAttributes: pc.UsernameAttributes,
				AliasAttributes: pc.AliasAttributes, Schema: pc.Schema, poolSettings: poolSettings{AutoVerifiedAttributes: pc.AutoVerifiedAttributes}}
			_, err := checkValue("CreateUserPool", in) // as CreateUserPool would; the seed names the pool's ID
			if err == nil {
				_, err = s.createPool(c, poolID, in)
			}
			if err != nil {
				return fmt.Errorf("pool %s: %w", poolID, err)
			}
		} else if len(pc.Schema) > 0 {
			// The default pool exists already: its Schema adds custom attributes.
			if _, err := c.invoke("AddCustomAttributes", &addCustomAttributesInput{UserPoolId: poolID, CustomAttributes: pc.Schema}); err != nil {
				return fmt.Errorf("pool %s: %w", poolID, err)
			}
		}
		if pc.MFA != nil {
			if err := s.seedMFA(c, poolID, pc.MFA); err != nil {
				return fmt.Errorf("pool %s MFA: %w", poolID, err)
			}
		}
		for _, cc := range pc.Clients {
			_, err := c.invoke("CreateUserPoolClient", createUserPoolClientInput{GenerateSecret: cc.GenerateSecret, clientSettings: clientSettings{
				UserPoolId: poolID, ClientName: cc.ClientName, ExplicitAuthFlows: cc.ExplicitAuthFlows,
				CallbackURLs: cc.CallbackURLs, LogoutURLs: cc.LogoutURLs, AllowedOAuthFlows: cc.AllowedOAuthFlows,
				AllowedOAuthScopes: cc.AllowedOAuthScopes, AllowedOAuthFlowsUserPoolClient: cc.AllowedOAuthFlowsUserPoolClient,
				SupportedIdentityProviders: cc.SupportedIdentityProviders, AccessTokenValidity: cc.AccessTokenValidity,
				IdTokenValidity: cc.IdTokenValidity, RefreshTokenValidity: cc.RefreshTokenValidity}})
			if err != nil {
				return fmt.Errorf("pool %s client %q: %w", poolID, cc.ClientName, err)
			}
		}
		for _, gc := range pc.Groups {
			if _, err := c.invoke("CreateGroup", &createGroupInput{UserPoolId: poolID, GroupName: gc.GroupName, Description: gc.Description,
				Precedence: gc.Precedence}); err != nil {
				return fmt.Errorf("pool %s group %q: %w", poolID, gc.GroupName, err)
			}
		}
		for _, uc := range pc.Users {
			if err := s.seedUser(c, poolID, uc); err != nil {
				return fmt.Errorf("pool %s user %q: %w", poolID, uc.Username, err)
			}
		}
	}
	return nil
}

func (s *Server) seedUser(c *call, poolID string, uc UserConfig) error {
	var attrs []attribute
	for k, v := range uc.Attributes {
		attrs = append(attrs, attribute{Name: k, Value: v})
	}
	// Seeded users meet the model's constraints, as users created over the API do.
	if _, err := c.invoke("AdminCreateUser", &adminCreateUserInput{UserPoolId: poolID, Username: uc.Username, UserAttributes: attrs,
		TemporaryPassword: uc.Password, MessageAction: "SUPPRESS"}); err != nil {
		return err
	}
	in := &adminSetUserPasswordInput{adminUserInput: adminUserInput{UserPoolId: poolID, Username: uc.Username}, Password: uc.Password, Permanent: true}
	if _, err := c.invoke("AdminSetUserPassword", in); err != nil {
		return err
	}
	for _, g := range uc.Groups {
		if _, err := c.invoke("AdminAddUserToGroup", &adminGroupInput{adminUserInput: in.adminUserInput, GroupName: g}); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) seedMFA(c *call, poolID string, m *MFAConfig) error {
	in := &setUserPoolMfaConfigInput{UserPoolId: poolID, MfaConfiguration: m.MfaConfiguration,
		SoftwareTokenMfaConfiguration: &softwareTokenMfaConfiguration{Enabled: m.TOTP}}
	if m.SMS {
		in.SmsMfaConfiguration = &smsMfaConfiguration{SmsAuthenticationMessage: "Your code is {####}"}
	}
	if m.Email {
		in.EmailMfaConfiguration = &emailMfaConfiguration{Message: "Your code is {####}", Subject: "Your sign-in code"}
	}
	if _, err := c.invoke("SetUserPoolMfaConfig", in); err != nil {
		return err
	}
	if m.DeviceConfiguration == nil {
		return nil
	}
	return c.updatePool(poolID, func(p *poolTx) error {
		pool, err := p.pool()
		if err != nil {
			return err
		}
		pool.DeviceConfiguration = &deviceConfiguration{ChallengeRequiredOnNewDevice: m.DeviceConfiguration.ChallengeRequiredOnNewDevice,
			DeviceOnlyRememberedOnUserPrompt: m.DeviceConfiguration.DeviceOnlyRememberedOnUserPrompt}
		return p.putPool(pool)
	})
}
