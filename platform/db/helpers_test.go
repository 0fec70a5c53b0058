package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
)

// eachDialect runs test in parallel against a fresh store of every dialect.
func eachDialect(t *testing.T, test func(t *testing.T, engines *db.Engines)) {
	t.Helper()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			test(t, dbtest.Open(t, dialect, "dbtest"))
		})
	}
}

// testContext bounds a test's database calls, so that a leaked connection fails the test
// instead of hanging it.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func mustExec(t *testing.T, c db.Conn, query string, args ...any) {
	t.Helper()
	if _, err := c.ExecContext(testContext(t), query, args...); err != nil {
		t.Fatalf("exec %q: %v", query, err)
	}
}

func createItems(t *testing.T, e *db.Engine) {
	t.Helper()
	mustExec(t, e, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INTEGER NOT NULL DEFAULT 0)")
}

func countItems(t *testing.T, c db.Conn) int {
	t.Helper()
	var n int
	if err := c.QueryRowContext(testContext(t), "SELECT count(*) FROM items").Scan(&n); err != nil {
		t.Fatalf("count items: %v", err)
	}
	return n
}

// txContext runs statements inside test transactions; the transaction carries the test's deadline.
var txContext = context.Background()
