package platform

import (
	"context"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"

	"github.com/modmono/platform/config"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/health"
	"github.com/modmono/platform/outbox"
)

// ContextStore wires a context's store and messaging the one way every context's module does:
// its engines (OpenDatabase, with the settings that store reads from the context's config C,
// <CONTEXT>_DATABASE_URL, _DB_POOL_MAX and _DB_POOL_WAIT, each falling back to the shared
// variable, migrated with migrate), their readiness check, its outbox relay (StartRelay), the
// admin routes of its parked events (ParkedEventRoutes), and the parking of what its subscribers
// give up on in its own outbox (KeepParkedDeliveries). The engines and the relay are private to
// the module; C must be provided in it (config.Load[C]). migrate has the signature of
// migrations.UpContext, which every context passes.
func ContextStore[C any](name string, store func(C) config.Database, migrate func(ctx context.Context, e *db.Engine, contextName string) error) fx.Option {
	return fx.Options(
		fx.Provide(
			fx.Private,
			func(lc fx.Lifecycle, base config.Base, cfg C, reg prometheus.Registerer, replicas *ReplicaReads) (*db.Engines, health.Check, error) {
				own := store(cfg)
				if err := own.Validate(strings.ToUpper(name) + "_"); err != nil {
					return nil, health.Check{}, err
				}
				engines, check, err := OpenDatabase(lc, base, Database{
					Context:  name,
					URL:      own.URL,
					ReadURL:  own.ReadURL,
					ReadVar:  strings.ToUpper(name) + "_DATABASE_READ_URL",
					PoolMax:  own.PoolMax,
					PoolWait: own.PoolWait,
					Metrics:  reg,
					Migrate:  func(ctx context.Context, e *db.Engine) error { return migrate(ctx, e, name) },
					// The context's relay runs in this process and its Units of Work nudge it.
					Settings: outbox.InProcessRelaySettings(),
				})
				if err == nil && engines.ReadsFromReplicas() {
					replicas.used.Store(true)
				}
				return engines, check, err
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
