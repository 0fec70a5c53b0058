package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/modmono/platform/db"
)

// TxOutbox is a Unit of Work's outbox: events appended through it commit or roll back with the
// unit's transaction, and it remembers whether any were, so that the unit of work nudges the
// relay after the commit only when there is something to publish.
type TxOutbox struct {
	conn     db.Conn
	appended bool
	// autocommit: conn is no transaction (UnitOfWork.DoAutocommit), so an Append of its own
	// would not commit or roll back with the change; only Rows may be used.
	autocommit bool
}

// NewTxOutbox binds an outbox to a unit of work's transaction.
func NewTxOutbox(tx db.Conn) *TxOutbox { return &TxOutbox{conn: tx} }

// Append writes events in the transaction; see the package-level Append.
func (o *TxOutbox) Append(ctx context.Context, events ...Event) error {
	if o.autocommit {
		return errors.New("outbox: Append in a unit of work without a transaction: store the events in the statement of their change (TxOutbox.Rows)")
	}
	if err := Append(ctx, o.conn, events...); err != nil {
		return err
	}
	o.appended = o.appended || len(events) > 0
	return nil
}

// Rows validates events and encodes them for a statement that inserts them into the outbox
// together with the change they announce, so that one statement stores both (PostgreSQL:
// INSERT INTO outbox (id, type, version, aggregate_id, occurred_at, trace_parent, payload)
// SELECT ... FROM jsonb_to_recordset(:events) with those columns). It is a JSON array of objects
// with those keys; times are cut to the microsecond, as every stored time is. The events count
// as appended: the statement must fail (and with it the unit) if it does not store them.
func (o *TxOutbox) Rows(events ...Event) (string, error) {
	type row struct {
		ID          string `json:"id"`
		Type        string `json:"type"`
		Version     int    `json:"version"`
		AggregateID string `json:"aggregate_id"`
		OccurredAt  string `json:"occurred_at"`
		TraceParent string `json:"trace_parent"`
		Payload     string `json:"payload"`
	}
	rows := make([]row, len(events))
	for i, e := range events {
		if err := e.validate(); err != nil {
			return "", err
		}
		rows[i] = row{ID: e.ID, Type: e.Type, Version: e.Version, AggregateID: e.AggregateID,
			OccurredAt:  e.OccurredAt.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano),
			TraceParent: e.TraceParent, Payload: string(e.Payload)}
	}
	b, err := json.Marshal(rows)
	if err != nil {
		return "", fmt.Errorf("encode outbox events: %w", err)
	}
	o.appended = o.appended || len(events) > 0
	return string(b), nil
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

// DoAutocommit runs fn as Do does, but on PostgreSQL without a transaction
// (db.Engine.Autocommit): each statement commits on its own, and no BEGIN or COMMIT round trip
// is paid. It is for a unit whose one write is a single statement that stores everything, its
// events included (TxOutbox.Rows; Append refuses here), and whose reads need no isolation from
// it. On SQLite, where BEGIN and COMMIT cost no round trip and a write of several statements
// needs them, it is Do.
func (u UnitOfWork[R]) DoAutocommit(ctx context.Context, fn func(ctx context.Context, repos R) error) error {
	if u.write.Dialect() != db.Postgres {
		return u.Do(ctx, fn)
	}
	events := &TxOutbox{conn: u.write, autocommit: true}
	err := u.write.Autocommit(ctx, func(conn db.Conn) error {
		return fn(ctx, u.bind(conn, events))
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
