// Package payments is the payments context's facade: the fx module that the gateway or the
// payments service wires. Everything else of the context is internal; other contexts see only
// contract.
package payments

import (
	"context"
	"log/slog"

	"go.uber.org/fx"

	"github.com/modmono/migrations"
	orders "github.com/modmono/orders/contract"
	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/infra/processor"
	"github.com/modmono/payments/internal/infra/store"
	"github.com/modmono/payments/internal/interfaces/httpapi"
	"github.com/modmono/payments/internal/interfaces/subscribers"
	"github.com/modmono/platform"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	pconfig "github.com/modmono/platform/config"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/outbox"
	"github.com/modmono/platform/ratelimit"
)

// Module wires the payments context: its store, outbox relay, use cases, routes and event
// subscriptions. It needs orders' contract.Orders from the graph (the orders module provides it,
// in process or as an HTTP client) and the platform's broker.
var Module = fx.Module("payments",
	platform.ContextStore("payments", func(c config) pconfig.Database { return c.Database }, migrations.UpContext),
	fx.Provide(
		fx.Private,
		pconfig.Load[config],
		platform.NewIdempotencyStore,
		platform.NewRateLimiter,
		newApplication,
		func(l *ratelimit.Limiter, cfg config) httpapi.Limits {
			return httpapi.Limits{Payments: l.Limit("payments", cfg.PaymentRate)}
		},
	),
	fx.Provide(platform.AsRoutes(httpapi.Routes)),
	fx.Invoke(subscribers.Subscribe, recoverPeriodically),
)

func newApplication(cfg config, engines *db.Engines, relay *outbox.Relay, ord orders.Orders, clk clock.Clock, b *bus.Bus) (*application.Application, error) {
	appCfg := application.DefaultConfig()
	appCfg.ChargeTimeout, appCfg.RecoverAfter = cfg.ChargeTimeout, cfg.RecoverAfter
	return application.New(application.Deps{
		UnitOfWork:       store.NewUnitOfWork(engines, relay.Notify),
		PaymentReadModel: store.NewPaymentReadModel(engines),
		Orders:           ord,
		CardProcessor:    processor.NewSimulator(),
		Clock:            clk,
		Bus:              b,
		Config:           appCfg,
	})
}

// recoverPeriodically completes payments a dead request left processing: once at start, for
// whatever the previous process left, then every RecoverInterval.
func recoverPeriodically(lc fx.Lifecycle, cfg config, app *application.Application, logger *slog.Logger) {
	platform.Every(lc, cfg.RecoverInterval, true, func(ctx context.Context) {
		n, err := app.Commands.RecoverPayments.Handle(ctx, application.RecoverPayments{})
		if err != nil {
			logger.Warn("recovering interrupted payments failed; retrying at the next run", "error", err, "settled", n)
		} else if n > 0 {
			logger.Info("recovered interrupted payments", "settled", n)
		}
	})
}
