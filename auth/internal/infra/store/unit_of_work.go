package store

import (
	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/outbox"
)

// NewUnitOfWork runs each unit in one transaction on the write engine, with the context's
// repositories bound to it (outbox.UnitOfWork); afterEvents is the relay's Notify, or nil.
func NewUnitOfWork(e *db.Engines, afterEvents func()) application.UnitOfWork {
	return outbox.NewUnitOfWork(e, afterEvents, func(tx db.Conn, events *outbox.TxOutbox) application.Repositories {
		return repositories{conn: tx, outbox: events}
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
