package db

import (
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNoRows is returned by Scan when QueryRow found nothing.
var ErrNoRows = sql.ErrNoRows

// IsUniqueViolation reports whether err (anywhere in its chain) is a unique or primary key
// violation: PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY.
func IsUniqueViolation(err error) bool {
	if code, ok := postgresCode(err); ok {
		return code == "23505"
	}
	if code, ok := sqliteCode(err); ok {
		return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// IsRetryable reports whether running the whole transaction again may succeed: PostgreSQL
// serialization failure (40001) or deadlock (40P01); SQLite BUSY or LOCKED, in any of their
// extended forms (BUSY_SNAPSHOT among them).
func IsRetryable(err error) bool {
	if code, ok := postgresCode(err); ok {
		return code == "40001" || code == "40P01"
	}
	if code, ok := sqliteCode(err); ok {
		primary := code & 0xff
		return primary == sqlite3.SQLITE_BUSY || primary == sqlite3.SQLITE_LOCKED
	}
	return false
}

func postgresCode(err error) (string, bool) {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code, true
	}
	return "", false
}

func sqliteCode(err error) (int, bool) {
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		return liteErr.Code(), true
	}
	return 0, false
}
