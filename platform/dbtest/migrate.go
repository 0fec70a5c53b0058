package dbtest

import (
	"context"
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
	gooseDialect := goose.DialectSQLite3
	if dialect == db.Postgres {
		gooseDialect = goose.DialectPostgres
	}
	for _, set := range sets {
		dir := filepath.Join(repositoryRoot(t), "migrations", set, string(dialect))
		p, err := goose.NewProvider(gooseDialect, e.Write.DB(), os.DirFS(dir))
		if err != nil {
			t.Fatalf("load the %s migrations from %s: %v", set, dir, err)
		}
		if _, err := p.Up(context.Background()); err != nil {
			t.Fatalf("apply the %s migrations: %v", set, err)
		}
	}
	return e
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
