//go:build !js

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"

	"github.com/cognitowasm/cognitowasm/app/staticsite"
	"github.com/cognitowasm/cognitowasm/app/ui"
	"github.com/cognitowasm/cognitowasm/app/userpool"
)

func init() {
	register(command{name: "static", summary: "write the app as a static site for S3 or CloudFront (-out DIR)", run: runStatic})
}

func runStatic(ctx context.Context, args []string, std stdio) error {
	fs := flag.NewFlagSet("static", flag.ContinueOnError)
	fs.SetOutput(std.err)
	out := fs.String("out", "", "directory to write the site into (required; emptied first if it holds an earlier site)")
	web := fs.String("web", "web", "`directory` of the built app (make wasm builds it)")
	configFile := fs.String("config", "", "config.json to ship (region, userPoolId, clientId...)")
	amplifyFile := fs.String("amplify", "", "amplify_outputs.json to take the user pool from")
	pool := addAppPoolFlags(fs, "user pool ID")
	basePath := fs.String("base-path", "", "URL path the site is served under, such as /myapp (default: the root)")
	target := fs.String("target", string(staticsite.S3Website), "where the site is served: s3 (a bucket's website endpoint, gzip) or cloudfront (HTTPS, brotli)")
	if _, err := parseArgs(fs, args, 0, 0, ""); err != nil {
		return err
	}
	if *out == "" {
		return &exitError{code: 2, err: errors.New("-out DIR is required")}
	}
	if _, err := staticsite.Target(*target).Encoding(); err != nil {
		return &exitError{code: 2, err: err}
	}
	cfg, err := staticConfig(*configFile, *amplifyFile, *pool)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	pwa, err := newPWA(*web, nil) // no Env: the app reads config.json
	if err != nil {
		return err
	}
	m, err := staticsite.Generate(*out, staticsite.Site{
		Handler:  pwa,
		Web:      *web,
		Files:    map[string][]byte{ui.ConfigFile: []byte(cfg.JSON())},
		BasePath: *basePath,
		Target:   staticsite.Target(*target),
	})
	if err != nil {
		return err
	}
	var size int64
	for _, o := range m.Objects {
		size += o.Size
	}
	fmt.Fprintf(std.out, "cognitowasm: wrote %d objects (%s) for %s to %s, listed in %s\n",
		len(m.Objects), staticsite.ByteSize(size), *target, *out, filepath.Join(*out, staticsite.ManifestFile))
	fmt.Fprintf(std.out, "  user pool %s, app client %s\n", cfg.UserPoolID, cfg.ClientID)
	fmt.Fprintf(std.out, "  publish it with: cognitowasm deploy -dir %s -bucket BUCKET\n", *out)
	return nil
}

// staticConfig builds the site's configuration from exactly one source:
// a config.json, an amplify_outputs.json, or the flags in flagCfg.
func staticConfig(configFile, amplifyFile string, flagCfg ui.Config) (ui.Config, error) {
	fromFlags := !reflect.DeepEqual(flagCfg, ui.Config{})
	sources := 0
	for _, set := range []bool{configFile != "", amplifyFile != "", fromFlags} {
		if set {
			sources++
		}
	}
	switch {
	case sources == 0:
		return ui.Config{}, errors.New("no user pool: give -config config.json, -amplify amplify_outputs.json, or -pool and -client")
	case sources > 1:
		return ui.Config{}, errors.New("-config, -amplify and -pool/-client are alternatives: give one")
	case configFile != "":
		data, err := readBounded(configFile)
		if err != nil {
			return ui.Config{}, err
		}
		cfg, err := ui.ParseConfig(data)
		if err != nil {
			return ui.Config{}, fmt.Errorf("%s: %w", configFile, err)
		}
		return cfg, nil
	case amplifyFile != "":
		data, err := readBounded(amplifyFile)
		if err != nil {
			return ui.Config{}, err
		}
		cfg, err := parseAmplifyOutputs(data)
		if err != nil {
			return ui.Config{}, fmt.Errorf("%s: %w", amplifyFile, err)
		}
		return cfg, nil
	}
	return appPoolConfig(flagCfg)
}

// maxConfigInput bounds -config and -amplify files; real ones are a few KB.
const maxConfigInput = 1 << 20

func readBounded(name string) ([]byte, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if info.Size() > maxConfigInput {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, maxConfigInput)
	}
	return os.ReadFile(name)
}

// amplifyOutputs is the part of Amplify Gen 2's amplify_outputs.json that
// configures user-pool sign-in.
type amplifyOutputs struct {
	Auth *struct {
		Region         string `json:"aws_region"`
		UserPoolID     string `json:"user_pool_id"`
		ClientID       string `json:"user_pool_client_id"`
		PasswordPolicy *struct {
			MinLength        int  `json:"min_length"`
			RequireUppercase bool `json:"require_uppercase"`
			RequireLowercase bool `json:"require_lowercase"`
			RequireNumbers   bool `json:"require_numbers"`
			RequireSymbols   bool `json:"require_symbols"`
		} `json:"password_policy"`
		OAuth *struct {
			IdentityProviders []string `json:"identity_providers"`
			Domain            string   `json:"domain"`
			Scopes            []string `json:"scopes"`
			RedirectSignIn    []string `json:"redirect_sign_in_uri"`
			RedirectSignOut   []string `json:"redirect_sign_out_uri"`
			ResponseType      string   `json:"response_type"`
		} `json:"oauth"`
	} `json:"auth"`
}

func parseAmplifyOutputs(data []byte) (ui.Config, error) {
	var out amplifyOutputs
	if err := json.Unmarshal(data, &out); err != nil {
		return ui.Config{}, err
	}
	if out.Auth == nil {
		return ui.Config{}, errors.New(`no "auth" section: add auth to the Amplify backend`)
	}
	a := out.Auth
	cfg := ui.Config{Region: a.Region, UserPoolID: a.UserPoolID, ClientID: a.ClientID}
	if p := a.PasswordPolicy; p != nil {
		cfg.PasswordPolicy = &userpool.PasswordPolicy{
			MinimumLength:    p.MinLength,
			RequireUppercase: p.RequireUppercase,
			RequireLowercase: p.RequireLowercase,
			RequireNumbers:   p.RequireNumbers,
			RequireSymbols:   p.RequireSymbols,
		}
	}
	if o := a.OAuth; o != nil {
		cfg.OAuth = &ui.OAuthConfig{Domain: o.Domain, Scopes: o.Scopes, RedirectSignIn: o.RedirectSignIn,
			RedirectSignOut: o.RedirectSignOut, ResponseType: o.ResponseType}
		for _, p := range o.IdentityProviders {
			name, ok := amplifyOutputsProviders[p]
			if !ok {
				return ui.Config{}, fmt.Errorf("oauth.identity_providers: %q is not one of GOOGLE, FACEBOOK, LOGIN_WITH_AMAZON, SIGN_IN_WITH_APPLE; "+
					"add OIDC and SAML providers with -config and oauth.providers", p)
			}
			cfg.OAuth.Providers = append(cfg.OAuth.Providers, name)
		}
	}
	return cfg, cfg.Validate()
}

// amplifyOutputsProviders maps amplify_outputs.json's provider names to
// those of Amplify's configuration, as Amplify's parseAmplifyOutputs does.
var amplifyOutputsProviders = map[string]string{
	"GOOGLE": "Google", "FACEBOOK": "Facebook", "LOGIN_WITH_AMAZON": "Amazon", "SIGN_IN_WITH_APPLE": "Apple",
}
