// Package dbtest gives every context's tests a fresh, isolated store on each dialect: a SQLite
// file in a temporary directory, or a throwaway PostgreSQL schema dropped when the test ends.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/modmono/platform/db"
)

// DefaultPostgresURL is used when TEST_DATABASE_URL is not set.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Dialects are the dialects every repository test runs against.
func Dialects() []db.Dialect { return []db.Dialect{db.SQLite, db.Postgres} }

// PostgresURL is the server tests use: TEST_DATABASE_URL, or DefaultPostgresURL.
func PostgresURL() string {
	if url := os.Getenv("TEST_DATABASE_URL"); url != "" {
		return url
	}
	return DefaultPostgresURL
}

// Open returns the engines of a fresh store for the named context, closed (and on PostgreSQL dropped)
// when the test ends. Without a reachable PostgreSQL the test is skipped, or fails under CI=true,
// where a skipped database test would hide a broken pipeline.
func Open(t testing.TB, dialect db.Dialect, contextName string) *db.Engines {
	t.Helper()
	return OpenWith(t, dialect, contextName, nil)
}

// OpenWith is Open with the configuration adjusted by adjust (pool size and wait, or the URL's
// address with Through) before the engines are opened; a nil adjust changes nothing.
func OpenWith(t testing.TB, dialect db.Dialect, contextName string, adjust func(*db.Config)) *db.Engines {
	t.Helper()
	cfg := db.Config{Context: contextName, MaxConns: 4}
	switch dialect {
	case db.SQLite:
		cfg.URL = "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	case db.Postgres:
		requirePostgres(t)
		cfg.URL = PostgresURL()
		cfg.Schema = newSchemaName(t)
		t.Cleanup(func() { dropSchema(t, cfg.Schema) })
	default:
		t.Fatalf("dbtest: unknown dialect %q", dialect)
	}
	if adjust != nil {
		adjust(&cfg)
	}
	ctx, cancel := contextWithTimeout()
	defer cancel()
	engines, err := db.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("dbtest: open %s store for %q: %v", dialect, contextName, err)
	}
	// Registered after dropSchema, so it runs before it: the pool's connections are gone first.
	t.Cleanup(func() {
		if err := engines.Close(); err != nil {
			t.Errorf("dbtest: close %s store: %v", dialect, err)
		}
	})
	return engines
}

func newSchemaName(t testing.TB) string {
	random := make([]byte, 8)
	if _, err := rand.Read(random); err != nil {
		t.Fatalf("dbtest: random schema name: %v", err)
	}
	return "t_" + hex.EncodeToString(random)
}

func dropSchema(t testing.TB, schema string) {
	ctx, cancel := contextWithTimeout()
	defer cancel()
	conn, err := pgx.Connect(ctx, PostgresURL())
	if err != nil {
		t.Errorf("dbtest: connect to drop schema %s: %v", schema, err)
		return
	}
	defer func() { _ = conn.Close(ctx) }()
	if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
		t.Errorf("dbtest: drop schema %s: %v", schema, err)
	}
}

var (
	postgresOnce        sync.Once
	postgresUnreachable error
)

// requirePostgres checks once per process, with a short timeout, that the server answers.
func requirePostgres(t testing.TB) {
	t.Helper()
	postgresOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, PostgresURL())
		if err == nil {
			err = conn.Ping(ctx)
			_ = conn.Close(ctx)
		}
		postgresUnreachable = err
	})
	if postgresUnreachable == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("PostgreSQL not reachable at %s (CI=true, so this fails instead of skipping): %v",
			redacted(PostgresURL()), postgresUnreachable)
	}
	t.Skipf("PostgreSQL not reachable at %s: skipping (set CI=true to fail instead): %v",
		redacted(PostgresURL()), postgresUnreachable)
}

// redacted hides the password of a connection URL in messages.
func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable TEST_DATABASE_URL)"
	}
	return u.Redacted()
}

func contextWithTimeout() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}
