package outboxtest

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/outbox"
)

// RelayUntilParked appends e to the outbox of store (the publishing context's) and runs a relay
// that publishes it to pub, retrying within milliseconds, until the relay parks it: what an
// in-process subscriber that keeps refusing an event comes to. It returns the parked event, with
// the subscriber's last error. The test fails if the relay publishes e instead (a subscriber
// took it) or has not parked it within 20 seconds.
func RelayUntilParked(t testing.TB, store *db.Engines, pub outbox.Publisher, e outbox.Event) outbox.ParkedEvent {
	t.Helper()
	ctx := context.Background()
	if err := store.Write.InTx(ctx, func(tx *db.Tx) error { return outbox.Append(ctx, tx, e) }); err != nil {
		t.Fatalf("append %s to the outbox: %v", e.ID, err)
	}
	relay, err := outbox.NewRelay(outbox.RelayConfig{
		Name: "publisher", Engines: store, Publisher: pub, Logger: slog.New(slog.DiscardHandler),
		PollInterval: 5 * time.Millisecond, BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond, MaxAttempts: 3,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := relay.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = relay.Stop(ctx) }()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if p, found := parked(t, relay, e.ID); found {
			return p
		}
		var published bool
		if err := store.Read.QueryRowContext(ctx, "SELECT published_at IS NOT NULL FROM outbox WHERE id = $1", e.ID).Scan(&published); err != nil {
			t.Fatalf("read the state of %s: %v", e.ID, err)
		}
		if published {
			t.Fatalf("%s %s version %d was published: a subscriber took it; want it refused and parked", e.Type, e.ID, e.Version)
		}
	}
	t.Fatalf("%s %s was not parked within 20 seconds", e.Type, e.ID)
	return outbox.ParkedEvent{}
}

// parked finds the event among the relay's parked events.
func parked(t testing.TB, relay *outbox.Relay, id string) (outbox.ParkedEvent, bool) {
	t.Helper()
	list, err := relay.Parked(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if p.ID == id {
			return p, true
		}
	}
	return outbox.ParkedEvent{}, false
}
