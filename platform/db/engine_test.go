package db_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modmono/platform/db"
)

func TestOpenGivesReadAndWriteEngines(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, engines *db.Engines) {
		ctx := testContext(t)
		if err := engines.Ping(ctx); err != nil {
			t.Fatalf("Ping: %v", err)
		}
		dialect := engines.Write.Dialect()
		if engines.Read.Dialect() != dialect {
			t.Errorf("read dialect %s, write dialect %s: want the same", engines.Read.Dialect(), dialect)
		}
		switch dialect {
		case db.Postgres:
			if engines.Write.Pool() == nil || engines.Read != engines.Write {
				t.Errorf("PostgreSQL: want one engine with a pool for reads and writes")
			}
			var schema string
			if err := engines.Write.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
				t.Fatalf("current_schema: %v", err)
			}
			if !strings.HasPrefix(schema, "t_") {
				t.Errorf("current_schema() = %q, want the test's own schema t_...", schema)
			}
		case db.SQLite:
			if engines.Write.Pool() != nil || engines.Read == engines.Write {
				t.Errorf("SQLite: want separate read and write engines without a pool")
			}
			for name, e := range map[string]*db.Engine{"read": engines.Read, "write": engines.Write} {
				assertPragmas(t, e, name)
			}
		}
	})
}

func assertPragmas(t *testing.T, e *db.Engine, name string) {
	t.Helper()
	want := map[string]string{"journal_mode": "wal", "busy_timeout": "5000", "foreign_keys": "1", "synchronous": "1"}
	for pragma, value := range want {
		var got string
		if err := e.QueryRowContext(testContext(t), "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatalf("%s engine: PRAGMA %s: %v", name, pragma, err)
		}
		if got != value {
			t.Errorf("%s engine: PRAGMA %s = %q, want %q", name, pragma, got, value)
		}
	}
}

func TestSQLiteReadEngineRefusesWritesAndSeesCommittedOnes(t *testing.T) {
	t.Parallel()
	engines := openSQLite(t, "sqlite:"+filepath.Join(t.TempDir(), "shop.db"))
	createItems(t, engines.Write)
	mustExec(t, engines.Write, "INSERT INTO items (id, name) VALUES (1, 'a')")

	_, err := engines.Read.ExecContext(testContext(t), "INSERT INTO items (id, name) VALUES (2, 'b')")
	if err == nil || !strings.Contains(err.Error(), "readonly") {
		t.Errorf("insert through the read engine: error = %v, want a readonly error", err)
	}
	if got := countItems(t, engines.Read); got != 1 {
		t.Errorf("read engine sees %d items, want 1", got)
	}
}

func TestSQLiteFileIsNamedAfterTheContext(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	openSQLite(t, "sqlite:"+filepath.Join(dir, "var", "shop.db"))
	if _, err := os.Stat(filepath.Join(dir, "var", "shop.auth.db")); err != nil {
		t.Errorf("want var/shop.auth.db to exist: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "var", "shop.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("var/shop.db: stat error = %v, want it not to exist", err)
	}
}

func openSQLite(t *testing.T, url string) *db.Engines {
	t.Helper()
	engines, err := db.Open(testContext(t), db.Config{URL: url, Context: "auth"})
	if err != nil {
		t.Fatalf("Open(%s): %v", url, err)
	}
	t.Cleanup(func() { _ = engines.Close() })
	return engines
}

func TestOpenRejectsBadConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		cfg      db.Config
		wantErr  string
		mustHide string
	}{
		{name: "unknown scheme hides the rest of the URL", cfg: db.Config{URL: "mysql://root:secret@host/db", Context: "auth"},
			wantErr: `scheme "mysql" is not supported`, mustHide: "secret"},
		{name: "empty context", cfg: db.Config{URL: "sqlite:x.db"}, wantErr: `context name "" is invalid`},
		{name: "context that needs quoting", cfg: db.Config{URL: "sqlite:x.db", Context: "Auth; DROP"}, wantErr: "is invalid"},
		{name: "bad schema", cfg: db.Config{URL: "sqlite:x.db", Context: "auth", Schema: "a-b"}, wantErr: `schema name "a-b" is invalid`},
		{name: "negative pool size", cfg: db.Config{URL: "sqlite:x.db", Context: "auth", MaxConns: -1}, wantErr: "MaxConns is -1"},
		{name: "in-memory SQLite", cfg: db.Config{URL: "sqlite::memory:", Context: "auth"}, wantErr: "not usable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			engines, err := db.Open(testContext(t), tt.cfg)
			if err == nil {
				_ = engines.Close()
				t.Fatalf("Open succeeded, want an error containing %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Open error = %q, want it to contain %q", err, tt.wantErr)
			}
			if tt.mustHide != "" && strings.Contains(err.Error(), tt.mustHide) {
				t.Errorf("Open error %q leaks %q", err, tt.mustHide)
			}
		})
	}
}
