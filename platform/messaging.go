package platform

import (
	"context"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/outbox"
)

// messaging provides the in-process broker every context subscribes to, and publishes to
// through its relay. A process that delivers over a real broker replaces the Publisher.
var messaging = fx.Provide(
	func() *outbox.LocalBroker { return &outbox.LocalBroker{} },
	func(b *outbox.LocalBroker) outbox.Publisher { return b },
)

// RelayParams are what StartRelay needs besides the context's name and store.
type RelayParams struct {
	fx.In
	Lifecycle fx.Lifecycle
	Publisher outbox.Publisher
	Clock     clock.Clock
	Logger    *slog.Logger
	Registry  prometheus.Registerer
}

// StartRelay creates a context's outbox relay, started and stopped with the app. It stops after
// the HTTP server (which was started after it) and before the store closes, so its last batch
// flushes what the final requests committed. Every context calls it the same way.
func StartRelay(p RelayParams, name string, engines *db.Engines) (*outbox.Relay, error) {
	relay, err := outbox.NewRelay(outbox.RelayConfig{
		Name: name, Engines: engines, Publisher: p.Publisher, Clock: p.Clock, Logger: p.Logger,
	}, p.Registry)
	if err != nil {
		return nil, err
	}
	p.Lifecycle.Append(fx.Hook{
		OnStart: relay.Start,
		OnStop:  func(ctx context.Context) error { return relay.Stop(ctx) },
	})
	return relay, nil
}
