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
