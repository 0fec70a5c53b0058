package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// QuerySet holds named statements parsed from every *.sql file of an fs (recursively):
//
//	-- name: users.get_by_id
//	SELECT ... WHERE id = :id
//
// A file "x.postgres.sql" or "x.sqlite.sql" overrides a name for that dialect only; every name
// must exist for both dialects. ":name" params are compiled to $1.. (PostgreSQL) or ?1..
// (SQLite); "::" casts, quoted text and comments are left alone.
//
// Times: bind time.Time values (they are stored in UTC; on SQLite as fixed-width text, so text
// order is time order) and declare SQLite time columns TIMESTAMP, so that they scan back into
// time.Time. Take times from the injected clock, never from SQL defaults such as now().
type QuerySet struct {
	byDialect map[Dialect]map[string]compiled
}

var dialects = []Dialect{Postgres, SQLite}

// MustLoadQueries is LoadQueries for embedded files, whose errors are programming errors: it
// panics.
func MustLoadQueries(fsys fs.FS) *QuerySet {
	s, err := LoadQueries(fsys)
	if err != nil {
		panic(err)
	}
	return s
}

// LoadQueries parses and compiles every *.sql file of fsys, reporting every problem found.
func LoadQueries(fsys fs.FS) (*QuerySet, error) {
	sources := map[Dialect]map[string]namedSQL{"": {}, Postgres: {}, SQLite: {}}
	var problems []error
	err := fs.WalkDir(fsys, ".", func(path string, entry fs.DirEntry, err error) error {
		if err != nil || entry.IsDir() || !strings.HasSuffix(path, ".sql") {
			return err
		}
		content, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		statements, err := parseFile(path, string(content))
		if err != nil {
			problems = append(problems, err)
			return nil
		}
		bucket := sources[fileDialect(path)]
		for _, st := range statements {
			if earlier, dup := bucket[st.name]; dup {
				problems = append(problems, fmt.Errorf("%s: query %q is already defined at %s", st.where, st.name, earlier.where))
				continue
			}
			bucket[st.name] = st
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read query files: %w", err)
	}
	set := &QuerySet{byDialect: map[Dialect]map[string]compiled{}}
	for _, d := range dialects {
		set.byDialect[d], problems = compileFor(d, sources, problems)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("load queries: %w", errors.Join(problems...))
	}
	return set, nil
}

// compileFor compiles the statements one dialect sees: its overrides over the shared ones.
func compileFor(d Dialect, sources map[Dialect]map[string]namedSQL, problems []error) (map[string]compiled, []error) {
	other := Postgres
	if d == Postgres {
		other = SQLite
	}
	out := map[string]compiled{}
	for _, bucket := range []map[string]namedSQL{sources[""], sources[d]} {
		for name, st := range bucket {
			c, err := compile(st.text, d)
			if err != nil {
				problems = append(problems, fmt.Errorf("%s: query %q: %w", st.where, name, err))
				continue
			}
			out[name] = c
		}
	}
	for name, st := range sources[d] {
		if _, shared := sources[""][name]; !shared {
			if _, overridden := sources[other][name]; !overridden {
				problems = append(problems, fmt.Errorf("%s: query %q exists for %s only: add it to a shared .sql file or to a .%s.sql file", st.where, name, d, other))
			}
		}
	}
	return out, problems
}

// Exec runs a statement that returns no rows and reports how many rows it changed.
func (s *QuerySet) Exec(ctx context.Context, c Conn, name string, args Args) (rowsAffected int64, err error) {
	text, positional, err := s.bind(c.Dialect(), name, args)
	if err != nil {
		return 0, err
	}
	res, err := c.ExecContext(WithStatementName(ctx, name), text, positional...)
	if err != nil {
		return 0, fmt.Errorf("query %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("query %s: count affected rows: %w", name, err)
	}
	return n, nil
}

// Query runs a statement that returns rows; the caller closes them.
func (s *QuerySet) Query(ctx context.Context, c Conn, name string, args Args) (*sql.Rows, error) {
	text, positional, err := s.bind(c.Dialect(), name, args)
	if err != nil {
		return nil, err
	}
	rows, err := c.QueryContext(WithStatementName(ctx, name), text, positional...)
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", name, err)
	}
	return rows, nil
}

// QueryRow runs a statement that returns at most one row; an unknown name or a bad argument is
// reported by Scan, like any other failure.
func (s *QuerySet) QueryRow(ctx context.Context, c Conn, name string, args Args) *sql.Row {
	text, positional, err := s.bind(c.Dialect(), name, args)
	if err != nil {
		return failedRow(err)
	}
	return c.QueryRowContext(WithStatementName(ctx, name), text, positional...)
}
