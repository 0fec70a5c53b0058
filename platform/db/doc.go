// Package db opens the SQL engines (PostgreSQL through pgx, SQLite through modernc) and runs
// named statements from embedded .sql files on them, counting every statement per request.
package db
