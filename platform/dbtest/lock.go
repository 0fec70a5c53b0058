package dbtest

import (
	"context"
	"database/sql"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/modmono/platform/db"
)

// HoldWriteLock takes the write lock of table from another connection, as another session
// would, until the returned release is called (or the test ends): LOCK TABLE in ACCESS
// EXCLUSIVE mode on PostgreSQL (readers of the table wait too), BEGIN IMMEDIATE from a
// connection of its own on SQLite (the whole file: writers wait, readers do not).
func HoldWriteLock(t testing.TB, e *db.Engines, table string) (release func()) {
	t.Helper()
	ctx, cancel := contextWithTimeout()
	defer cancel()
	other, begin, lock := e.Write.DB(), "BEGIN", "LOCK TABLE "+pgx.Identifier{table}.Sanitize()+" IN ACCESS EXCLUSIVE MODE"
	if e.Write.Dialect() == db.SQLite {
		var file string
		if err := e.Write.QueryRowContext(ctx, "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file); err != nil {
			t.Fatalf("dbtest: find the SQLite file: %v", err)
		}
		var err error
		if other, err = sql.Open("sqlite", file); err != nil {
			t.Fatalf("dbtest: open the SQLite file again: %v", err)
		}
		t.Cleanup(func() { _ = other.Close() })
		begin, lock = "BEGIN IMMEDIATE", "SELECT 1"
	}
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatalf("dbtest: a connection to hold the lock: %v", err)
	}
	for _, stmt := range []string{begin, lock} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("dbtest: %s: %v", stmt, err)
		}
	}
	released := false
	release = func() {
		if !released {
			released = true
			_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
			_ = conn.Close()
		}
	}
	t.Cleanup(release)
	return release
}
