package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/modmono/platform/db"
)

// purgeBatch bounds one DELETE, so that the purge never holds a long lock on a busy table.
const purgeBatch = 1000

// Purge deletes the events published before before, and the inbox entries recorded before it:
// the outbox and the inbox otherwise grow forever. Parked and pending events are never deleted.
// before must leave the inbox longer than any broker may redeliver an event (NATS keeps them 7
// days), or a late redelivery would be handled twice.
func (r *Relay) Purge(ctx context.Context, before time.Time) (events, inbox int64, err error) {
	if events, err = r.purge(ctx, "outbox.purge_published", before); err != nil {
		return events, 0, fmt.Errorf("purge published outbox events: %w", err)
	}
	if inbox, err = r.purge(ctx, "inbox.purge", before); err != nil {
		return events, inbox, fmt.Errorf("purge inbox entries: %w", err)
	}
	return events, inbox, nil
}

func (r *Relay) purge(ctx context.Context, statement string, before time.Time) (int64, error) {
	var total int64
	for {
		n, err := queries.Exec(ctx, r.cfg.Engines.Write, statement, db.Args{"before": before, "limit": purgeBatch})
		total += n
		if err != nil || n < purgeBatch {
			return total, err
		}
	}
}
