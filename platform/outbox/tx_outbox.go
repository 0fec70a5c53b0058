package outbox

import (
	"context"

	"github.com/modmono/platform/db"
)

// TxOutbox is a Unit of Work's outbox: events appended through it commit or roll back with the
// unit's transaction, and it remembers whether any were, so that the unit of work nudges the
// relay after the commit only when there is something to publish.
type TxOutbox struct {
	conn     db.Conn
	appended bool
}

// NewTxOutbox binds an outbox to a unit of work's transaction.
func NewTxOutbox(tx db.Conn) *TxOutbox { return &TxOutbox{conn: tx} }

// Append writes events in the transaction; see the package-level Append.
func (o *TxOutbox) Append(ctx context.Context, events ...Event) error {
	if err := Append(ctx, o.conn, events...); err != nil {
		return err
	}
	o.appended = o.appended || len(events) > 0
	return nil
}

// Appended reports whether any event was appended.
func (o *TxOutbox) Appended() bool { return o.appended }

// InTx is the core of every context's Unit of Work: it runs fn in one transaction on e with an
// outbox bound to it, and after a commit in which fn appended events calls afterEvents (the
// relay's Notify; nil for none), so the events leave in milliseconds rather than at the next poll.
func InTx(ctx context.Context, e *db.Engine, afterEvents func(), fn func(tx *db.Tx, events *TxOutbox) error) error {
	var events *TxOutbox
	err := e.InTx(ctx, func(tx *db.Tx) error {
		events = NewTxOutbox(tx)
		return fn(tx, events)
	})
	if err == nil && events.Appended() && afterEvents != nil {
		afterEvents()
	}
	return err
}

// TxInbox is a subscriber's inbox bound to the transaction of its effect; see Inbox.
type TxInbox struct {
	Conn db.Conn
}

// Record reports whether the event is new to the subscriber, recording it if so.
func (i TxInbox) Record(ctx context.Context, subscriber, eventID string) (bool, error) {
	return Inbox(ctx, i.Conn, subscriber, eventID)
}
