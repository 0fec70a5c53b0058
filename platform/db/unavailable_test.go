package db_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/modmono/platform/db"
)

func TestIsUnavailableClassifies(t *testing.T) {
	t.Parallel()
	pg := func(code string) error { return fmt.Errorf("insert: %w", &pgconn.PgError{Code: code, Message: "m"}) }
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"too many connections", pg("53300"), true},
		{"admin shutdown", pg("57P01"), true},
		{"crash shutdown", pg("57P02"), true},
		{"cannot connect now", pg("57P03"), true},
		{"connection failure", pg("08006"), true},
		{"connection refused by the server", pg("08001"), true},
		{"serialization failure after its retries", pg("40001"), true},
		{"deadlock after its retries", pg("40P01"), true},
		{"statement cancelled at the deadline", pg("57014"), true},
		{"lock not available", pg("55P03"), true},
		{"pool wait over", fmt.Errorf("begin: %w", db.ErrPoolTimeout), true},
		{"deadline before commit", fmt.Errorf("%w: %w", db.ErrDeadline, context.DeadlineExceeded), true},
		{"context deadline on a call", fmt.Errorf("query: %w", context.DeadlineExceeded), true},
		{"refused connection", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, true},
		{"connection cut mid-answer", fmt.Errorf("receive: %w", io.ErrUnexpectedEOF), true},
		{"bad connection", driver.ErrBadConn, true},
		{"closed connection", pgconn.ErrConnClosed, true},
		{"unique violation", pg("23505"), false},
		{"undefined table", pg("42P01"), false},
		{"value too long", pg("22001"), false},
		{"no rows", sql.ErrNoRows, false},
		{"caller went away", context.Canceled, false},
		{"plain", errors.New("plain"), false},
		{"nil", nil, false},
	} {
		if got := db.IsUnavailable(tc.err); got != tc.want {
			t.Errorf("%s: IsUnavailable(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}
