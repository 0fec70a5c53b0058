// Package outboxtest helps the tests that need parked outbox events: made directly, or by a relay
// whose subscriber refuses an event.
package outboxtest

import (
	"context"
	"testing"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/outbox"
)

// AppendParked appends events to the outbox already parked, with lastError as the reason, as a
// relay leaves them after its last failed attempt: tests of what lists and retries parked events
// need not drive a relay through its failures. Append and park are one transaction, so a relay
// running on the same store never sees the events pending.
func AppendParked(t testing.TB, e *db.Engines, lastError string, evs ...outbox.Event) {
	t.Helper()
	ctx := context.Background()
	err := e.Write.InTx(ctx, func(tx *db.Tx) error {
		if err := outbox.Append(ctx, tx, evs...); err != nil {
			return err
		}
		for _, ev := range evs {
			if _, err := tx.ExecContext(ctx,
				"UPDATE outbox SET parked_at = occurred_at, attempts = 10, last_error = $1 WHERE id = $2",
				lastError, ev.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("append %d parked events: %v", len(evs), err)
	}
}
