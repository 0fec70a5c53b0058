// Command payments-service serves the payments context alone (Stage 4): its routes (the gateway
// forwards them here) and its own store from PAYMENTS_DATABASE_URL or DATABASE_URL. It asks the
// orders service at ORDERS_URL what an order costs, over HTTP behind the same contract.Orders
// the monolith answers in process, and verifies tokens with auth's JWK Set at AUTH_URL.
package main

import (
	"os"

	"go.uber.org/fx"

	"github.com/modmono/migrations"
	"github.com/modmono/orders/contract/ordershttp"
	"github.com/modmono/payments"
	"github.com/modmono/platform"
	"github.com/modmono/platform/config"
	"github.com/modmono/platform/program"
)

func main() {
	os.Exit(program.Run(program.Program{
		Name:     "payments-service",
		Contexts: []string{"payments"},
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

// modules: orders' contract comes from ordershttp rather than orders.RemoteContract, which it is
// the same as, because payments may import nothing of orders but its contract.
func modules(cfg serviceConfig) []fx.Option {
	return []fx.Option{
		payments.Module,
		ordershttp.Provide(cfg.OrdersURL, ordershttp.WithTimeout(cfg.OrdersTimeout)),
		platform.VerifyWithJWKS(cfg.AuthURL),
	}
}
