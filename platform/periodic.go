package platform

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/config"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/idempotency"
	"github.com/modmono/platform/ratelimit"
)

// Every runs job in the background every interval (and once at start when atStart) from the
// app's start to its stop; the start hook returns at once, as hooks must not block. The stop hook
// cancels the context of a run in progress and waits for it to return, but never past the stop
// deadline: a job that ignores its context fails the stop at the deadline instead of holding the
// hook (and the app's stop with it) for as long as the job runs.
func Every(lc fx.Lifecycle, interval time.Duration, atStart bool, job func(context.Context)) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	lc.Append(fx.Hook{
		OnStart: func(context.Context) error {
			go func() {
				defer close(done)
				if atStart {
					job(ctx)
				}
				ticker := time.NewTicker(interval)
				defer ticker.Stop()
				for {
					select {
					case <-ctx.Done():
						return
					case <-ticker.C:
						job(ctx)
					}
				}
			}()
			return nil
		},
		OnStop: func(stop context.Context) error {
			cancel()
			select {
			case <-done:
				return nil
			case <-stop.Done():
				return fmt.Errorf("a periodic job was still running at the stop deadline: %w", stop.Err())
			}
		},
	})
}

// keyPurgeInterval is how often expired Idempotency-Keys are deleted; the middleware ignores
// them meanwhile, so this only bounds the table's size.
const keyPurgeInterval = 10 * time.Minute

// NewIdempotencyStore keeps a context's Idempotency-Keys in its own store and deletes the
// expired ones periodically. Every context with idempotent routes calls it the same way. A key's
// lease is twice HTTP_WRITE_TIMEOUT (60s by default): above the longest a handler can run, and no
// longer, since a retry after a replica died mid-request waits for it (409 until then).
func NewIdempotencyStore(lc fx.Lifecycle, base config.Base, engines *db.Engines, clk clock.Clock, logger *slog.Logger) *idempotency.Store {
	keys := idempotency.NewStore(engines, clk, idempotency.WithLogger(logger), idempotency.WithLease(2*base.WriteTimeout))
	Every(lc, keyPurgeInterval, false, func(ctx context.Context) {
		if _, err := keys.DeleteExpired(ctx); err != nil {
			logger.Warn("deleting expired idempotency keys failed", "error", err)
		}
	})
	return keys
}

// rateLimitPurgeInterval is how often ended rate-limit windows are deleted; an ended window
// restarts at 1 anyway, so this only bounds the table's size.
const rateLimitPurgeInterval = 5 * time.Minute

// NewRateLimiter counts a context's per-client limits in its own store (the ratelimit migration
// set), on unless RATE_LIMITS=off, and deletes ended windows periodically. Every context with
// limited routes calls it the same way and gives each route its rule with Limiter.Limit.
func NewRateLimiter(lc fx.Lifecycle, base config.Base, engines *db.Engines, reg prometheus.Registerer, logger *slog.Logger) (*ratelimit.Limiter, error) {
	store := ratelimit.NewStore(engines)
	enabled := !strings.EqualFold(base.RateLimits, "off")
	if enabled {
		Every(lc, rateLimitPurgeInterval, false, func(ctx context.Context) {
			if _, err := store.DeleteExpired(ctx); err != nil {
				logger.Warn("deleting ended rate-limit windows failed", "error", err)
			}
		})
	}
	return ratelimit.New(store, enabled).WithMetrics(reg)
}
