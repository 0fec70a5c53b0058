package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/sqlcount"
)

// Tx is a transaction of one engine; it implements Conn.
type Tx struct {
	dialect Dialect
	tx      *sql.Tx
	span    trace.Span // the transaction's span: the parent of its statements' spans
}

func (t *Tx) Dialect() Dialect { return t.dialect }

func (t *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	sqlcount.Record(ctx)
	ctx, span := startSpan(t.spanContext(ctx), t.dialect, "exec")
	res, err := t.tx.ExecContext(ctx, query, bindArgs(t.dialect, args)...)
	endSpan(span, err)
	return res, err
}

func (t *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	sqlcount.Record(ctx)
	ctx, span := startSpan(t.spanContext(ctx), t.dialect, "query")
	res, err := t.tx.QueryContext(ctx, query, bindArgs(t.dialect, args)...)
	endSpan(span, err)
	return res, err
}

func (t *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	sqlcount.Record(ctx)
	ctx, span := startSpan(t.spanContext(ctx), t.dialect, "query_row")
	row := t.tx.QueryRowContext(ctx, query, bindArgs(t.dialect, args)...)
	endSpan(span, row.Err())
	return row
}

// spanContext makes the transaction's span the parent of a statement's span: fn receives the
// caller's ctx, not one carrying the transaction's span.
func (t *Tx) spanContext(ctx context.Context) context.Context {
	if t.span == nil || !t.span.SpanContext().IsValid() {
		return ctx
	}
	return trace.ContextWithSpan(ctx, t.span)
}

// InTx runs fn in one transaction: BEGIN, fn, COMMIT, each counted as a statement. An error from
// fn, a panic or runtime.Goexit (t.FailNow) rolls back; fn's error is returned unwrapped so that
// callers can match their own error kinds. InTx never retries: the bus's retry decorator retries
// whole commands on IsRetryable errors. Inside fn use tx only: on SQLite the write engine has a
// single connection, which fn's transaction holds.
func (e *Engine) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	sqlcount.Record(ctx)
	spanCtx, span := startSpan(WithStatementName(ctx, ""), e.dialect, "transaction")
	defer func() { endSpan(span, err) }()
	sqlTx, err := e.db.BeginTx(spanCtx, nil)
	if err != nil {
		return fmt.Errorf("begin %s transaction: %w", e.dialect, err)
	}
	tx := &Tx{dialect: e.dialect, tx: sqlTx, span: span}

	finished := false
	defer func() {
		if !finished {
			// fn panicked or exited its goroutine: release the connection and let the panic go on.
			_ = tx.rollback(ctx)
		}
	}()
	if err := fn(tx); err != nil {
		finished = true
		if rollbackErr := tx.rollback(ctx); rollbackErr != nil {
			return errors.Join(err, rollbackErr)
		}
		return err
	}
	finished = true
	sqlcount.Record(ctx)
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit %s transaction: %w", e.dialect, err)
	}
	return nil
}

func (t *Tx) rollback(ctx context.Context) error {
	sqlcount.Record(ctx)
	err := t.tx.Rollback()
	// database/sql has already rolled back a transaction whose context ended.
	if err != nil && !errors.Is(err, sql.ErrTxDone) {
		return fmt.Errorf("roll back %s transaction: %w", t.dialect, err)
	}
	return nil
}
