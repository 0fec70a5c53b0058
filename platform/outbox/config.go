package outbox

import (
	"context"
	"log/slog"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
)

// RelayConfig configures the relay of one context. Zero values take the defaults noted.
type RelayConfig struct {
	Name      string // the context ("auth"): log attribute and metrics label
	Engines   *db.Engines
	Publisher Publisher
	Clock     clock.Clock  // clock.System{}
	Logger    *slog.Logger // slog.Default()
	BatchSize int          // 100
	// PollInterval bounds the delay of an event nobody announced: 200ms on SQLite; 1s on
	// PostgreSQL, where LISTEN/NOTIFY wakes the relay sooner and polling is only the fallback.
	PollInterval time.Duration
	MaxAttempts  int           // 10 failed attempts, then the event is parked
	BackoffBase  time.Duration // 1s: the delay after the first failure, doubling after each
	BackoffMax   time.Duration // 5m
	// Redeliver hands a parked delivery (ParkDelivery) to the subscriber that gave up on it, when
	// an admin retries it; nil: such rows cannot be retried in this process.
	Redeliver func(ctx context.Context, subscriber string, e Event) error
	// TracerProvider makes the spans of batches and publishes; nil means otel's global one.
	TracerProvider trace.TracerProvider
}

func (c *RelayConfig) setDefaults() {
	if c.Clock == nil {
		c.Clock = clock.System{}
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 100
	}
	if c.PollInterval <= 0 {
		c.PollInterval = 200 * time.Millisecond
		if c.Engines.Write.Dialect() == db.Postgres {
			c.PollInterval = time.Second
		}
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 10
	}
	if c.BackoffBase <= 0 {
		c.BackoffBase = time.Second
	}
	if c.BackoffMax < c.BackoffBase {
		c.BackoffMax = max(5*time.Minute, c.BackoffBase)
	}
}
