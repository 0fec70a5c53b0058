package db_test

import (
	"database/sql"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/sqlcount"
)

// Get answers what QueryRow and Scan answer, on every dialect (on PostgreSQL without
// database/sql): the row, sql.ErrNoRows itself, and a named failure for a bad name or argument.
func TestGetAnswersLikeQueryRowAndScan(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, engines *db.Engines) {
		createItems(t, engines.Write)
		if _, err := itemQueries.Exec(testContext(t), engines.Write, "items.insert", db.Args{"id": 1, "name": "a"}); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name     string
			query    string
			args     db.Args
			wantName string
			wantErr  string // "" for none; "no rows" for sql.ErrNoRows itself
			counted  int64
		}{
			{"a row", "items.name", db.Args{"id": 1}, "a", "", 1},
			{"no row", "items.name", db.Args{"id": 2}, "", "no rows", 1},
			{"an unknown statement", "items.nope", db.Args{"id": 1}, "", "is not defined", 0},
			{"a missing argument", "items.name", db.Args{}, "", "missing argument :id", 0},
			{"an argument too many", "items.name", db.Args{"id": 1, "x": 2}, "", "unexpected argument", 0},
		}
		for _, tc := range cases {
			ctx, counter := sqlcount.Start(testContext(t))
			var name string
			err := itemQueries.Get(ctx, engines.Read, tc.query, tc.args, &name)
			switch {
			case tc.wantErr == "no rows" && err != sql.ErrNoRows: //nolint:errorlint // database/sql answers this very value
				t.Errorf("%s: err = %v, want sql.ErrNoRows itself", tc.name, err)
			case tc.wantErr == "" && (err != nil || name != tc.wantName):
				t.Errorf("%s: Get = %q, %v; want %q", tc.name, name, err, tc.wantName)
			case tc.wantErr != "" && tc.wantErr != "no rows" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("%s: err = %v, want one saying %q", tc.name, err, tc.wantErr)
			}
			if got := counter.Count(); got != tc.counted {
				t.Errorf("%s: statements counted = %d, want %d", tc.name, got, tc.counted)
			}
		}
	})
}

func TestGetScansTimesAndTracesTheStatement(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, engines *db.Engines) {
		mustExec(t, engines.Write, "CREATE TABLE stamps (id INTEGER PRIMARY KEY, at TIMESTAMP NOT NULL)")
		at := time.Date(2026, 3, 1, 12, 30, 0, 123456000, time.UTC)
		q := db.MustLoadQueries(fstest.MapFS{"stamps.sql": {Data: []byte(`
-- name: stamps.put
INSERT INTO stamps (id, at) VALUES (:id, :at)

-- name: stamps.get
SELECT at FROM stamps WHERE id = :id
`)}})
		if _, err := q.Exec(testContext(t), engines.Write, "stamps.put", db.Args{"id": 1, "at": at}); err != nil {
			t.Fatal(err)
		}
		exporter := tracetest.NewInMemoryExporter()
		tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
		ctx, root := tp.Tracer("test").Start(testContext(t), "root")
		var got time.Time
		err := q.Get(ctx, engines.Read, "stamps.get", db.Args{"id": 1}, &got)
		root.End()
		if err != nil || !got.Equal(at) {
			t.Fatalf("Get = %v, %v; want %v", got, err, at)
		}
		var names []string
		for _, s := range exporter.GetSpans() {
			names = append(names, s.Name)
			if s.Name != "stamps.get" {
				continue
			}
			attrs := map[string]string{}
			for _, kv := range s.Attributes {
				attrs[string(kv.Key)] = kv.Value.AsString()
			}
			if attrs["db.query.summary"] != "stamps.get" || attrs["db.operation.name"] != "query_row" || attrs["db.system"] == "" {
				t.Errorf("span attributes %v, want the statement's name, its operation and the system", attrs)
			}
		}
		if want := "stamps.get,root"; strings.Join(names, ",") != want {
			t.Fatalf("spans %v, want %s", names, want)
		}
	})
}
