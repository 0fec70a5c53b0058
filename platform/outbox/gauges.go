package outbox

import (
	"context"
	"database/sql"
	"log/slog"
	"time"
)

// gaugeInterval is how often a busy relay refreshes its gauges: every batch would add a
// statement per batch under load, and a scrape is seconds apart anyway. An idle poll (nothing
// was due) always refreshes them, so they settle at once when the load stops.
const gaugeInterval = time.Second

// updateGauges refreshes the backlog, parked and age gauges after a batch, if idle (the batch
// found nothing due) or if gaugeInterval has passed since they were last refreshed. A failure
// is only logged: the gauges then keep their previous values until the next batch.
func (r *Relay) updateGauges(ctx context.Context, idle bool) {
	if !idle && time.Since(r.gaugesAt) < gaugeInterval {
		return
	}
	conn := r.cfg.Engines.Write // not Read: a replica's lag would show as backlog
	var backlog, parked int64
	var oldest sql.NullTime
	if err := queries.QueryRow(ctx, conn, "outbox.gauges", nil).Scan(&backlog, &parked, &oldest); err != nil {
		r.logGaugeError(ctx, err)
		return
	}
	r.gaugesAt = time.Now()
	age := 0.0
	if oldest.Valid {
		age = max(0, r.cfg.Clock.Now().Sub(oldest.Time).Seconds())
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
