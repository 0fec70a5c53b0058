package migrations

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
)

// Stage 2 starts every replica at once on an empty database: each opens its own pool (as a
// separate process would) and migrates. All must succeed, and every migration must be applied
// exactly once.
func TestReplicasMigratingOneEmptySchemaAtOnceApplyEachMigrationOnce(t *testing.T) {
	t.Parallel()
	const replicas = 6
	first := dbtest.Open(t, db.Postgres, "payments").Write
	ctx := testContext(t)
	var schema string
	if err := first.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	engines := []*db.Engine{first}
	for range replicas - 1 {
		es, err := db.Open(ctx, db.Config{URL: dbtest.PostgresURL(), Context: "payments", Schema: schema, MaxConns: 2})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = es.Close() })
		engines = append(engines, es.Write)
	}

	errs := make([]error, len(engines))
	var wg sync.WaitGroup
	for i, e := range engines {
		wg.Go(func() { errs[i] = UpContext(ctx, e, "payments") })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("a replica failed to migrate: %v", err)
	}

	for _, set := range Contexts["payments"] {
		statuses, err := Status(ctx, first, set)
		if err != nil {
			t.Fatal(err)
		}
		var rows, distinct int
		query := fmt.Sprintf("SELECT count(*), count(DISTINCT version_id) FROM %s WHERE version_id > 0", VersionTable(set))
		if err := first.QueryRowContext(ctx, query).Scan(&rows, &distinct); err != nil {
			t.Fatalf("read %s: %v", VersionTable(set), err)
		}
		if rows != len(statuses) || distinct != len(statuses) {
			t.Errorf("%s: %d rows for %d distinct versions, want each of the %d migrations recorded once",
				set, rows, distinct, len(statuses))
		}
		for _, st := range statuses {
			if !st.Applied {
				t.Errorf("%s: %s is pending", set, st.Name)
			}
		}
	}
}
