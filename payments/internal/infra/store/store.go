// Package store is the payments context's SQL persistence: write-side repositories bound to a
// Unit of Work, with the outbox and inbox in the same transaction, and the payment read model,
// with the same code on PostgreSQL and SQLite.
package store

import (
	"embed"

	"github.com/modmono/platform/db"
)

//go:embed *.sql
var sqlFiles embed.FS

// queries holds every named statement of this package; a malformed file fails at start, not on
// the first request that needs it.
var queries = db.MustLoadQueries(sqlFiles)
