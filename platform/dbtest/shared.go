package dbtest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/modmono/platform/db"
)

// Shared is one fresh store that any number of engines open, as the replicas of a context do:
// tests of what must happen once however many replicas start at the same moment.
type Shared struct {
	t   testing.TB
	cfg db.Config
}

// NewShared prepares a fresh store of dialect (a SQLite file in a temporary directory, a
// throwaway PostgreSQL schema) without opening it; on PostgreSQL the schema is created here, so
// that concurrent Opens do not race to create it.
func NewShared(t testing.TB, dialect db.Dialect, contextName string) *Shared {
	t.Helper()
	s := &Shared{t: t, cfg: db.Config{Context: contextName, MaxConns: 2}}
	switch dialect {
	case db.SQLite:
		s.cfg.URL = "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	case db.Postgres:
		requirePostgres(t)
		s.cfg.URL = PostgresURL()
		s.cfg.Schema = newSchemaName(t)
		t.Cleanup(func() { dropSchema(t, s.cfg.Schema) })
		ctx, cancel := contextWithTimeout()
		defer cancel()
		first, err := db.Open(ctx, s.cfg)
		if err != nil {
			t.Fatalf("dbtest: create the shared schema: %v", err)
		}
		_ = first.Close()
	default:
		t.Fatalf("dbtest: unknown dialect %q", dialect)
	}
	return s
}

// URL and Schema locate the store, for processes started by the test (DATABASE_URL); Schema
// is empty on SQLite.
func (s *Shared) URL() string    { return s.cfg.URL }
func (s *Shared) Schema() string { return s.cfg.Schema }

// Open opens another set of engines on the store, closed when the test ends. Safe to call from
// several goroutines at once.
func (s *Shared) Open(ctx context.Context) (*db.Engines, error) {
	engines, err := db.Open(ctx, s.cfg)
	if err != nil {
		return nil, err
	}
	s.t.Cleanup(func() { _ = engines.Close() })
	return engines, nil
}
