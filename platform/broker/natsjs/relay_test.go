package natsjs_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/modmono/platform/broker/natsjs"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/outbox"
)

// openStore opens a fresh SQLite store with the messaging tables and a table of effects.
func openStore(t *testing.T, contextName string) *db.Engines {
	t.Helper()
	e := dbtest.OpenMigrated(t, db.SQLite, contextName, "messaging")
	_, err := e.Write.ExecContext(context.Background(), "CREATE TABLE effects (event_id TEXT NOT NULL)")
	must(t, err, "create the effects table")
	return e
}

// inboxSubscriber is a subscriber as a context writes one: its effect and its inbox entry in one
// transaction. failAfterCommit makes chosen deliveries fail after committing, as if the process
// died before acking, to force a redelivery.
type inboxSubscriber struct {
	store           *db.Engines
	mu              sync.Mutex
	calls           map[string]int
	failAfterCommit func(e outbox.Event, call int) bool
}

func (s *inboxSubscriber) handle(ctx context.Context, e outbox.Event) error {
	s.mu.Lock()
	s.calls[e.ID]++
	call := s.calls[e.ID]
	s.mu.Unlock()
	err := s.store.Write.InTx(ctx, func(tx *db.Tx) error {
		fresh, err := outbox.Inbox(ctx, tx, "payments", e.ID)
		if err != nil || !fresh {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO effects (event_id) VALUES (?)", e.ID)
		return err
	})
	if err == nil && s.failAfterCommit != nil && s.failAfterCommit(e, call) {
		return errors.New("ack lost after the commit")
	}
	return err
}

func (s *inboxSubscriber) callsOf(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[id]
}

func count(t *testing.T, conn db.Conn, query string) int {
	t.Helper()
	var n int
	must(t, conn.QueryRowContext(context.Background(), query).Scan(&n), query)
	return n
}

// startRelay runs an outbox relay over store that publishes through pub, with fast retries.
func startRelay(t *testing.T, store *db.Engines, pub outbox.Publisher) *outbox.Relay {
	t.Helper()
	r, err := outbox.NewRelay(outbox.RelayConfig{
		Name: "orders", Engines: store, Publisher: pub, Logger: quietLogger,
		PollInterval: 10 * time.Millisecond, BackoffBase: 20 * time.Millisecond, BackoffMax: 100 * time.Millisecond,
		MaxAttempts: 1000,
	}, nil)
	must(t, err, "new relay")
	must(t, r.Start(context.Background()), "start relay")
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := r.Stop(ctx); err != nil {
			t.Errorf("stop relay: %v", err)
		}
	})
	return r
}

func appendEvents(t *testing.T, store *db.Engines, evs ...outbox.Event) {
	t.Helper()
	err := store.Write.InTx(context.Background(), func(tx *db.Tx) error { return outbox.Append(context.Background(), tx, evs...) })
	must(t, err, "append events")
}

func TestRelayThroughNATSHasOneEffectPerEventDespiteRedeliveries(t *testing.T) {
	t.Parallel()
	orders, payments := openStore(t, "orders"), openStore(t, "payments")
	b := connect(t, testOptions(t))
	var evs []outbox.Event
	for i := range 5 {
		evs = append(evs, newEvent(t, "orders.order_placed", "o1", i))
	}
	sub := &inboxSubscriber{store: payments, calls: map[string]int{}, failAfterCommit: func(e outbox.Event, call int) bool {
		return e.ID == evs[0].ID && call == 1
	}}
	b.Subscribe("payments", "orders.order_placed", sub.handle)
	start(t, b)
	relay := startRelay(t, orders, b)
	appendEvents(t, orders, evs...)
	relay.Notify()
	// A relay that crashed between publishing and marking publishes again: the stream drops it.
	publish(t, b, evs[1])

	eventually(t, "every event has its effect", func() bool {
		return count(t, payments.Read, "SELECT COUNT(*) FROM effects") >= len(evs)
	})
	settle()
	if n := count(t, payments.Read, "SELECT COUNT(*) FROM effects"); n != len(evs) {
		t.Errorf("%d effects, want one per event: %d", n, len(evs))
	}
	if n := count(t, payments.Read, "SELECT COUNT(DISTINCT event_id) FROM effects"); n != len(evs) {
		t.Errorf("effects of %d distinct events, want %d", n, len(evs))
	}
	if n := sub.callsOf(evs[0].ID); n != 2 {
		t.Errorf("the event whose ack was lost was handled %d times, want 2 (the redelivery found it in the inbox)", n)
	}
	if n := sub.callsOf(evs[1].ID); n != 1 {
		t.Errorf("the event published twice was handled %d times, want 1", n)
	}
	if n := count(t, orders.Read, "SELECT COUNT(*) FROM outbox WHERE published_at IS NULL"); n != 0 {
		t.Errorf("%d events left unpublished in the outbox", n)
	}
}

var _ outbox.Publisher = (*natsjs.Broker)(nil)
