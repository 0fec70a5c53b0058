package main

import (
	"errors"
	"time"

	"github.com/modmono/platform/baseurl"
	"github.com/modmono/platform/config"
)

// serviceConfig is what this service needs beyond config.Base: the two services it depends on.
// Neither has a default: payments cannot charge without orders, nor verify a token without auth.
type serviceConfig struct {
	AuthURL   string `env:"AUTH_URL,required,notEmpty"`
	OrdersURL string `env:"ORDERS_URL,required,notEmpty"`
	// OrdersTimeout bounds one question to orders, its retries included.
	OrdersTimeout time.Duration `env:"ORDERS_TIMEOUT" envDefault:"3s"`
}

func (c serviceConfig) Validate() error {
	var problems []error
	for _, v := range []struct{ name, value, example string }{
		{"AUTH_URL", c.AuthURL, "http://auth:8080"},
		{"ORDERS_URL", c.OrdersURL, "http://orders:8080"},
	} {
		if _, err := baseurl.Parse(v.value); err != nil {
			problems = append(problems, config.Errorf(v.name, "want an http(s) base URL such as %s", v.example))
		}
	}
	if c.OrdersTimeout <= 0 || c.OrdersTimeout > time.Minute {
		problems = append(problems, config.Errorf("ORDERS_TIMEOUT", "%s is outside 1ns..1m", c.OrdersTimeout))
	}
	return errors.Join(problems...)
}
