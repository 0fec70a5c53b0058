package main

import (
	"errors"

	"github.com/modmono/platform/baseurl"
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
		if _, err := baseurl.Parse(value); err != nil {
			problems = append(problems, config.Errorf(variable, "want an http(s) base URL such as http://auth:8080"))
		}
	}
	return errors.Join(problems...)
}
