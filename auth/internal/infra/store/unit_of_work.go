package store

import (
	"context"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/db"
)

// NewUnitOfWork runs each unit in one transaction on the write engine; the repositories handed to
// fn are bound to that transaction, so fn's error rolls back everything they did.
func NewUnitOfWork(e *db.Engines) application.UnitOfWork {
	return unitOfWork{write: e.Write}
}

type unitOfWork struct {
	write *db.Engine
}

func (u unitOfWork) Do(ctx context.Context, fn func(ctx context.Context, repos application.Repositories) error) error {
	return u.write.InTx(ctx, func(tx *db.Tx) error {
		return fn(ctx, repositories{conn: tx})
	})
}

// repositories binds every repository of the context to one transaction.
type repositories struct {
	conn db.Conn
}

func (r repositories) Users() application.Users                 { return users{conn: r.conn} }
func (r repositories) RefreshTokens() application.RefreshTokens { return refreshTokens{conn: r.conn} }
func (r repositories) LoginThrottle() application.LoginThrottle { return loginThrottle{conn: r.conn} }
