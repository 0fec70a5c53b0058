package outbox_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"

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

// appendFrom commits events through e and returns the PostgreSQL backend that committed them.
func appendFrom(t *testing.T, e *db.Engines, evs ...outbox.Event) uint32 {
	t.Helper()
	var pid uint32
	err := e.Write.InTx(context.Background(), func(tx *db.Tx) error {
		if err := tx.QueryRowContext(context.Background(), "SELECT pg_backend_pid()").Scan(&pid); err != nil {
			return err
		}
		return outbox.Append(context.Background(), tx, evs...)
	})
	if err != nil {
		t.Fatalf("append: %v", err)
	}
	return pid
}

func TestOnlyWritersWithoutTheirOwnRelayNotify(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	e := openStore(t, db.Postgres, "outbox")
	withRelay := openAgainWith(t, e, "outbox", outbox.InProcessRelaySettings())
	without := openAgain(t, e, "outbox")

	pooled, err := e.Write.Pool().Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	listener := pooled.Hijack()
	defer func() { _ = listener.Close(context.Background()) }()
	var schema string
	if err := listener.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	if _, err := listener.Exec(ctx, "LISTEN "+pgx.Identifier{"outbox_" + schema}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	// Notifications arrive in commit order: had the first commit notified, its would come first.
	quiet := appendFrom(t, withRelay, events(t, "a", 1)...)
	loud := appendFrom(t, without, events(t, "a", 1)...)
	n, err := listener.WaitForNotification(ctx)
	if err != nil {
		t.Fatalf("wait for a notification: %v", err)
	}
	if n.PID != loud {
		t.Errorf("first notification from backend %d, want %d (the writer without a relay; %d has one in process)", n.PID, loud, quiet)
	}
}

func TestARelayThatFoundAnotherPublishingTriesAgainWithoutAPoll(t *testing.T) {
	t.Parallel()
	e := openStore(t, db.Postgres, "outbox")
	other := openAgain(t, e, "outbox") // another replica, whose relay is mid-batch
	appendCommitted(t, e, events(t, "a", 2)...)

	release := make(chan struct{})
	held := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- other.Write.InTx(context.Background(), func(tx *db.Tx) error {
			if _, err := tx.ExecContext(context.Background(), "SELECT pg_advisory_xact_lock(hashtextextended('outbox:' || current_schema(), 0))"); err != nil {
				return err
			}
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	pub := &recorder{}
	reg := prometheus.NewRegistry()
	// No poll for an hour: only tries again after finding the lock taken can publish once it is
	// free (the listener's nudge at connecting is one try, soon over).
	r, err := outbox.NewRelay(outbox.RelayConfig{Name: "test", Engines: e, Publisher: pub, Logger: quietLogger,
		PollInterval: time.Hour}, reg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Stop(context.Background()) })
	var releaseOnce sync.Once
	free := func() { releaseOnce.Do(func() { close(release) }) }
	t.Cleanup(free) // before the relay stops and the schema is dropped, should the test fail
	eventually(t, "the relay listens", func() bool { return listenerPID(t, e) != 0 })
	tries := metricValue(t, reg, "outbox_relay_busy_total")
	eventually(t, "the relay tries again while the lock is taken", func() bool {
		return metricValue(t, reg, "outbox_relay_busy_total") >= tries+3
	})
	free()
	if err := <-done; err != nil {
		t.Fatalf("hold the outbox lock: %v", err)
	}
	eventually(t, "the relay publishes after the other's batch", func() bool { return pub.count() == 2 })
}
