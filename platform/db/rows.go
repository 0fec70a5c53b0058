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

// CollectRows reads every row of rows with scan, then closes them: the loop of every repository
// method that lists. It stops at the first error, scan's or the rows'. No rows is an empty,
// non-nil slice.
func CollectRows[T any](rows *sql.Rows, scan func(Scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// ScanFunc is a function as a Scanner: QuerySet.Get with its statement bound, for a scan
// function written for rows.
type ScanFunc func(dest ...any) error

func (f ScanFunc) Scan(dest ...any) error { return f(dest...) }
