package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/modmono/platform/sqlcount"
)

// Dialect names the SQL engine behind a connection.
type Dialect string

const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// Args are named parameters: ":email" in SQL text is bound from Args{"email": ...}.
type Args map[string]any

// Conn is what repositories run statements on: an *Engine or a *Tx. Both count every statement
// on the request's sqlcount.Counter and bind time.Time arguments in UTC (on SQLite as fixed-width
// text, see bindTime), so raw statements and named ones store times alike.
type Conn interface {
	Dialect() Dialect
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

var (
	_ Conn = (*Engine)(nil)
	_ Conn = (*Tx)(nil)
)

// Engine is one handle on a context's store (its reads or its writes).
type Engine struct {
	dialect Dialect
	db      *sql.DB
	pool    *pgxpool.Pool // nil on SQLite
	// poolWait bounds a transaction's wait for a connection (see Config.PoolWait).
	poolWait time.Duration
	// router, on a read engine with replicas, sends each read to a replica or to the primary;
	// db and pool are then the first replica's (its pool statistics), and transactions and
	// pings go to the primary.
	router *router
	// tracksPositions: a write engine with replicas records each commit's WAL position in the
	// request's Session (read-your-writes).
	tracksPositions bool
	// txSlots, on PostgreSQL, bounds the transactions holding pool connections at once, below
	// the pool's size (see txSlotsFor); nil for no bound.
	txSlots chan struct{}
}

func (e *Engine) Dialect() Dialect { return e.dialect }

// DB is the underlying handle, for tools that need *sql.DB (goose). Statements run on it directly
// are not counted.
func (e *Engine) DB() *sql.DB { return e.db }

// Pool is the pgx pool behind DB on PostgreSQL (for LISTEN/NOTIFY and pool statistics); nil on
// SQLite.
func (e *Engine) Pool() *pgxpool.Pool { return e.pool }

// Ping checks that the database answers.
func (e *Engine) Ping(ctx context.Context) error {
	if e.router != nil {
		// Readiness follows the primary: with every replica down, reads go to the primary.
		return e.router.primary.Ping(ctx)
	}
	if err := e.db.PingContext(ctx); err != nil {
		return fmt.Errorf("%s database does not answer: %w", e.dialect, err)
	}
	return nil
}

func (e *Engine) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if e.router != nil {
		// A statement that may write never goes to a replica.
		return e.router.primary.ExecContext(ctx, query, args...)
	}
	sqlcount.Record(ctx)
	ctx, span := startSpan(ctx, e.dialect, "exec")
	res, err := e.db.ExecContext(ctx, query, bindArgs(e.dialect, args)...)
	endSpan(span, err)
	return res, err
}

func (e *Engine) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if e.router != nil {
		rep := e.router.pick(ctx)
		if rep == nil {
			return e.router.primary.QueryContext(ctx, query, args...)
		}
		rows, err := rep.engine.QueryContext(ctx, query, args...)
		if e.router.failed(ctx, rep, err) {
			return e.router.primary.QueryContext(ctx, query, args...)
		}
		return rows, err
	}
	sqlcount.Record(ctx)
	ctx, span := startSpan(ctx, e.dialect, "query")
	res, err := e.db.QueryContext(ctx, query, bindArgs(e.dialect, args)...)
	endSpan(span, err)
	return res, err
}

func (e *Engine) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if e.router != nil {
		rep := e.router.pick(ctx)
		if rep == nil {
			return e.router.primary.QueryRowContext(ctx, query, args...)
		}
		// database/sql runs the statement here and keeps its error for Scan (Row.Err).
		row := rep.engine.QueryRowContext(ctx, query, args...)
		if e.router.failed(ctx, rep, row.Err()) {
			return e.router.primary.QueryRowContext(ctx, query, args...)
		}
		return row
	}
	sqlcount.Record(ctx)
	ctx, span := startSpan(ctx, e.dialect, "query_row")
	row := e.db.QueryRowContext(ctx, query, bindArgs(e.dialect, args)...)
	endSpan(span, row.Err())
	return row
}

func (e *Engine) close() error {
	if e.router != nil {
		return e.router.close() // the primary is the write engine's to close
	}
	err := e.db.Close()
	if e.pool != nil {
		// Closing the *sql.DB built by stdlib.OpenDBFromPool leaves the pool open.
		e.pool.Close()
	}
	return err
}

// Engines are a context's read and write handles. On PostgreSQL both are the same engine unless
// replicas are configured (Config.ReadURLs): then Read sends each read to a replica recent enough
// for the request, else to the primary, which Write is; on SQLite, Write has a single connection whose transactions begin
// IMMEDIATE, and Read has several connections that refuse writes (PRAGMA query_only).
type Engines struct {
	Read, Write *Engine
}

// Close closes both engines (once, when they are the same).
func (e *Engines) Close() error {
	err := e.Write.close()
	if e.Read != e.Write {
		err = errors.Join(err, e.Read.close())
	}
	return err
}

// ReadsFromReplicas reports whether the read engine routes reads to streaming replicas (and the
// write engine records commit positions for read-your-writes).
func (e *Engines) ReadsFromReplicas() bool { return e.Read.router != nil }

// Ping checks both engines.
func (e *Engines) Ping(ctx context.Context) error {
	if err := e.Write.Ping(ctx); err != nil {
		return err
	}
	if e.Read != e.Write {
		return e.Read.Ping(ctx)
	}
	return nil
}
