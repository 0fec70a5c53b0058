package dbtest_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
)

func TestDialectsAreBothDatabases(t *testing.T) {
	t.Parallel()
	got := dbtest.Dialects()
	if len(got) != 2 || got[0] == got[1] {
		t.Fatalf("Dialects() = %v, want SQLite and PostgreSQL", got)
	}
}

func TestOpenGivesEachTestItsOwnStore(t *testing.T) {
	t.Parallel()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			first := dbtest.Open(t, dialect, "auth")
			second := dbtest.Open(t, dialect, "auth")
			if _, err := first.Write.ExecContext(ctx, "CREATE TABLE users (id INTEGER PRIMARY KEY)"); err != nil {
				t.Fatalf("create table in the first store: %v", err)
			}
			if _, err := second.Write.ExecContext(ctx, "CREATE TABLE users (id INTEGER PRIMARY KEY)"); err != nil {
				t.Errorf("the second store sees the first one's table: %v", err)
			}
		})
	}
}

func TestOpenDropsThePostgresSchemaWhenTheTestEnds(t *testing.T) {
	t.Parallel()
	var schema string
	t.Run("uses a store", func(t *testing.T) {
		engines := dbtest.Open(t, db.Postgres, "auth")
		if err := engines.Write.QueryRowContext(context.Background(), "SELECT current_schema()").Scan(&schema); err != nil {
			t.Fatalf("current_schema: %v", err)
		}
	})
	if schema == "" {
		t.Skip("no PostgreSQL store was opened: PostgreSQL is not reachable (set CI=true to fail instead)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbtest.PostgresURL())
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer func() { _ = conn.Close(ctx) }()
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", schema).Scan(&exists); err != nil {
		t.Fatalf("look up schema: %v", err)
	}
	if exists {
		t.Errorf("schema %s still exists after the test ended", schema)
	}
}

// TestUnreachablePostgresSkipsOrFails runs this test binary again against a closed port.
func TestUnreachablePostgresSkipsOrFails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, ci string
		wantFail bool
		wantText string
	}{
		{"skips on a developer machine", "", false, "skipping (set CI=true to fail instead)"},
		{"fails in CI", "true", true, "CI=true, so this fails instead of skipping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestChildOpensPostgres$", "-test.v")
			cmd.Env = append(os.Environ(), "DBTEST_CHILD=1", "CI="+tt.ci,
				"TEST_DATABASE_URL=postgres://postgres:hidden@127.0.0.1:1/test?sslmode=disable&connect_timeout=2")
			out, err := cmd.CombinedOutput()
			if failed := err != nil; failed != tt.wantFail {
				t.Errorf("child failed = %v, want %v; output:\n%s", failed, tt.wantFail, out)
			}
			if !strings.Contains(string(out), tt.wantText) {
				t.Errorf("child output does not contain %q:\n%s", tt.wantText, out)
			}
			if strings.Contains(string(out), "hidden") {
				t.Errorf("child output leaks the password:\n%s", out)
			}
		})
	}
}

func TestChildOpensPostgres(t *testing.T) {
	if os.Getenv("DBTEST_CHILD") != "1" {
		t.Skip("run by TestUnreachablePostgresSkipsOrFails only")
	}
	dbtest.Open(t, db.Postgres, "auth")
	t.Error("Open returned without a reachable PostgreSQL")
}
