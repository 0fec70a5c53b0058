package db

import "database/sql"

// Scanner is what *sql.Row and *sql.Rows have in common: a repository's scan function takes it,
// to read one row of either.
type Scanner interface {
	Scan(dest ...any) error
}

// NullString binds "" as NULL, for the optional text columns whose absence unique indexes, "IS
// NULL" and CHECK constraints test.
func NullString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}
