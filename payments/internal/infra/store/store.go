// Package store is the payments context's SQL persistence: write-side repositories bound to a
// Unit of Work, with the outbox and inbox in the same transaction, and the payment read model,
// with the same code on PostgreSQL and SQLite.
package store

import (
	"database/sql"
	"embed"
	"strings"

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

// nullable stores "" as NULL, for the columns whose absence the schema checks (failure_code,
// card_token).
func nullable(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}
