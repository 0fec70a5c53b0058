// Package db opens the SQL engines (PostgreSQL through pgx, SQLite through modernc) and runs
// named statements from embedded .sql files on them, counting every statement per request.
//
// Each context opens its own Engines (Open): on PostgreSQL a pool confined to the context's
// schema, on SQLite the context's own file with one writer and several readers. Repositories run
// statements on a Conn, which is an *Engine or the *Tx of Engine.InTx, and take their SQL from a
// QuerySet loaded from the .sql files beside them:
//
//	//go:embed queries
//	var files embed.FS
//
//	var queries = db.MustLoadQueries(files)
//
//	err := queries.QueryRow(ctx, conn, "users.get_by_id", db.Args{"id": id}).Scan(&email)
//
// Times are bound in UTC, truncated to microseconds; on SQLite they are stored as fixed-width
// text ("2006-01-02T15:04:05.000000Z") so that text order is time order, and columns declared
// TIMESTAMP scan back into an equal time.Time on both dialects. Failures are classified with
// IsUniqueViolation and IsRetryable.
package db
