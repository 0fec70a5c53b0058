package main

import (
	"errors"
	"net/url"

	"github.com/modmono/platform/config"
)

// gatewayConfig names the contexts that run as services of their own; empty means in process.
type gatewayConfig struct {
	AuthURL     string `env:"AUTH_URL"`
	OrdersURL   string `env:"ORDERS_URL"`
	PaymentsURL string `env:"PAYMENTS_URL"`
}

func (c gatewayConfig) Validate() error {
	var problems []error
	for variable, value := range map[string]string{"AUTH_URL": c.AuthURL, "ORDERS_URL": c.OrdersURL, "PAYMENTS_URL": c.PaymentsURL} {
		if value == "" {
			continue
		}
		if u, err := url.Parse(value); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			problems = append(problems, config.Errorf(variable, "want an http(s) base URL such as http://auth:8080"))
		}
	}
	return errors.Join(problems...)
}
