// Package orders is the orders context's facade: the fx module that the gateway or the orders
// service wires. Everything else of the context is internal; other contexts see only contract.
package orders

import (
	"go.uber.org/fx"

	"github.com/modmono/migrations"
	"github.com/modmono/orders/contract"
	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/infra/store"
	"github.com/modmono/orders/internal/interfaces/httpapi"
	"github.com/modmono/orders/internal/interfaces/inproc"
	"github.com/modmono/orders/internal/interfaces/internalapi"
	"github.com/modmono/orders/internal/interfaces/subscribers"
	"github.com/modmono/platform"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/cache"
	"github.com/modmono/platform/clock"
	pconfig "github.com/modmono/platform/config"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/outbox"
	"github.com/modmono/platform/ratelimit"
)

// Module wires the orders context: its store, outbox relay, use cases, routes and event
// subscriptions. It provides contract.Orders, in process, for the contexts that ask orders
// questions (payments), serves the same contract over HTTP to those that run as services of
// their own (internalapi), and needs the platform's broker.
var Module = fx.Module("orders",
	platform.ContextStore("orders", func(c config) pconfig.Database { return c.Database }, migrations.UpContext),
	fx.Provide(
		fx.Private,
		pconfig.Load[config],
		platform.NewIdempotencyStore,
		platform.NewRateLimiter,
		newApplication,
		func(l *ratelimit.Limiter, cfg config) httpapi.Limits {
			return httpapi.Limits{Orders: l.Limit("orders", cfg.OrderRate)}
		},
	),
	fx.Provide(
		func(app *application.Application) contract.Orders { return inproc.New(app) },
		platform.AsRoutes(httpapi.Routes),
		platform.AsRoutes(internalapi.Routes),
	),
	fx.Invoke(subscribe),
)

// newApplication serves the public catalogue from the platform's cache when CACHE_URL is set
// (c is nil otherwise), invalidated after each commit that changes a product.
func newApplication(engines *db.Engines, relay *outbox.Relay, clk clock.Clock, b *bus.Bus, c *cache.Cache) (*application.Application, error) {
	return application.New(application.Deps{
		UnitOfWork:       store.InvalidateCatalogue(store.NewUnitOfWork(engines, relay.Notify), c),
		ProductReadModel: store.NewCachedProductReadModel(engines, c),
		OrderReadModel:   store.NewOrderReadModel(engines),
		Clock:            clk,
		Bus:              b,
	})
}

// subscribe registers orders' handlers of payments' events; each records the event in orders'
// inbox in the transaction of its effect, so redelivery is harmless.
func subscribe(broker outbox.Subscriber, app *application.Application) {
	subscribers.Subscribe(broker, app)
}
