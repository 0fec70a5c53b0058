// Package store is the auth context's SQL persistence: write-side repositories bound to a Unit of
// Work, and the user read model, with the same code on PostgreSQL and SQLite.
package store

import (
	"database/sql"
	"embed"
	"time"

	"github.com/modmono/platform/db"
)

//go:embed *.sql
var sqlFiles embed.FS

// queries holds every named statement of this package; a malformed file fails at start, not on
// the first request that needs it.
var queries = db.MustLoadQueries(sqlFiles)

// timePtr turns a scanned nullable time back into the domain's optional time, in UTC.
func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.UTC()
	return &v
}
