// Command orders-service serves the orders context alone (Stage 4): its public routes (the
// gateway forwards them here), the internal routes other services ask the orders contract
// through, and its own store from ORDERS_DATABASE_URL or DATABASE_URL. It verifies tokens with
// the auth service's JWK Set at AUTH_URL.
package main

import (
	"os"

	"go.uber.org/fx"

	"github.com/modmono/migrations"
	"github.com/modmono/orders"
	"github.com/modmono/platform"
	"github.com/modmono/platform/config"
	"github.com/modmono/platform/program"
)

func main() {
	os.Exit(program.Run(program.Program{
		Name:     "orders-service",
		Contexts: []string{"orders"},
		Migrate:  migrations.Command,
		Modules: func(config.Base) ([]fx.Option, error) {
			cfg, err := config.Load[serviceConfig]()
			if err != nil {
				return nil, err
			}
			return modules(cfg), nil
		},
	}, os.Args[1:]))
}

func modules(cfg serviceConfig) []fx.Option {
	return []fx.Option{orders.Module, platform.VerifyWithJWKS(cfg.AuthURL)}
}
