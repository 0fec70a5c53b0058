package outbox_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/outbox"
)

// listenerPID is the backend LISTENing for e's outbox, or 0 when there is none.
func listenerPID(t *testing.T, e *db.Engines) int {
	t.Helper()
	var schema string
	if err := e.Write.QueryRowContext(context.Background(), "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	var pid int
	err := e.Write.QueryRowContext(context.Background(),
		"SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = $1",
		"LISTEN "+pgx.Identifier{"outbox_" + schema}.Sanitize()).Scan(&pid)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		t.Fatal(err)
	}
	return pid
}

func TestPostgresRelayWakesOnNotificationsFromOtherProcessesAcrossReconnects(t *testing.T) {
	t.Parallel()
	e := openStore(t, db.Postgres, "outbox")
	writer := openAgain(t, e, "outbox") // another process: it cannot call the relay's Notify
	pub := &recorder{}
	startRelay(t, outbox.RelayConfig{Engines: e, Publisher: pub, PollInterval: time.Hour})

	var pid int
	eventually(t, "the relay listens", func() bool { pid = listenerPID(t, e); return pid != 0 })
	appendCommitted(t, writer, events(t, "a", 2)...)
	eventually(t, "the notified relay publishes", func() bool { return pub.count() == 2 })

	// A lost connection (a failover, an idle-session kill) must not leave the relay deaf.
	var killed bool
	if err := e.Write.QueryRowContext(context.Background(), "SELECT pg_terminate_backend($1)", pid).Scan(&killed); err != nil || !killed {
		t.Fatalf("terminate the listener: %v (terminated %v)", err, killed)
	}
	eventually(t, "the relay listens again", func() bool {
		again := listenerPID(t, e)
		return again != 0 && again != pid
	})
	appendCommitted(t, writer, events(t, "a", 1)...)
	eventually(t, "the relay publishes after reconnecting", func() bool { return pub.count() == 3 })
}
