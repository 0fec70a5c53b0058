package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/backoff"
	"github.com/modmono/platform/sqlcount"
)

// Tx is a transaction of one engine; it implements Conn.
type Tx struct {
	dialect Dialect
	tx      *sql.Tx
	span    trace.Span // the transaction's span: the parent of its statements' spans
	// ctx ends when the transaction's deadline passes (see InTx): every statement stops then,
	// whatever context it was given.
	ctx context.Context
}

func (t *Tx) Dialect() Dialect { return t.dialect }

func (t *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	sqlcount.Record(ctx)
	ctx, span := startSpan(t.spanContext(t.bound(ctx)), t.dialect, "exec")
	res, err := t.tx.ExecContext(ctx, query, bindArgs(t.dialect, args)...)
	endSpan(span, err)
	return res, err
}

func (t *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	sqlcount.Record(ctx)
	ctx, span := startSpan(t.spanContext(t.bound(ctx)), t.dialect, "query")
	res, err := t.tx.QueryContext(ctx, query, bindArgs(t.dialect, args)...)
	endSpan(span, err)
	return res, err
}

func (t *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	sqlcount.Record(ctx)
	ctx, span := startSpan(t.spanContext(t.bound(ctx)), t.dialect, "query_row")
	row := t.tx.QueryRowContext(ctx, query, bindArgs(t.dialect, args)...)
	endSpan(span, row.Err())
	return row
}

// bound makes a statement's context end with the transaction's: a statement given a context
// without the request's deadline (context.Background) still stops at it. The link lasts until
// the transaction ends, since rows are read after the statement returns.
func (t *Tx) bound(ctx context.Context) context.Context {
	if t.ctx == nil {
		return ctx
	}
	stmtCtx, cancel := context.WithCancelCause(ctx)
	context.AfterFunc(t.ctx, func() { cancel(context.Cause(t.ctx)) })
	return stmtCtx
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
// callers can match their own error kinds. Inside fn use tx only: on SQLite the write engine has
// a single connection, which fn's transaction holds.
//
// Waiting: getting a connection waits at most the engine's pool wait (ErrPoolTimeout past it);
// a failure before the transaction began (a refused or broken connection, a busy database) is
// tried again after a short jittered delay, since nothing was sent yet. InTx retries nothing
// else: the bus's retry decorator retries whole commands on IsRetryable errors.
//
// Deadline: until fn returns, the transaction follows ctx, so a statement still running at
// ctx's deadline is cancelled and the transaction rolled back. Then InTx decides once: if ctx
// is over, it rolls back and returns ErrDeadline; otherwise it sends COMMIT, which no longer
// follows ctx and may take up to CommitTimeout, and reports what the server answered. So an
// error from InTx always means that nothing was committed, except when the connection breaks
// during COMMIT itself, where the outcome is unknown to the server's client too.
func (e *Engine) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	if e.router != nil {
		// A transaction may write, or read what it then decides on: the primary.
		return e.router.primary.InTx(ctx, fn)
	}
	sqlcount.Record(ctx)
	spanCtx, span := startSpan(WithStatementName(ctx, ""), e.dialect, "transaction")
	defer func() { endSpan(span, err) }()

	// txCtx carries the transaction: cancelled with ctx (and its cause) until the commit is
	// decided, and on its own bound after that.
	txCtx, cancelTx := context.WithCancelCause(context.WithoutCancel(spanCtx))
	defer cancelTx(nil)
	followCtx := context.AfterFunc(ctx, func() { cancelTx(context.Cause(ctx)) })
	defer followCtx()

	sqlTx, done, err := e.begin(ctx, txCtx)
	if err != nil {
		return pastDeadline(ctx, err)
	}
	defer done()
	tx := &Tx{dialect: e.dialect, tx: sqlTx, span: span, ctx: txCtx}

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
			return pastDeadline(ctx, errors.Join(err, rollbackErr))
		}
		return pastDeadline(ctx, err)
	}
	finished = true
	if !followCtx() || ctx.Err() != nil {
		// ctx ended while fn ran: its transaction was cancelled with it (database/sql rolls
		// back a transaction whose context ends); never commit past the deadline.
		_ = tx.rollback(ctx)
		return fmt.Errorf("%w: %w", ErrDeadline, context.Cause(ctx))
	}
	commitBound := time.AfterFunc(CommitTimeout, func() { cancelTx(ErrCommitTimeout) })
	defer commitBound.Stop()
	sqlcount.Record(ctx)
	if err := sqlTx.Commit(); err != nil {
		if errors.Is(context.Cause(txCtx), ErrCommitTimeout) {
			err = fmt.Errorf("%w (%w)", err, ErrCommitTimeout) // the driver only saw a cancellation
		}
		return fmt.Errorf("commit %s transaction: %w", e.dialect, err)
	}
	e.recordCommit(ctx)
	return nil
}

