package store

import (
	"context"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/outbox"
)

// NewUnitOfWork runs each unit in one transaction on the write engine; the repositories handed to
// fn are bound to that transaction, so fn's error rolls back everything they did, events
// included. afterCommit, when not nil, runs after each commit: the module passes its outbox
// relay's Notify, so events leave in milliseconds rather than at the next poll.
func NewUnitOfWork(e *db.Engines, afterCommit func()) application.UnitOfWork {
	return unitOfWork{write: e.Write, afterCommit: afterCommit}
}

type unitOfWork struct {
	write       *db.Engine
	afterCommit func()
}

func (u unitOfWork) Do(ctx context.Context, fn func(ctx context.Context, repos application.Repositories) error) error {
	err := u.write.InTx(ctx, func(tx *db.Tx) error {
		return fn(ctx, repositories{conn: tx})
	})
	if err == nil && u.afterCommit != nil {
		u.afterCommit()
	}
	return err
}

// repositories binds every repository of the context to one transaction.
type repositories struct {
	conn db.Conn
}

func (r repositories) Payments() application.Payments { return payments{conn: r.conn} }
func (r repositories) Refunds() application.Refunds   { return refunds{conn: r.conn} }
func (r repositories) Outbox() application.Outbox     { return messages{conn: r.conn} }
func (r repositories) Inbox() application.Inbox       { return messages{conn: r.conn} }

// messages are the context's outbox and inbox tables, from the shared "messaging" set.
type messages struct {
	conn db.Conn
}

func (m messages) Append(ctx context.Context, events ...outbox.Event) error {
	return outbox.Append(ctx, m.conn, events...)
}

func (m messages) Record(ctx context.Context, subscriber, eventID string) (bool, error) {
	return outbox.Inbox(ctx, m.conn, subscriber, eventID)
}
