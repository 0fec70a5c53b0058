package db_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
)

var traceQueries = db.MustLoadQueries(fstest.MapFS{"items.sql": {Data: []byte(`
-- name: items.insert
INSERT INTO items (name) VALUES (:name)

-- name: items.by_name
SELECT id FROM items WHERE name = :name

-- name: items.all
SELECT id FROM items
`)}})

// TestStatementsInATraceGetSpans checks one span per statement and per transaction, named after
// the statement, parented by the transaction, carrying the database system and never the
// arguments; and no span at all outside a trace.
func TestStatementsInATraceGetSpans(t *testing.T) {
	t.Parallel()
	const secret = "s3cret-argument-value"
	type step func(ctx context.Context, e *db.Engines) error
	tests := []struct {
		name      string
		traced    bool
		run       step
		wantSpans []string // span names, in the order they end; "tx:" marks a child of db.transaction
		wantError string   // the span that must be marked failed
	}{
		{"a named query on the engine", true, func(ctx context.Context, e *db.Engines) error {
			rows, err := traceQueries.Query(ctx, e.Read, "items.all", nil)
			if err != nil {
				return err
			}
			return errors.Join(rows.Close(), rows.Err())
		}, []string{"items.all"}, ""},
		{"a raw statement is named by its operation", true, func(ctx context.Context, e *db.Engines) error {
			_, err := e.Write.ExecContext(ctx, "DELETE FROM items")
			return err
		}, []string{"db.exec"}, ""},
		{"statements inside a transaction", true, func(ctx context.Context, e *db.Engines) error {
			return e.Write.InTx(ctx, func(tx *db.Tx) error {
				if _, err := traceQueries.Exec(ctx, tx, "items.insert", db.Args{"name": secret}); err != nil {
					return err
				}
				var id int64
				return traceQueries.QueryRow(ctx, tx, "items.by_name", db.Args{"name": secret}).Scan(&id)
			})
		}, []string{"tx:items.insert", "tx:items.by_name", "db.transaction"}, ""},
		{"a failing statement marks its span and its transaction", true, func(ctx context.Context, e *db.Engines) error {
			return e.Write.InTx(ctx, func(tx *db.Tx) error {
				_, err := tx.ExecContext(ctx, "INSERT INTO no_such_table VALUES (1)")
				return err
			})
		}, []string{"tx:db.exec", "db.transaction"}, "db.exec"},
		{"no trace, no span", false, func(ctx context.Context, e *db.Engines) error {
			_, err := traceQueries.Exec(ctx, e.Write, "items.insert", db.Args{"name": "x"})
			return err
		}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			engines := dbtest.Open(t, db.SQLite, "dbtest")
			createItems(t, engines.Write)
			exporter := tracetest.NewInMemoryExporter()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
			ctx := testContext(t)
			if tt.traced {
				c, s := tp.Tracer("test").Start(ctx, "root")
				defer s.End()
				ctx = c
			}
			err := tt.run(ctx, engines)
			if (err != nil) != (tt.wantError != "") {
				t.Fatalf("run: %v", err)
			}
			spans := exporter.GetSpans()
			var txID string
			for _, s := range spans {
				if s.Name == "db.transaction" {
					txID = s.SpanContext.SpanID().String()
				}
			}
			var got []string
			for _, s := range spans {
				name := s.Name
				if txID != "" && s.Parent.SpanID().String() == txID {
					name = "tx:" + name
				}
				got = append(got, name)
				for _, kv := range s.Attributes {
					if strings.Contains(kv.Value.AsString(), secret) {
						t.Errorf("span %q carries an argument value in %s", s.Name, kv.Key)
					}
				}
				if !slices.ContainsFunc(s.Attributes, func(kv attribute.KeyValue) bool {
					return string(kv.Key) == "db.system" && kv.Value.AsString() == "sqlite"
				}) {
					t.Errorf("span %q lacks db.system=sqlite: %v", s.Name, s.Attributes)
				}
				if failed := s.Status.Code == codes.Error; failed != (s.Name == tt.wantError || (tt.wantError != "" && s.Name == "db.transaction")) {
					t.Errorf("span %q status %v", s.Name, s.Status)
				}
			}
			if !slices.Equal(got, tt.wantSpans) {
				t.Errorf("spans %q, want %q", got, tt.wantSpans)
			}
		})
	}
}