// pastDeadline marks err with ErrDeadline when ctx's deadline has passed: the transaction failed
// because of it (a statement cancelled, a lock or connection waited for until then), and the
// error is then a 503, whatever the driver made of the cancellation.
func pastDeadline(ctx context.Context, err error) error {
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, ErrDeadline) {
		return err
	}
	return fmt.Errorf("%w (%w)", err, ErrDeadline)
}

// beginAttempts bounds the tries to get a connection and begin (see InTx); beginRetryBase is
// the first wait between them (10–20 ms, then 20–40 ms).
const (
	beginAttempts  = 3
	beginRetryBase = 20 * time.Millisecond
)

// begin takes a transaction slot and a connection within the pool wait and begins a
// transaction on it, bound to txCtx; done gives the connection and the slot back.
func (e *Engine) begin(ctx, txCtx context.Context) (tx *sql.Tx, done func(), err error) {
	waitCtx, cancel := context.WithTimeout(ctx, e.poolWait)
	defer cancel()
	releaseSlot, err := e.takeSlot(ctx, waitCtx)
	if err != nil {
		return nil, nil, fmt.Errorf("begin %s transaction: %w", e.dialect, err)
	}
	for attempt := 1; ; attempt++ {
		conn, tx, err := e.beginOnce(waitCtx, txCtx)
		if err == nil {
			return tx, func() { _ = conn.Close(); releaseSlot() }, nil
		}
		err = waitError(ctx, waitCtx, e.poolWait, err)
		if attempt >= beginAttempts || !safeToBeginAgain(err) || !backoff.Sleep(waitCtx, backoff.Delay(beginRetryBase, attempt)) {
			releaseSlot()
			return nil, nil, fmt.Errorf("begin %s transaction: %w", e.dialect, err)
		}
	}
}

// takeSlot takes one of the engine's transaction slots (txSlotsFor) within waitCtx, and returns
// what gives it back.
func (e *Engine) takeSlot(ctx, waitCtx context.Context) (release func(), err error) {
	if e.txSlots == nil {
		return func() {}, nil
	}
	select {
	case e.txSlots <- struct{}{}:
		return func() { <-e.txSlots }, nil
	case <-waitCtx.Done():
		return nil, waitError(ctx, waitCtx, e.poolWait, waitCtx.Err())
	}
}

func (e *Engine) beginOnce(waitCtx, txCtx context.Context) (*sql.Conn, *sql.Tx, error) {
	conn, err := e.db.Conn(waitCtx)
	if err != nil {
		return nil, nil, err
	}
	tx, err := conn.BeginTx(txCtx, nil)
	if err != nil {
		return nil, nil, errors.Join(err, conn.Close())
	}
	return conn, tx, nil
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

// Autocommit runs fn outside any transaction: each statement fn runs is atomic and committed on
// its own, and no BEGIN or COMMIT is sent. It is for work whose only write is one statement
// (PostgreSQL: a WITH of several inserts is one) sent with ExecContext, and whose reads need no
// isolation from it: at READ COMMITTED a transaction gives a read that locks nothing no more.
// After fn succeeds it records the commit for read-your-writes, as InTx does.
//
// Deadline: each statement follows ctx, and the write commits as it ends, so a deadline that
// passes while it runs leaves two outcomes, which Autocommit tells apart as InTx does for its
// COMMIT. The cancel request makes PostgreSQL either stop the write (query_canceled: rolled
// back, ErrDeadline) or answer that it finished (a success, reported as one); any other failure
// past the deadline after the write was sent (no answer within the cancel's grace) is
// ErrCommitTimeout: whether it took effect is unknown. A failure before the write was sent is
// ErrDeadline: nothing was written.
func (e *Engine) Autocommit(ctx context.Context, fn func(conn Conn) error) error {
	if e.router != nil {
		return e.router.primary.Autocommit(ctx, fn)
	}
	// A write may wait on a lock as a transaction does: it takes a transaction slot, so that
	// a pile of them leaves the reserve of the pool to the reads (txSlotsFor).
	waitCtx, cancel := context.WithTimeout(ctx, e.poolWait)
	release, err := e.takeSlot(ctx, waitCtx)
	cancel()
	if err != nil {
		return pastDeadline(ctx, fmt.Errorf("%s autocommit unit: %w", e.dialect, err))
	}
	defer release()
	conn := &autocommitConn{Engine: e}
	if err := fn(conn); err != nil {
		if conn.wrote && ctx.Err() != nil && !isQueryCanceled(err) {
			return fmt.Errorf("%w: %w", ErrCommitTimeout, err)
		}
		return pastDeadline(ctx, err)
	}
	e.recordCommit(ctx)
	return nil
}

// autocommitConn is the engine as Autocommit's fn sees it: it notes that the write (an
// ExecContext) was sent, after which a failure past the deadline may hide a commit.
type autocommitConn struct {
	*Engine
	wrote bool
}

func (c *autocommitConn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	c.wrote = true
	return c.Engine.ExecContext(ctx, query, args...)
}

// isQueryCanceled: PostgreSQL stopped the statement on a cancel request (57014), so it rolled
// back.
func isQueryCanceled(err error) bool {
	code, ok := postgresCode(err)
	return ok && code == "57014"
}
