package store

import (
	"context"
	"fmt"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/outbox"
)

// inbox records the events auth's subscribers have handled, bound to one transaction.
type inbox struct {
	conn db.Conn
}

func (r inbox) Handled(ctx context.Context, subscriber, eventID string) (bool, error) {
	var n int
	err := queries.QueryRow(ctx, r.conn, "inbox.handled", db.Args{"subscriber": subscriber, "event_id": eventID}).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up event %s in the inbox of %s: %w", eventID, subscriber, err)
	}
	return n > 0, nil
}

func (r inbox) Record(ctx context.Context, subscriber, eventID string) (bool, error) {
	return outbox.Inbox(ctx, r.conn, subscriber, eventID)
}
