// Package dberr classifies database failures, PostgreSQL's (pgx) and SQLite's (modernc), by what
// a caller can do about them. It sits below both the database layer (platform/db, which returns
// these errors) and the HTTP edge (platform/problem, which answers IsUnavailable with 503), so
// that neither imports the other.
package dberr

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

var (
	// ErrPoolTimeout: no connection became free within the pool wait.
	ErrPoolTimeout = errors.New("no database connection became free within the pool wait")
	// ErrDeadline: the caller's deadline passed before the transaction could commit, so it was
	// rolled back.
	ErrDeadline = errors.New("the deadline passed before the transaction could commit; it was rolled back")
	// ErrCommitTimeout: a COMMIT did not answer within its own bound; whether it took effect is
	// unknown.
	ErrCommitTimeout = errors.New("the commit did not answer in time")
)

// IsUniqueViolation reports whether err (anywhere in its chain) is a unique or primary key
// violation: PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY.
func IsUniqueViolation(err error) bool {
	if code, ok := postgresCode(err); ok {
		return code == "23505"
	}
	if code, ok := sqliteCode(err); ok {
		return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// IsRetryable reports whether running the whole transaction again may succeed: PostgreSQL
// serialization failure (40001) or deadlock (40P01); SQLite BUSY or LOCKED, in any of their
// extended forms (BUSY_SNAPSHOT among them).
func IsRetryable(err error) bool {
	if code, ok := postgresCode(err); ok {
		return code == "40001" || code == "40P01"
	}
	if code, ok := sqliteCode(err); ok {
		primary := code & 0xff
		return primary == sqlite3.SQLITE_BUSY || primary == sqlite3.SQLITE_LOCKED
	}
	return false
}

// IsUnavailable reports whether err (anywhere in its chain) means that the store cannot serve
// the request now but may shortly: the server is unreachable, refused or dropped the connection,
// is shutting down or out of connections (PostgreSQL classes 08 and 53, 57P01..57P03), a
// statement was cancelled (57014, 55P03 lock_not_available) or ran past the deadline, no pooled
// connection came free in time (ErrPoolTimeout), the transaction could not commit before the
// deadline (ErrDeadline), or a write lock or serialization conflict outlasted its waits and
// retries (IsRetryable; SQLite also when interrupted). Such errors are answered 503 with
// Retry-After, never as internal errors.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrPoolTimeout) || errors.Is(err, ErrDeadline) || errors.Is(err, ErrCommitTimeout) ||
		errors.Is(err, context.DeadlineExceeded) || IsRetryable(err) {
		return true
	}
	if code, ok := postgresCode(err); ok {
		switch {
		case strings.HasPrefix(code, "08"), strings.HasPrefix(code, "53"):
			return true
		}
		switch code {
		case "57P01", "57P02", "57P03", "57014", "55P03":
			return true
		}
		return false
	}
	if code, ok := sqliteCode(err); ok {
		return code&0xff == sqlite3.SQLITE_INTERRUPT
	}
	return IsConnectionFailure(err)
}

// IsConnectionFailure: the connection could not be made or was lost (no server-side error code).
func IsConnectionFailure(err error) bool {
	var (
		connectErr *pgconn.ConnectError
		netErr     net.Error
	)
	return errors.As(err, &connectErr) || errors.As(err, &netErr) || pgconn.Timeout(err) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, io.ErrUnexpectedEOF)
}

func postgresCode(err error) (string, bool) {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code, true
	}
	return "", false
}

func sqliteCode(err error) (int, bool) {
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		return liteErr.Code(), true
	}
	return 0, false
}
