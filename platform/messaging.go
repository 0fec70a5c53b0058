package platform

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"

	"github.com/modmono/platform/broker/natsjs"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/config"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/outbox"
	"github.com/modmono/platform/outbox/outboxhttp"
)

// broker is what the contexts publish to (through their relays) and subscribe to: the
// in-process LocalBroker by default, NATS JetStream when BROKER_URL is set. Choosing one is
// wiring only; no context knows which it got.
type broker struct {
	outbox.Publisher
	outbox.Subscriber
	// start begins consuming (after every context subscribed); stopConsuming ends it. Both nil
	// for the in-process broker, which delivers while the relay publishes.
	start, stopConsuming func(context.Context) error
}

// messaging provides the broker as both ports and ties a real broker's consumers to the app's
// lifecycle.
var messaging = fx.Options(
	fx.Provide(
		NewParkedDeliveries,
		newBroker,
		func(b broker) outbox.Publisher { return b.Publisher },
		func(b broker) outbox.Subscriber { return b.Subscriber },
	),
	fx.Invoke(consumeWhileRunning),
)

// connectTimeout bounds the first connection to the broker: a process does not start without it.
const connectTimeout = 10 * time.Second

func newBroker(lc fx.Lifecycle, base config.Base, logger *slog.Logger, reg prometheus.Registerer, parked *ParkedDeliveries) (broker, error) {
	if base.BrokerURL == "" {
		local := &outbox.LocalBroker{}
		return broker{Publisher: local, Subscriber: local}, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	nb, err := natsjs.Connect(ctx, base.BrokerURL, natsjs.Options{
		Stream: base.BrokerStream, SubjectPrefix: strings.ToLower(base.BrokerStream) + ".",
		Logger: logger, Registerer: reg, Parked: parked.Keep,
	})
	if err != nil {
		return broker{}, fmt.Errorf("broker: %w", err)
	}
	// Appended before any relay (they need the Publisher), so it closes after the relays' last
	// publishes.
	lc.Append(fx.StopHook(nb.Stop))
	return broker{Publisher: nb, Subscriber: nb, start: nb.Start, stopConsuming: nb.StopConsuming}, nil
}

// consumeWhileRunning runs in the platform module's invokes, after every context subscribed in
// its own, so consuming starts after the contexts' start hooks and stops before their stores
// close: no handler runs against a closed store.
func consumeWhileRunning(lc fx.Lifecycle, b broker) {
	if b.start == nil {
		return
	}
	lc.Append(fx.Hook{OnStart: b.start, OnStop: b.stopConsuming})
}

// RelayParams are what StartRelay needs besides the context's name and store.
type RelayParams struct {
	fx.In
	Lifecycle fx.Lifecycle
	Publisher outbox.Publisher
	Clock     clock.Clock
	Logger    *slog.Logger
	Registry  prometheus.Registerer
	Parked    *ParkedDeliveries
	Base      config.Base
}

// purgeInterval is how often each relay deletes what OUTBOX_RETENTION no longer keeps.
const purgeInterval = time.Hour

// StartRelay creates a context's outbox relay, started and stopped with the app. It stops after
// the HTTP server (which was started after it) and before the store closes, so its last batch
// flushes what the final requests committed. Every hour (and at start) it purges the published
// events and inbox entries older than OUTBOX_RETENTION. Every context calls it the same way.
func StartRelay(p RelayParams, name string, engines *db.Engines) (*outbox.Relay, error) {
	relay, err := outbox.NewRelay(outbox.RelayConfig{
		Name: name, Engines: engines, Publisher: p.Publisher, Clock: p.Clock, Logger: p.Logger,
		Redeliver: p.Parked.Redeliver,
	}, p.Registry)
	if err != nil {
		return nil, err
	}
	p.Lifecycle.Append(fx.Hook{
		OnStart: relay.Start,
		OnStop:  func(ctx context.Context) error { return relay.Stop(ctx) },
	})
	Every(p.Lifecycle, purgeInterval, true, func(ctx context.Context) {
		events, inbox, err := relay.Purge(ctx, p.Clock.Now().Add(-p.Base.OutboxRetention))
		switch {
		case err != nil:
			p.Logger.WarnContext(ctx, "purging old outbox events and inbox entries failed; the next run tries again",
				slog.String("context", name), slog.Any("error", err))
		case events+inbox > 0:
			p.Logger.InfoContext(ctx, "purged old outbox events and inbox entries", slog.String("context", name),
				slog.Int64("events", events), slog.Int64("inbox_entries", inbox))
		}
	})
	return relay, nil
}

// ParkedEventRoutes provides the admin routes that list and retry the named context's parked
// outbox events and parked deliveries (outboxhttp), for the context's module, beside its relay.
func ParkedEventRoutes(name string) any {
	return AsRoutes(func(relay *outbox.Relay, logger *slog.Logger) []httpx.Route {
		return outboxhttp.Routes(name, relay, logger)
	})
}
