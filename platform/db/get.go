package db

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/modmono/platform/sqlcount"
)

// Get runs a statement that returns at most one row and scans it into dest: QueryRow and Scan
// in one call, with the same results (sql.ErrNoRows when there is no row, an unknown name or a
// bad argument as an error). On a PostgreSQL engine without replicas it goes to pgx directly:
// database/sql wrapped the pooled connection anew, converted every column to a driver.Value and
// copied it by reflection on every call, a tenth of the CPU of a read by primary key. Counted,
// traced and bounded by the pool wait like every other statement.
func (s *QuerySet) Get(ctx context.Context, c Conn, name string, args Args, dest ...any) error {
	e, ok := c.(*Engine)
	if !ok || e.pool == nil || e.router != nil {
		return s.QueryRow(ctx, c, name, args).Scan(dest...)
	}
	text, positional, err := s.bind(e.dialect, name, args)
	if err != nil {
		return err
	}
	sqlcount.Record(ctx)
	ctx, span := startNamedSpan(ctx, e.dialect, "query_row", name)
	err = e.getNative(ctx, text, bindArgs(e.dialect, positional), dest)
	endSpan(span, err)
	return err
}

// getNative acquires a pooled connection within the pool wait (as waitingConnector does for
// database/sql), runs the statement on it and releases it.
func (e *Engine) getNative(ctx context.Context, text string, args []any, dest []any) error {
	waitCtx, cancel := ctx, context.CancelFunc(nil)
	if deadline, ok := ctx.Deadline(); !ok || time.Until(deadline) > e.poolWait {
		waitCtx, cancel = context.WithTimeout(ctx, e.poolWait)
	}
	conn, err := e.pool.Acquire(waitCtx)
	if cancel != nil {
		cancel()
	}
	if err != nil {
		return waitError(ctx, waitCtx, e.poolWait, err)
	}
	defer conn.Release()
	err = conn.QueryRow(ctx, text, args...).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return sql.ErrNoRows // exactly what database/sql answers
	}
	return err
}
