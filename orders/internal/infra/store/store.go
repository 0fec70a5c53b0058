// Package store is the orders context's SQL persistence: write-side repositories bound to a Unit
// of Work, and the product and order read models, with the same code on PostgreSQL and SQLite.
package store

import (
	"embed"
	"encoding/json"

	"github.com/modmono/platform/db"
)

//go:embed *.sql
var sqlFiles embed.FS

// queries holds every named statement of this package; a malformed file fails at start, not on
// the first request that needs it.
var queries = db.MustLoadQueries(sqlFiles)

// jsonArg encodes a list for a statement that unpacks it in SQL (json_each on SQLite,
// jsonb_to_recordset on PostgreSQL): one statement whatever the list's length, instead of one
// per element or SQL text built at run time.
func jsonArg(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
