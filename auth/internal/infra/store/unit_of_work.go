package store

import (
	"context"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/outbox"
)

// NewUnitOfWork runs each unit in one transaction on the write engine; the repositories handed to
// fn are bound to that transaction, so fn's error rolls back everything they did, events
// included. After a commit that appended events it calls afterEvents (the relay's Notify, or
// nil), so they are published in milliseconds rather than at the next poll.
func NewUnitOfWork(e *db.Engines, afterEvents func()) application.UnitOfWork {
	return unitOfWork{write: e.Write, afterEvents: afterEvents}
}

type unitOfWork struct {
	write       *db.Engine
	afterEvents func()
}

func (u unitOfWork) Do(ctx context.Context, fn func(ctx context.Context, repos application.Repositories) error) error {
	return outbox.InTx(ctx, u.write, u.afterEvents, func(tx *db.Tx, events *outbox.TxOutbox) error {
		return fn(ctx, repositories{conn: tx, outbox: events})
	})
}

// repositories binds every repository of the context to one transaction.
type repositories struct {
	conn   db.Conn
	outbox *outbox.TxOutbox
}

func (r repositories) Users() application.Users                 { return users{conn: r.conn} }
func (r repositories) RefreshTokens() application.RefreshTokens { return refreshTokens{conn: r.conn} }
func (r repositories) LoginThrottle() application.LoginThrottle { return loginThrottle{conn: r.conn} }
func (r repositories) PasswordResetTokens() application.PasswordResetTokens {
	return passwordResetTokens{conn: r.conn}
}
func (r repositories) Inbox() application.Inbox   { return inbox{outbox.TxInbox{Conn: r.conn}} }
func (r repositories) Outbox() application.Outbox { return r.outbox }
