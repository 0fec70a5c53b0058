package outbox

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/modmono/platform/db"
)

// updateGauges refreshes the backlog, parked and age gauges. A failure is only logged: the
// gauges then keep their previous values until the next batch.
func (r *Relay) updateGauges(ctx context.Context) {
	conn := r.cfg.Engines.Write // not Read: a replica's lag would show as backlog
	var backlog, parked int64
	if err := queries.QueryRow(ctx, conn, "outbox.counts", nil).Scan(&backlog, &parked); err != nil {
		r.logGaugeError(ctx, err)
		return
	}
	age := 0.0
	var oldest time.Time
	switch err := queries.QueryRow(ctx, conn, "outbox.oldest_pending", nil).Scan(&oldest); {
	case err == nil:
		age = max(0, r.cfg.Clock.Now().Sub(oldest).Seconds())
	case !errors.Is(err, db.ErrNoRows):
		r.logGaugeError(ctx, err)
		return
	}
	r.metrics.backlog.Set(float64(backlog))
	r.metrics.parked.Set(float64(parked))
	r.metrics.oldestPendingS.Set(age)
}

func (r *Relay) logGaugeError(ctx context.Context, err error) {
	if ctx.Err() == nil {
		r.log.WarnContext(ctx, "outbox gauges not updated", slog.Any("error", err))
	}
}
