package db

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/modmono/platform/errs"
	sqlite3 "modernc.org/sqlite/lib"
)

var (
	// ErrPoolTimeout: no connection became free within the pool wait (Config.PoolWait).
	ErrPoolTimeout = errors.New("no database connection became free within the pool wait")
	// ErrDeadline: the caller's deadline passed before the transaction could commit, so it was
	// rolled back.
	// It wraps context.DeadlineExceeded, which is what it is to a caller.
	ErrDeadline = fmt.Errorf("the deadline passed before the transaction could commit; it was rolled back: %w", context.DeadlineExceeded)
	// ErrCommitTimeout: a COMMIT did not answer within CommitTimeout; whether it took effect is
	// unknown.
	ErrCommitTimeout = errors.New("the commit did not answer in time")
)

// CommitTimeout bounds a COMMIT once sent. It does not follow the caller's deadline: a commit
// that succeeds is reported as a success, so that a late answer never hides a committed write.
// Keep the request deadline below the server's write timeout by at least this much.
const CommitTimeout = 5 * time.Second

// The HTTP edge answers these 503 without importing this package (errs.IsTransient).
func init() { errs.RegisterTransient(IsUnavailable) }

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
	return isConnectionFailure(err)
}

// isConnectionFailure: the connection could not be made or was lost (no server-side error code).
func isConnectionFailure(err error) bool {
	var (
		connectErr *pgconn.ConnectError
		netErr     net.Error
	)
	return errors.As(err, &connectErr) || errors.As(err, &netErr) || pgconn.Timeout(err) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, io.ErrUnexpectedEOF)
}

// safeToBeginAgain: a failure to get a connection or to start a transaction, after which
// nothing of the transaction's work has reached the server, so it can be tried again.
func safeToBeginAgain(err error) bool {
	if errors.Is(err, ErrPoolTimeout) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return false // the wait is over: another try would wait past it
	}
	return pgconn.SafeToRetry(err) || isConnectionFailure(err) || IsRetryable(err)
}

// waitError names a wait for a connection that ran out (waitCtx, bounded by wait) while the
// caller's own ctx still had time: ErrPoolTimeout, a 503 rather than a deadline.
func waitError(ctx, waitCtx context.Context, wait time.Duration, err error) error {
	if err == nil || errors.Is(err, ErrPoolTimeout) || ctx.Err() != nil ||
		!errors.Is(waitCtx.Err(), context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%w (%s): %w", ErrPoolTimeout, wait, err)
}
