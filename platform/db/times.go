package db

import (
	"database/sql"
	"time"
)

// sqliteTimeLayout is how times are stored on SQLite: fixed-width UTC text, so that comparing
// the text compares the times, and a layout that modernc's driver parses back into a UTC
// time.Time when the column is declared TIMESTAMP (or DATETIME or DATE).
const sqliteTimeLayout = "2006-01-02T15:04:05.000000Z"

// bindArgs returns args with every time in the form the dialect stores, copying only if a
// time is present.
func bindArgs(d Dialect, args []any) []any {
	var out []any
	for i, arg := range args {
		bound, isTime := bindTime(d, arg)
		if !isTime {
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = bound
	}
	if out == nil {
		return args
	}
	return out
}

// bindTime converts time values (also nullable ones, whose driver.Value would otherwise reach
// SQLite in the driver's own variable-width layout).
func bindTime(d Dialect, arg any) (any, bool) {
	switch v := arg.(type) {
	case time.Time:
		return timeValue(d, v), true
	case *time.Time:
		if v == nil {
			return nil, true
		}
		return timeValue(d, *v), true
	case sql.NullTime:
		if !v.Valid {
			return nil, true
		}
		return timeValue(d, v.Time), true
	case sql.Null[time.Time]:
		if !v.Valid {
			return nil, true
		}
		return timeValue(d, v.V), true
	}
	return nil, false
}

// timeValue truncates to microseconds on both dialects (PostgreSQL would round, and the SQLite
// layout keeps six digits), so a time reads back exactly as the other dialect would return it.
func timeValue(d Dialect, t time.Time) any {
	t = t.UTC().Truncate(time.Microsecond)
	if d == SQLite {
		return t.Format(sqliteTimeLayout)
	}
	return t
}
