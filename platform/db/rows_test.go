package db_test

import (
	"database/sql"
	"slices"
	"testing"

	"github.com/modmono/platform/db"
)

func TestNullStringBindsOnlyTheEmptyStringAsNull(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]sql.NullString{
		"":    {},
		"tok": {String: "tok", Valid: true},
		" ":   {String: " ", Valid: true},
	} {
		if got := db.NullString(in); got != want {
			t.Errorf("NullString(%q) = %+v; want %+v", in, got, want)
		}
	}
}

func TestCollectRowsReadsEveryRowAndStopsAtAScanError(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, e *db.Engines) {
		createItems(t, e.Write)
		mustExec(t, e.Write, "INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')")
		byName := func(row db.Scanner) (string, error) {
			var name string
			err := row.Scan(&name)
			return name, err
		}
		tests := []struct {
			name    string
			query   string
			scan    func(db.Scanner) (string, error)
			want    []string
			wantErr bool
		}{
			{"every row, in order", "SELECT name FROM items ORDER BY id", byName, []string{"a", "b", "c"}, false},
			{"no row is an empty list", "SELECT name FROM items WHERE id > 10", byName, []string{}, false},
			{"a scan error stops it", "SELECT name FROM items ORDER BY id", func(row db.Scanner) (string, error) {
				var n, extra string
				return n, row.Scan(&n, &extra) // two destinations for one column
			}, nil, true},
		}
		for _, tt := range tests {
			rows, err := e.Read.QueryContext(testContext(t), tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.CollectRows(rows, tt.scan)
			if (err != nil) != tt.wantErr || !slices.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("%s: CollectRows = %q, %v; want %q (error %v)", tt.name, got, err, tt.want, tt.wantErr)
			}
		}
	})
}
