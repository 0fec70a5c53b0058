package db

import (
	"fmt"
	"regexp"
	"strings"
)

// namedSQL is one "-- name:" block of a .sql file, with where it came from for error messages.
type namedSQL struct {
	name  string
	text  string
	where string // "users.sql:12"
}

var (
	nameLine  = regexp.MustCompile(`^\s*--\s*name:\s*(\S*)\s*$`)
	validName = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)
)

// parseFile splits a .sql file into its named statements:
//
//	-- name: users.get_by_id
//	SELECT ... WHERE id = :id
//
// Only blank lines and "--" comments may come before the first name.
func parseFile(path, content string) ([]namedSQL, error) {
	var statements []namedSQL
	var current *namedSQL
	var body []string
	flush := func() error {
		if current == nil {
			return nil
		}
		current.text = strings.TrimSpace(strings.Join(body, "\n"))
		if current.text == "" {
			return fmt.Errorf("%s: query %q has no SQL", current.where, current.name)
		}
		statements = append(statements, *current)
		return nil
	}
	for i, line := range strings.Split(content, "\n") {
		where := fmt.Sprintf("%s:%d", path, i+1)
		if m := nameLine.FindStringSubmatch(line); m != nil {
			if err := flush(); err != nil {
				return nil, err
			}
			if !validName.MatchString(m[1]) {
				return nil, fmt.Errorf("%s: query name %q is invalid: use letters, digits, '.', '_' or '-'", where, m[1])
			}
			current, body = &namedSQL{name: m[1], where: where}, nil
			continue
		}
		if current == nil {
			if trimmed := strings.TrimSpace(line); trimmed != "" && !strings.HasPrefix(trimmed, "--") {
				return nil, fmt.Errorf("%s: SQL before the first \"-- name: ...\" line", where)
			}
			continue
		}
		body = append(body, line)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return statements, nil
}

// fileDialect tells which dialect a file is for: "x.postgres.sql" and "x.sqlite.sql" override
// names for one dialect; any other .sql file is shared ("").
func fileDialect(path string) Dialect {
	switch {
	case strings.HasSuffix(path, ".postgres.sql"):
		return Postgres
	case strings.HasSuffix(path, ".sqlite.sql"):
		return SQLite
	}
	return ""
}
