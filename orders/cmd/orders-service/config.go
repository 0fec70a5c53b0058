package main

import (
	"github.com/modmono/platform/baseurl"
	"github.com/modmono/platform/config"
)

// serviceConfig is what this service needs beyond config.Base: where auth publishes the keys
// that sign access tokens. There is no default: a service that does not run auth cannot
// verify a token without it.
type serviceConfig struct {
	AuthURL string `env:"AUTH_URL,required,notEmpty"`
}

func (c serviceConfig) Validate() error {
	if _, err := baseurl.Parse(c.AuthURL); err != nil {
		return config.Errorf("AUTH_URL", "want the auth service's http(s) base URL, such as http://auth:8080")
	}
	return nil
}
