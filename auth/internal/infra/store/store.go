// Package store is the auth context's SQL persistence: write-side repositories bound to a Unit of
// Work, and the user read model, with the same code on PostgreSQL and SQLite.
package store

import (
	"database/sql"
	"embed"
	"strings"
	"time"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/ids"
)

//go:embed *.sql
var sqlFiles embed.FS

// queries holds every named statement of this package; a malformed file fails at start, not on
// the first request that needs it.
var queries = db.MustLoadQueries(sqlFiles)

// rowScanner is what *sql.Row and *sql.Rows have in common.
type rowScanner interface {
	Scan(dest ...any) error
}

// canonicalID returns s in the lower-case form ids are stored in, or false when s is not a UUID.
// Checking first keeps a malformed id a "not found" rather than a PostgreSQL cast error, and the
// lower-casing makes SQLite (TEXT ids) match what PostgreSQL (uuid ids) would.
func canonicalID(s string) (string, bool) {
	if !ids.Valid(s) {
		return "", false
	}
	return strings.ToLower(s), true
}

// timePtr turns a scanned nullable time back into the domain's optional time, in UTC.
func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.UTC()
	return &v
}
