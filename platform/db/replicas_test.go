package db_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
)

// countingObserver records where reads went.
type countingObserver struct {
	mu        sync.Mutex
	routed    map[string]int
	fallbacks map[string]int
}

func newCountingObserver() *countingObserver {
	return &countingObserver{routed: map[string]int{}, fallbacks: map[string]int{}}
}

func (o *countingObserver) Routed(target string) { o.mu.Lock(); o.routed[target]++; o.mu.Unlock() }
func (o *countingObserver) Fallback(reason string) {
	o.mu.Lock()
	o.fallbacks[reason]++
	o.mu.Unlock()
}
func (o *countingObserver) Lag(string, float64) {}

func (o *countingObserver) counts() (routed, fallbacks map[string]int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, f := map[string]int{}, map[string]int{}
	for k, v := range o.routed {
		r[k] = v
	}
	for k, v := range o.fallbacks {
		f[k] = v
	}
	return r, f
}

// Without a real replica (gateway/e2e's stage 3 test has one), every kind of unusable replica
// must leave reads answering from the primary, counted as fallbacks.
func TestReadsFallBackToThePrimaryWhenNoReplicaIsUsable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		replica func(primary string) string
	}{
		{"unreachable", func(string) string { return "postgres://postgres@127.0.0.1:1/none?sslmode=disable" }},
		// The primary itself answers pg_last_wal_replay_lsn() with NULL: not a replica.
		{"not a replica", func(primary string) string { return primary }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			observer := newCountingObserver()
			engines := dbtest.OpenWith(t, db.Postgres, "orders", func(c *db.Config) {
				c.ReadURLs = []string{tt.replica(c.URL)}
				c.ReadObserver = observer
			})
			if engines.Read == engines.Write {
				t.Fatal("a read URL gave no read engine of its own")
			}
			ctx := context.Background()
			if _, err := engines.Read.ExecContext(ctx, "CREATE TABLE t (n int)"); err != nil {
				t.Fatalf("a statement through the read engine: %v", err)
			}
			if err := engines.Write.InTx(ctx, func(tx *db.Tx) error {
				_, err := tx.ExecContext(ctx, "INSERT INTO t VALUES (7)")
				return err
			}); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := engines.Read.QueryRowContext(ctx, "SELECT n FROM t").Scan(&n); err != nil || n != 7 {
				t.Fatalf("read = %d, %v; want 7 from the primary", n, err)
			}
			rows, err := engines.Read.QueryContext(db.OnPrimary(ctx), "SELECT n FROM t")
			if err != nil {
				t.Fatal(err)
			}
			rows.Close()
			if err := engines.Ping(ctx); err != nil {
				t.Fatalf("Ping with no usable replica: %v; readiness follows the primary", err)
			}
			routed, fallbacks := observer.counts()
			if routed["replica"] != 0 || routed["primary"] < 2 || fallbacks["unavailable"] != 1 {
				t.Fatalf("routed %v, fallbacks %v; want 2 reads on the primary, 1 an unavailable fallback", routed, fallbacks)
			}
		})
	}
}

func TestCommitsRecordTheirPositionWithReplicas(t *testing.T) {
	t.Parallel()
	engines := dbtest.OpenWith(t, db.Postgres, "orders", func(c *db.Config) {
		c.ReadURLs = []string{"postgres://postgres@127.0.0.1:1/none?sslmode=disable"}
	})
	var told []db.Position
	s := db.NewSession(nil, func(_ context.Context, p db.Position) { told = append(told, p) })
	ctx := db.WithSession(context.Background(), s)
	for range 2 {
		if err := engines.Write.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, "SELECT 1")
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	if len(told) != 2 || told[0] == 0 || told[0] == db.Unknown || told[1] < told[0] || s.Committed() != told[1] {
		t.Fatalf("positions %v, committed %v: want two real, ordered positions", told, s.Committed())
	}
}

func TestReplicasOfSQLiteAreRefused(t *testing.T) {
	t.Parallel()
	_, err := db.Open(context.Background(), db.Config{URL: "sqlite:" + t.TempDir() + "/x.db", Context: "orders",
		ReadURLs: []string{"postgres://replica/x"}})
	if err == nil || !strings.Contains(err.Error(), "read replicas need PostgreSQL") {
		t.Fatalf("err = %v, want replicas of SQLite refused", err)
	}
}
