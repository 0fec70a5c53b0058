package db_test

import (
	"database/sql"
	"testing"
	"testing/fstest"
	"time"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
)

var timeQueries = db.MustLoadQueries(fstest.MapFS{
	"events.sql": {Data: []byte(`
-- name: events.insert
INSERT INTO events (id, at, maybe) VALUES (:id, :at, :maybe)

-- name: events.get
SELECT at, maybe FROM events WHERE id = :id

-- name: events.ids_after
SELECT id FROM events WHERE at > :after ORDER BY at
`)},
})

func createEvents(t *testing.T, e *db.Engine) {
	t.Helper()
	// SQLite needs the TIMESTAMP declaration for its driver to scan the text back into time.Time.
	columnType := map[db.Dialect]string{db.Postgres: "TIMESTAMPTZ", db.SQLite: "TIMESTAMP"}[e.Dialect()]
	mustExec(t, e, "CREATE TABLE events (id INTEGER PRIMARY KEY, at "+columnType+" NOT NULL, maybe "+columnType+")")
}

func TestTimesRoundTripExactly(t *testing.T) {
	t.Parallel()
	now := clock.System{}.Now()
	cet := time.FixedZone("CET", 3600)
	noon := time.Date(2030, 6, 1, 12, 0, 0, 1000, time.UTC)
	tests := []struct {
		name      string
		at        time.Time
		maybe     any
		wantAt    time.Time // exactly, location included
		wantMaybe sql.NullTime
	}{
		{name: "clock time", at: now, wantAt: now},
		{name: "leap day with microseconds", at: time.Date(2024, 2, 29, 23, 59, 59, 123456000, time.UTC),
			wantAt: time.Date(2024, 2, 29, 23, 59, 59, 123456000, time.UTC)},
		{name: "whole second", at: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
			wantAt: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{name: "other zone, nanoseconds truncated", at: time.Date(2024, 1, 1, 0, 30, 0, 999999999, cet),
			wantAt: time.Date(2023, 12, 31, 23, 30, 0, 999999000, time.UTC)},
		{name: "nullable time set", at: noon, maybe: sql.NullTime{Time: noon.In(cet), Valid: true},
			wantAt: noon, wantMaybe: sql.NullTime{Time: noon, Valid: true}},
		{name: "nullable time unset", at: noon, maybe: sql.NullTime{}, wantAt: noon},
		{name: "pointer to time", at: noon, maybe: &now, wantAt: noon, wantMaybe: sql.NullTime{Time: now, Valid: true}},
		{name: "nil pointer to time", at: noon, maybe: (*time.Time)(nil), wantAt: noon},
	}
	eachDialect(t, func(t *testing.T, engines *db.Engines) {
		createEvents(t, engines.Write)
		ctx := testContext(t)
		for id, tt := range tests {
			if _, err := timeQueries.Exec(ctx, engines.Write, "events.insert", db.Args{"id": id, "at": tt.at, "maybe": tt.maybe}); err != nil {
				t.Fatalf("%s: insert: %v", tt.name, err)
			}
			var at time.Time
			var maybe sql.NullTime
			if err := timeQueries.QueryRow(ctx, engines.Read, "events.get", db.Args{"id": id}).Scan(&at, &maybe); err != nil {
				t.Fatalf("%s: read back: %v", tt.name, err)
			}
			if at != tt.wantAt {
				t.Errorf("%s: read back %v (location %v), want exactly %v", tt.name, at, at.Location(), tt.wantAt)
			}
			if maybe != tt.wantMaybe {
				t.Errorf("%s: nullable read back %+v, want %+v", tt.name, maybe, tt.wantMaybe)
			}
		}
	})
}

func TestStoredTimesCompareInTimeOrder(t *testing.T) {
	t.Parallel()
	base := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	// Inserted out of order; on SQLite the fixed-width text must still sort as the times do.
	times := map[int]time.Time{
		3: base.Add(time.Second),
		1: base.Add(time.Microsecond),
		4: base.Add(10 * time.Hour),
		2: base.Add(500 * time.Millisecond),
		0: base,
	}
	eachDialect(t, func(t *testing.T, engines *db.Engines) {
		createEvents(t, engines.Write)
		ctx := testContext(t)
		for id, at := range times {
			if _, err := timeQueries.Exec(ctx, engines.Write, "events.insert", db.Args{"id": id, "at": at, "maybe": nil}); err != nil {
				t.Fatalf("insert: %v", err)
			}
		}
		rows, err := timeQueries.Query(ctx, engines.Read, "events.ids_after", db.Args{"after": base})
		if err != nil {
			t.Fatalf("query: %v", err)
		}
		defer func() { _ = rows.Close() }()
		var got []int
		for rows.Next() {
			var id int
			if err := rows.Scan(&id); err != nil {
				t.Fatalf("scan: %v", err)
			}
			got = append(got, id)
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("rows: %v", err)
		}
		if want := []int{1, 2, 3, 4}; !equalInts(got, want) {
			t.Errorf("ids after %v in time order = %v, want %v", base, got, want)
		}
	})
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
