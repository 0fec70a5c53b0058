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

// UnitOfWork is what every context's Unit of Work shares; the context's store makes one with its
// own repositories (R). Do runs fn in one transaction on the write engine, with the repositories
// that bind makes bound to it, so that fn's error rolls back everything they did, the outbox
// events and inbox entries included. After a commit in which fn appended events it calls
// afterEvents (the relay's Notify; nil for none), so the events leave in milliseconds rather
// than at the next poll.
type UnitOfWork[R any] struct {
	write       *db.Engine
	afterEvents func()
	bind        func(tx db.Conn, events *TxOutbox) R
}

// NewUnitOfWork makes a context's Unit of Work on e's write engine; bind binds the context's
// repositories to a unit's transaction and outbox.
func NewUnitOfWork[R any](e *db.Engines, afterEvents func(), bind func(tx db.Conn, events *TxOutbox) R) UnitOfWork[R] {
	return UnitOfWork[R]{write: e.Write, afterEvents: afterEvents, bind: bind}
}

// Do runs one unit of work; see UnitOfWork.
func (u UnitOfWork[R]) Do(ctx context.Context, fn func(ctx context.Context, repos R) error) error {
	var events *TxOutbox
	err := u.write.InTx(ctx, func(tx *db.Tx) error {
		events = NewTxOutbox(tx)
		return fn(ctx, u.bind(tx, events))
	})
	if err == nil && events.Appended() && u.afterEvents != nil {
		u.afterEvents()
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
