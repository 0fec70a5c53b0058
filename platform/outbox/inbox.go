package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/modmono/platform/db"
)

// Inbox records that subscriber is handling eventID and reports whether it is the first time.
// Call it first, on the transaction that carries the handler's effect: when it is not fresh, the
// effect already committed with an earlier delivery, so commit nothing more and return nil. On
// PostgreSQL a concurrent delivery of the same event waits on the first one's row and then finds
// it not fresh, so the effect happens once even when deliveries overlap.
func Inbox(ctx context.Context, tx db.Conn, subscriber, eventID string) (fresh bool, err error) {
	n, err := queries.Exec(ctx, tx, "inbox.record", db.Args{
		"subscriber": subscriber,
		"event_id":   eventID,
		// Wall time, not an injected clock: handled_at is a record for operators and retention,
		// never an input to a business rule, and the signature stays what every subscriber needs.
		"handled_at": time.Now(),
	})
	if err != nil {
		return false, fmt.Errorf("record event %s in the inbox of %s: %w", eventID, subscriber, err)
	}
	return n == 1, nil
}
