package platform

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"

	"github.com/modmono/platform/config"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/health"
	"github.com/modmono/platform/outbox"
)

// ContextStore wires a context's store and messaging the one way every context's module does:
// its engines (OpenDatabase, on the URL that url reads from the context's config C, or else
// DATABASE_URL, migrated with migrate), their readiness check, its outbox relay (StartRelay), the
// admin routes of its parked events (ParkedEventRoutes), and the parking of what its subscribers
// give up on in its own outbox (KeepParkedDeliveries). The engines and the relay are private to
// the module; C must be provided in it (config.Load[C]). migrate has the signature of
// migrations.UpContext, which every context passes.
func ContextStore[C any](name string, url func(C) string, migrate func(ctx context.Context, e *db.Engine, contextName string) error) fx.Option {
	return fx.Options(
		fx.Provide(
			fx.Private,
			func(lc fx.Lifecycle, base config.Base, cfg C, reg prometheus.Registerer) (*db.Engines, health.Check, error) {
				return OpenDatabase(lc, base, Database{
					Context: name,
					URL:     url(cfg),
					Metrics: reg,
					Migrate: func(ctx context.Context, e *db.Engine) error { return migrate(ctx, e, name) },
				})
			},
			func(p RelayParams, engines *db.Engines) (*outbox.Relay, error) { return StartRelay(p, name, engines) },
		),
		fx.Provide(
			AsReadinessCheck(func(c health.Check) health.Check { return c }),
			ParkedEventRoutes(name),
		),
		// What a subscriber of this context gives up on (with a message broker) is parked here
		// too, so an operator lists and retries it with the context's own parked events.
		fx.Decorate(KeepParkedDeliveries),
	)
}
