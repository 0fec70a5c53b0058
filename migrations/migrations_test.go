package migrations

import (
	"context"
	"embed"
	"errors"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
)

//go:embed testdata
var testdata embed.FS

func testSource(t *testing.T) source {
	t.Helper()
	files, err := fs.Sub(testdata, "testdata")
	if err != nil {
		t.Fatal(err)
	}
	return source{fsys: files, sets: []string{"widgets", "gadgets"}}
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// eachDialect runs test in parallel against a fresh store of every dialect.
func eachDialect(t *testing.T, test func(t *testing.T, e *db.Engine)) {
	t.Helper()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			test(t, dbtest.Open(t, dialect, "shop").Write)
		})
	}
}

// applied renders a status list as "1:applied 2:pending" for readable comparisons.
func applied(statuses []MigrationStatus) string {
	var parts []string
	for _, st := range statuses {
		state := "pending"
		if st.Applied {
			state = "applied"
		}
		parts = append(parts, strings.TrimLeft(st.Name[:5], "0")+":"+state)
	}
	return strings.Join(parts, " ")
}

func TestUpDownStatusAndUpAgain(t *testing.T) {
	t.Parallel()
	type step struct {
		name    string
		run     func(ctx context.Context, s source, e *db.Engine) error
		want    string // status afterwards
		wantErr error
	}
	up := func(ctx context.Context, s source, e *db.Engine) error { return s.up(ctx, e, "widgets") }
	down := func(ctx context.Context, s source, e *db.Engine) error { return s.down(ctx, e, "widgets") }
	reset := func(ctx context.Context, s source, e *db.Engine) error { return s.reset(ctx, e, "widgets") }
	steps := []step{
		{name: "nothing applied at first", run: func(context.Context, source, *db.Engine) error { return nil }, want: "1:pending 2:pending"},
		{name: "up applies every migration", run: up, want: "1:applied 2:applied"},
		{name: "up again changes nothing", run: up, want: "1:applied 2:applied"},
		{name: "down rolls back one", run: down, want: "1:applied 2:pending"},
		{name: "up applies it again", run: up, want: "1:applied 2:applied"},
		{name: "reset rolls back all", run: reset, want: "1:pending 2:pending"},
		{name: "down with nothing applied", run: down, want: "1:pending 2:pending", wantErr: ErrNothingToRollBack},
		{name: "up after reset", run: up, want: "1:applied 2:applied"},
	}
	eachDialect(t, func(t *testing.T, e *db.Engine) {
		ctx, s := testContext(t), testSource(t)
		for _, st := range steps {
			if err := st.run(ctx, s, e); !errors.Is(err, st.wantErr) {
				t.Fatalf("%s: error = %v, want %v", st.name, err, st.wantErr)
			}
			statuses, err := s.status(ctx, e, "widgets")
			if err != nil {
				t.Fatalf("%s: status: %v", st.name, err)
			}
			if got := applied(statuses); got != st.want {
				t.Fatalf("%s: status = %q, want %q", st.name, got, st.want)
			}
			for _, status := range statuses {
				if status.Applied == status.AppliedAt.IsZero() {
					t.Errorf("%s: %s applied = %v but applied at %v", st.name, status.Name, status.Applied, status.AppliedAt)
				}
			}
		}
		if _, err := e.ExecContext(ctx, "INSERT INTO widgets (id, name) VALUES ('w1', 'one')"); err != nil {
			t.Errorf("the migrated table is not usable: %v", err)
		}
	})
}

func TestEachSetHasItsOwnVersionTable(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, e *db.Engine) {
		ctx, s := testContext(t), testSource(t)
		for _, set := range []string{"widgets", "gadgets"} {
			if err := s.up(ctx, e, set); err != nil {
				t.Fatalf("up %s: %v", set, err)
			}
		}
		if err := s.down(ctx, e, "gadgets"); err != nil {
			t.Fatalf("down gadgets: %v", err)
		}
		for set, want := range map[string]int{"widgets": 2, "gadgets": 0} {
			var got int
			query := "SELECT count(*) FROM " + VersionTable(set) + " WHERE version_id > 0"
			if err := e.QueryRowContext(ctx, query).Scan(&got); err != nil {
				t.Fatalf("read %s: %v", VersionTable(set), err)
			}
			if got != want {
				t.Errorf("%s holds %d applied versions, want %d", VersionTable(set), got, want)
			}
		}
	})
}

func TestConcurrentUpAppliesEachMigrationOnce(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, e *db.Engine) {
		ctx, s := testContext(t), testSource(t)
		errs := make([]error, 3)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Go(func() { errs[i] = s.up(ctx, e, "widgets") })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("concurrent up: %v", err)
		}
		statuses, err := s.status(ctx, e, "widgets")
		if err != nil || applied(statuses) != "1:applied 2:applied" {
			t.Errorf("status = %q, %v; want every migration applied", applied(statuses), err)
		}
	})
}

func TestUnknownSetIsRefused(t *testing.T) {
	t.Parallel()
	e := dbtest.Open(t, db.SQLite, "shop").Write
	err := Up(testContext(t), e, "nope")
	if err == nil || !strings.Contains(err.Error(), `unknown migration set "nope"`) || !strings.Contains(err.Error(), "auth") {
		t.Errorf("Up(nope) error = %v, want it to name the set and the known ones", err)
	}
}

// The real sets must apply, roll back completely and apply again on both dialects.
func TestEverySetMigratesUpDownAndUpAgain(t *testing.T) {
	t.Parallel()
	for _, set := range Sets {
		t.Run(set, func(t *testing.T) {
			t.Parallel()
			eachDialect(t, func(t *testing.T, e *db.Engine) {
				ctx := testContext(t)
				for _, step := range []struct {
					name string
					run  func(context.Context, *db.Engine, string) error
				}{{"up", Up}, {"reset", Reset}, {"up again", Up}} {
					if err := step.run(ctx, e, set); err != nil {
						t.Fatalf("%s: %v", step.name, err)
					}
				}
				statuses, err := Status(ctx, e, set)
				if err != nil {
					t.Fatalf("status: %v", err)
				}
				for _, st := range statuses {
					if !st.Applied {
						t.Errorf("%s is pending after up", st.Name)
					}
				}
			})
		})
	}
}
