package platform

import (
	"context"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/fx/fxtest"

	"github.com/modmono/platform/config"
	"github.com/modmono/platform/db"
)

func TestOpenDatabaseReportsPoolStatisticsPerContextAndEngine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		context string
	}{
		{"one context", "alpha"},
		{"another context", "beta"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			reg := prometheus.NewRegistry()
			lc := fxtest.NewLifecycle(t)
			base := config.Base{DatabaseURL: "sqlite:" + t.TempDir() + "/shop.db"}
			engines, _, err := OpenDatabase(lc, base, Database{Context: tt.context, Metrics: reg})
			if err != nil {
				t.Fatal(err)
			}
			lc.RequireStart()
			defer lc.RequireStop()
			// One connection held by a transaction: the write engine has it in use.
			err = engines.Write.InTx(context.Background(), func(*db.Tx) error {
				want := `
# HELP db_pool_in_use Connections running a statement or a transaction.
# TYPE db_pool_in_use gauge
db_pool_in_use{context="` + tt.context + `",engine="read"} 0
db_pool_in_use{context="` + tt.context + `",engine="write"} 1
`
				return testutil.GatherAndCompare(reg, strings.NewReader(want), "db_pool_in_use")
			})
			if err != nil {
				t.Errorf("while a transaction runs: %v", err)
			}
			names := []string{"db_pool_open_connections", "db_pool_in_use", "db_pool_wait_count_total", "db_pool_wait_seconds_total"}
			if n, err := testutil.GatherAndCount(reg, names...); err != nil || n != 2*len(names) {
				t.Errorf("series: %d (%v), want %d: read and write engines for each of %v", n, err, 2*len(names), names)
			}
		})
	}
}

func TestOpenDatabaseWithoutARegistryRegistersNothing(t *testing.T) {
	t.Parallel()
	lc := fxtest.NewLifecycle(t)
	base := config.Base{DatabaseURL: "sqlite:" + t.TempDir() + "/shop.db"}
	if _, _, err := OpenDatabase(lc, base, Database{Context: "alpha"}); err != nil {
		t.Fatal(err)
	}
	lc.RequireStart().RequireStop()
}

// Every context registers the same series names, told apart by their context label.
func TestPoolCollectorsOfSeveralContextsShareOneRegistry(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	lc := fxtest.NewLifecycle(t)
	base := config.Base{DatabaseURL: "sqlite:" + t.TempDir() + "/shop.db"}
	for _, name := range []string{"auth", "orders", "payments"} {
		if _, _, err := OpenDatabase(lc, base, Database{Context: name, Metrics: reg}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	lc.RequireStart()
	if n, err := testutil.GatherAndCount(reg, "db_pool_open_connections"); err != nil || n != 6 {
		t.Errorf("db_pool_open_connections series: %d (%v), want 6", n, err)
	}
	lc.RequireStop()
	if n, _ := testutil.GatherAndCount(reg, "db_pool_open_connections"); n != 0 {
		t.Errorf("after stop: %d series, want none", n)
	}
}
