package platform

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx/fxtest"

	"github.com/modmono/platform/config"
)

// Replicas copy one database: a context on the shared DATABASE_URL reads from DATABASE_READ_URL,
// one on a database of its own only from its own read URL; replicas of SQLite are refused by the
// variable that names them.
func TestOpenDatabaseTakesTheReplicasOfItsOwnPrimary(t *testing.T) {
	t.Parallel()
	const replica = "postgres://postgres@127.0.0.1:1/none?sslmode=disable"
	tests := []struct {
		name      string
		base      config.Base
		database  Database
		wantError string // the variable the error starts with; "" for none
	}{
		{"own SQLite database, shared replicas are not its own", config.Base{DatabaseReadURL: replica},
			Database{URL: "sqlite:{dir}/own.db"}, ""},
		{"own replicas of a shared SQLite store", config.Base{DatabaseURL: "sqlite:{dir}/shop.db"},
			Database{ReadURL: replica, ReadVar: "ALPHA_DATABASE_READ_URL"}, "ALPHA_DATABASE_READ_URL"},
		{"shared replicas of a shared SQLite store", config.Base{DatabaseURL: "sqlite:{dir}/shop.db", DatabaseReadURL: replica},
			Database{}, "DATABASE_READ_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			tt.base.DatabaseURL = strings.ReplaceAll(tt.base.DatabaseURL, "{dir}", dir)
			if tt.base.DatabaseURL == "" {
				tt.base.DatabaseURL = "sqlite:" + dir + "/shop.db"
			}
			tt.database.URL = strings.ReplaceAll(tt.database.URL, "{dir}", dir)
			tt.database.Context = "alpha"
			tt.database.Metrics = prometheus.NewRegistry()
			lc := fxtest.NewLifecycle(t)
			_, _, err := OpenDatabase(lc, tt.base, tt.database)
			if tt.wantError == "" {
				if err != nil {
					t.Fatal(err)
				}
				lc.RequireStart().RequireStop()
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantError+": read replicas need PostgreSQL") {
				t.Fatalf("err = %v, want one naming %s", err, tt.wantError)
			}
		})
	}
}
