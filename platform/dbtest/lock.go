package dbtest

import (
	"context"
	"database/sql"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/modmono/platform/db"
)

// HoldWriteLock takes the write lock of table from a connection of its own, outside e's pool,
// as another session would, until the returned release is called (or the test ends): LOCK TABLE
// in ACCESS EXCLUSIVE mode on PostgreSQL (readers of that table wait too), BEGIN IMMEDIATE on
// SQLite (the whole file: writers wait, readers do not).
func HoldWriteLock(t testing.TB, e *db.Engines, table string) (release func()) {
	t.Helper()
	ctx, cancel := contextWithTimeout()
	defer cancel()
	var (
		driver, dsn string
		begin, lock = "BEGIN IMMEDIATE", "SELECT 1"
	)
	if e.Write.Dialect() == db.Postgres {
		var schema string
		if err := e.Write.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
			t.Fatalf("dbtest: find the schema: %v", err)
		}
		driver, dsn = "pgx", PostgresURL()
		begin, lock = "BEGIN", "LOCK TABLE "+pgx.Identifier{schema, table}.Sanitize()+" IN ACCESS EXCLUSIVE MODE"
	} else {
		driver = "sqlite"
		if err := e.Write.QueryRowContext(ctx, "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&dsn); err != nil {
			t.Fatalf("dbtest: find the SQLite file: %v", err)
		}
	}
	other, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("dbtest: open another connection: %v", err)
	}
	conn, err := other.Conn(ctx)
	if err != nil {
		_ = other.Close()
		t.Fatalf("dbtest: a connection to hold the lock: %v", err)
	}
	for _, stmt := range []string{begin, lock} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			_ = other.Close()
			t.Fatalf("dbtest: %s: %v", stmt, err)
		}
	}
	released := false
	release = func() {
		if !released {
			released = true
			_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
			_ = conn.Close()
			_ = other.Close()
		}
	}
	t.Cleanup(release)
	return release
}
