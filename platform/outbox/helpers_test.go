package outbox_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/outbox"
)

// openStore opens a fresh store with the messaging tables.
func openStore(t *testing.T, dialect db.Dialect, contextName string) *db.Engines {
	t.Helper()
	return dbtest.OpenMigrated(t, dialect, contextName, "messaging")
}

// openAgain opens a second, independent handle on e's store, as another process would.
func openAgain(t *testing.T, e *db.Engines, contextName string) *db.Engines {
	t.Helper()
	return openAgainWith(t, e, contextName, nil)
}

// openAgainWith is openAgain with PostgreSQL settings on the new handle's connections.
func openAgainWith(t *testing.T, e *db.Engines, contextName string, settings map[string]string) *db.Engines {
	t.Helper()
	ctx := context.Background()
	cfg := db.Config{Context: contextName, MaxConns: 4, Settings: settings}
	if e.Write.Dialect() == db.Postgres {
		cfg.URL = dbtest.PostgresURL()
		if err := e.Write.QueryRowContext(ctx, "SELECT current_schema()").Scan(&cfg.Schema); err != nil {
			t.Fatalf("find the schema: %v", err)
		}
	} else {
		var file string
		if err := e.Write.QueryRowContext(ctx, "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file); err != nil {
			t.Fatalf("find the SQLite file: %v", err)
		}
		// db.Open derives "x.<context>.db" from "x.db".
		cfg.URL = "sqlite:" + strings.TrimSuffix(file, "."+contextName+".db") + ".db"
	}
	again, err := db.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open the store again: %v", err)
	}
	t.Cleanup(func() { _ = again.Close() })
	return again
}

// events makes n events of one aggregate, numbered in their payload.
func events(t *testing.T, aggregateID string, n int) []outbox.Event {
	t.Helper()
	out := make([]outbox.Event, n)
	for i := range out {
		e, err := outbox.NewEvent(context.Background(), clock.System{}, "test.happened", 1, aggregateID, map[string]int{"n": i})
		if err != nil {
			t.Fatal(err)
		}
		out[i] = e
	}
	return out
}

// appendCommitted appends events in one committed transaction.
func appendCommitted(t *testing.T, e *db.Engines, evs ...outbox.Event) {
	t.Helper()
	err := e.Write.InTx(context.Background(), func(tx *db.Tx) error { return outbox.Append(context.Background(), tx, evs...) })
	if err != nil {
		t.Fatalf("append %d events: %v", len(evs), err)
	}
}

// quietLogger keeps the relay's expected warnings (failed publishes) out of test output.
var quietLogger = slog.New(slog.DiscardHandler)

// startRelay starts a relay on cfg with fast test defaults, stopped when the test ends.
func startRelay(t *testing.T, cfg outbox.RelayConfig) *outbox.Relay {
	t.Helper()
	if cfg.Name == "" {
		cfg.Name = "test"
	}
	if cfg.Logger == nil {
		cfg.Logger = quietLogger
	}
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 10 * time.Millisecond
	}
	if cfg.BackoffBase == 0 {
		cfg.BackoffBase, cfg.BackoffMax = time.Millisecond, 4*time.Millisecond
	}
	r, err := outbox.NewRelay(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := r.Stop(ctx); err != nil {
			t.Errorf("stop relay: %v", err)
		}
	})
	return r
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func idsOf(evs []outbox.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}

// countRows counts the rows of a table that match a condition, with a raw statement: tests look
// at the tables directly so that they check the stored state, not the package's own reading.
func countRows(t *testing.T, conn db.Conn, table, where string) int {
	t.Helper()
	var n int
	q := fmt.Sprintf("SELECT COUNT(*) FROM %s WHERE %s", table, where)
	if err := conn.QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
