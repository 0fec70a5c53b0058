package db_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/sqlcount"
)

var itemQueries = db.MustLoadQueries(fstest.MapFS{
	"items.sql": {Data: []byte(`
-- name: items.insert
INSERT INTO items (id, name) VALUES (:id, :name)

-- name: items.name
SELECT name FROM items WHERE id = :id

-- name: items.twice
-- ':id' in quotes and comments is not a parameter
SELECT CAST(:n AS INTEGER) + CAST(:n AS INTEGER), ':id'
`)},
	// PostgreSQL spells the same query with casts; SQLite does not know "::".
	"items.postgres.sql": {Data: []byte(`
-- name: items.twice
SELECT :n::int + :n::int, ':id'
`)},
})

func TestQuerySetRunsNamedStatements(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, engines *db.Engines) {
		createItems(t, engines.Write)
		ctx, counter := sqlcount.Start(testContext(t))

		affected, err := itemQueries.Exec(ctx, engines.Write, "items.insert", db.Args{"id": 1, "name": "a"})
		if err != nil || affected != 1 {
			t.Fatalf("Exec = %d, %v; want 1, nil", affected, err)
		}
		var name string
		if err := itemQueries.QueryRow(ctx, engines.Read, "items.name", db.Args{"id": 1}).Scan(&name); err != nil || name != "a" {
			t.Errorf("QueryRow = %q, %v; want \"a\", nil", name, err)
		}
		var sum int
		var literal string
		if err := itemQueries.QueryRow(ctx, engines.Read, "items.twice", db.Args{"n": 21}).Scan(&sum, &literal); err != nil || sum != 42 || literal != ":id" {
			t.Errorf("repeated parameter: %d, %q, %v; want 42, \":id\", nil", sum, literal, err)
		}
		if got := counter.Count(); got != 3 {
			t.Errorf("statements counted = %d, want 3", got)
		}
	})
}

func TestQuerySetReportsFailuresByName(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, engines *db.Engines) {
		createItems(t, engines.Write)
		ctx, counter := sqlcount.Start(testContext(t))
		var name string

		err := itemQueries.QueryRow(ctx, engines.Read, "items.name", db.Args{"id": 404}).Scan(&name)
		if !errors.Is(err, db.ErrNoRows) {
			t.Errorf("no row: Scan error = %v, want db.ErrNoRows", err)
		}
		counter0 := counter.Count()
		tests := []struct {
			name, query string
			args        db.Args
			wantErr     string
		}{
			{"unknown name", "items.nope", db.Args{}, `query "items.nope" is not defined`},
			{"missing argument", "items.name", db.Args{}, "missing argument :id"},
			{"extra argument", "items.name", db.Args{"id": 1, "limit": 2}, `unexpected argument "limit"`},
		}
		for _, tt := range tests {
			err := itemQueries.QueryRow(ctx, engines.Read, tt.query, tt.args).Scan(&name)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: QueryRow error = %v, want one containing %q", tt.name, err, tt.wantErr)
			}
			if _, err := itemQueries.Exec(ctx, engines.Write, tt.query, tt.args); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: Exec error = %v, want one containing %q", tt.name, err, tt.wantErr)
			}
			if _, err := itemQueries.Query(ctx, engines.Read, tt.query, tt.args); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: Query error = %v, want one containing %q", tt.name, err, tt.wantErr)
			}
		}
		if got := counter.Count(); got != counter0 {
			t.Errorf("statements counted for calls that never reached the database = %d, want 0", got-counter0)
		}

		_, err = itemQueries.Exec(ctx, engines.Write, "items.insert", db.Args{"id": 1, "name": nil})
		if err == nil || !strings.Contains(err.Error(), "query items.insert:") {
			t.Errorf("database error = %v, want it to name the query", err)
		}
	})
}
