package natstest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/modmono/platform/broker/natsjs"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/outbox"
)

// Connect connects a broker with opts on a stream of the test's own (opts' Stream and
// SubjectPrefix are replaced), deleted when the test ends. A server that is not there fails the
// test under CI=true and skips it elsewhere, loudly.
func Connect(t testing.TB, opts natsjs.Options) *natsjs.Broker {
	t.Helper()
	random := make([]byte, 6)
	_, _ = rand.Read(random)
	opts.Stream = "t_" + hex.EncodeToString(random)
	opts.SubjectPrefix = opts.Stream + "."
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := natsjs.Connect(ctx, URL(), opts)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("NATS with JetStream at %s (CI=true, so this fails instead of skipping; set TEST_NATS_URL): %v", URL(), err)
		}
		t.Skipf("!!! NATS with JetStream not reachable at %s: SKIPPING (set CI=true to fail instead): %v", URL(), err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = b.Stop(ctx)
		nc, err := nats.Connect(URL())
		if err != nil {
			return
		}
		defer nc.Close()
		if js, err := jetstream.New(nc); err == nil {
			_ = js.DeleteStream(ctx, opts.Stream)
		}
	})
	return b
}

// ParkedDelivery publishes e over NATS to the handlers that subscribe registers (a context's
// subscribers), with each subscription's parked deliveries kept in the outbox of store (the
// subscribing context's), as a context's module binds them. It returns e's parked delivery once a
// subscriber has given up on it after two deliveries, with the subscriber's last error. The test
// fails if that does not happen within 20 seconds.
func ParkedDelivery(t testing.TB, store *db.Engines, subscribe func(outbox.Subscriber), e outbox.Event) outbox.ParkedEvent {
	t.Helper()
	ctx := context.Background()
	logger := slog.New(slog.DiscardHandler)
	var relay *outbox.Relay
	broker := Connect(t, natsjs.Options{
		Logger: logger, ParkAfter: 2, Retry: []time.Duration{10 * time.Millisecond}, AckWait: 5 * time.Second,
		Parked: func(ctx context.Context, subscriber string, e outbox.Event, deliveries int, cause error) error {
			return relay.ParkDelivery(ctx, subscriber, e, deliveries, cause)
		},
	})
	relay, err := outbox.NewRelay(outbox.RelayConfig{Name: "subscriber", Engines: store, Publisher: broker, Logger: logger}, nil)
	if err != nil {
		t.Fatal(err)
	}
	subscribe(broker)
	if err := broker.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := broker.Publish(ctx, e); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		list, err := relay.Parked(ctx, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list {
			if p.ID == e.ID {
				return p
			}
		}
	}
	t.Fatalf("%s %s was not parked by a subscriber within 20 seconds", e.Type, e.ID)
	return outbox.ParkedEvent{}
}
