// Package store is the orders context's SQL persistence: write-side repositories bound to a Unit
// of Work, and the product and order read models, with the same code on PostgreSQL and SQLite.
package store

import (
	"embed"
	"encoding/json"
	"strings"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/ids"
)

//go:embed *.sql
var sqlFiles embed.FS

// queries holds every named statement of this package; a malformed file fails at start, not on
// the first request that needs it.
var queries = db.MustLoadQueries(sqlFiles)

// maxUUID (RFC 9562) sorts after every id ever generated, so the first page needs no statement of
// its own.
const maxUUID = "ffffffff-ffff-ffff-ffff-ffffffffffff"

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

// jsonArg encodes a list for a statement that unpacks it in SQL (json_each on SQLite,
// jsonb_to_recordset on PostgreSQL): one statement whatever the list's length, instead of one
// per element or SQL text built at run time.
func jsonArg(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
