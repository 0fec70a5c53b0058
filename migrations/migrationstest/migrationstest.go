// Package migrationstest opens the stores that context tests run against.
package migrationstest

import (
	"context"
	"testing"

	"github.com/modmono/migrations"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
)

// Open is a fresh store of the dialect for the named context (dbtest.Open: its own schema or
// file, dropped when the test ends) with every migration set of the context applied, as the
// context's service applies them at start.
func Open(t testing.TB, dialect db.Dialect, contextName string) *db.Engines {
	t.Helper()
	engines := dbtest.Open(t, dialect, contextName)
	if err := migrations.UpContext(context.Background(), engines.Write, contextName); err != nil {
		t.Fatalf("migrate the %s store (%s): %v", contextName, dialect, err)
	}
	return engines
}
