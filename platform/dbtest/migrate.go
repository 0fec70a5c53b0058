package dbtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/modmono/platform/db"
)

// OpenMigrated is Open with the repository's migration sets applied (for example "messaging"):
// for platform's own tests, which cannot import the migrations module (it imports platform, a
// module cycle), so goose applies the sets' files from migrations/<set>/<dialect> directly.
func OpenMigrated(t testing.TB, dialect db.Dialect, contextName string, sets ...string) *db.Engines {
	t.Helper()
	e := Open(t, dialect, contextName)
	if err := MigrateSets(t, sets...)(context.Background(), e.Write, contextName); err != nil {
		t.Fatal(err)
	}
	return e
}

// MigrateSets is a migrate function of the shape of migrations.UpContext that applies the
// repository's sets as OpenMigrated does: for platform tests of what migrates a store it opens
// (platform.ContextStore).
func MigrateSets(t testing.TB, sets ...string) func(ctx context.Context, e *db.Engine, contextName string) error {
	root := repositoryRoot(t)
	return func(ctx context.Context, e *db.Engine, _ string) error {
		gooseDialect := goose.DialectSQLite3
		if e.Dialect() == db.Postgres {
			gooseDialect = goose.DialectPostgres
		}
		for _, set := range sets {
			dir := filepath.Join(root, "migrations", set, string(e.Dialect()))
			p, err := goose.NewProvider(gooseDialect, e.DB(), os.DirFS(dir))
			if err != nil {
				return fmt.Errorf("load the %s migrations from %s: %w", set, dir, err)
			}
			if _, err := p.Up(ctx); err != nil {
				return fmt.Errorf("apply the %s migrations: %w", set, err)
			}
		}
		return nil
	}
}

// repositoryRoot is two levels above this file's package (platform/dbtest).
func repositoryRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("dbtest: cannot locate its own source file")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}
