package store

import (
	"context"
	"fmt"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/outbox"
)

// inbox records the events auth's subscribers have handled, bound to one transaction.
// Record is the platform's (outbox.TxInbox); Handled lets the mailer look before it sends, since
// a mail cannot be rolled back with the transaction.
type inbox struct {
	outbox.TxInbox
}

func (r inbox) Handled(ctx context.Context, subscriber, eventID string) (bool, error) {
	var n int
	err := queries.QueryRow(ctx, r.Conn, "inbox.handled", db.Args{"subscriber": subscriber, "event_id": eventID}).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up event %s in the inbox of %s: %w", eventID, subscriber, err)
	}
	return n > 0, nil
}
