package natsjs_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/modmono/platform/broker/natsjs"
	"github.com/modmono/platform/broker/natsjs/natstest"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/outbox"
)

// natsURL is the server the tests use: TEST_NATS_URL, or the machine's local one.
func natsURL() string { return natstest.URL() }

var (
	natsOnce        sync.Once
	natsUnreachable error
)

// requireNATS checks once per process that the server answers with JetStream enabled. Without
// it the test is skipped, or fails under CI=true, where a skipped broker test would hide a
// broken pipeline (as platform/dbtest does for PostgreSQL).
func requireNATS(t *testing.T) {
	t.Helper()
	natsOnce.Do(func() {
		nc, err := nats.Connect(natsURL(), nats.Timeout(3*time.Second))
		if err != nil {
			natsUnreachable = err
			return
		}
		defer nc.Close()
		js, err := jetstream.New(nc)
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			_, err = js.AccountInfo(ctx)
		}
		natsUnreachable = err
	})
	if natsUnreachable == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("NATS JetStream not reachable at %s (CI=true, so this fails instead of skipping): %v", natsURL(), natsUnreachable)
	}
	t.Skipf("!!! NATS JetStream not reachable at %s: SKIPPING the broker tests (set CI=true to fail instead): %v", natsURL(), natsUnreachable)
}

// testOptions gives a test its own stream and subject prefix, deleted when it ends, and fast
// retries.
func testOptions(t *testing.T) natsjs.Options {
	t.Helper()
	requireNATS(t)
	random := make([]byte, 6)
	_, _ = rand.Read(random)
	name := "t_" + hex.EncodeToString(random)
	t.Cleanup(func() { deleteStream(t, name) })
	return natsjs.Options{
		Stream: name, SubjectPrefix: name + ".", Logger: quietLogger,
		ReconnectWait: 50 * time.Millisecond, AckWait: 5 * time.Second,
		Retry: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond},
	}
}

func deleteStream(t *testing.T, name string) {
	nc, err := nats.Connect(natsURL())
	if err != nil {
		t.Errorf("connect to delete stream %s: %v", name, err)
		return
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := js.DeleteStream(ctx, name); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
		t.Errorf("delete stream %s: %v", name, err)
	}
}

// quietLogger keeps expected warnings (failed handlers, lost connections) out of test output.
var quietLogger = slog.New(slog.DiscardHandler)

// connect connects a broker, stopped when the test ends (before its stream is deleted).
func connect(t *testing.T, opts natsjs.Options) *natsjs.Broker {
	t.Helper()
	b := connectTo(t, natsURL(), opts)
	t.Cleanup(func() { stop(t, b) })
	return b
}

// connectTo connects to url. It retries a failure to create the stream's store: nats-server 2.9
// removes the account's directory with its last stream, so a test's stream created just as
// another test deletes its own may find the directory gone (nothing deletes streams in
// production, where this cannot happen).
func connectTo(t *testing.T, url string, opts natsjs.Options) *natsjs.Broker {
	t.Helper()
	for attempt := 1; ; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		b, err := natsjs.Connect(ctx, url, opts)
		cancel()
		if err == nil {
			return b
		}
		if attempt == 5 || !strings.Contains(err.Error(), "error creating store") {
			t.Fatalf("Connect: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func start(t *testing.T, b *natsjs.Broker) {
	t.Helper()
	if err := b.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
}

func stop(t *testing.T, b *natsjs.Broker) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.Stop(ctx); err != nil {
		t.Errorf("Stop: %v", err)
	}
}

func newEvent(t *testing.T, typ, aggregateID string, n int) outbox.Event {
	t.Helper()
	e, err := outbox.NewEvent(context.Background(), clock.System{}, typ, 1, aggregateID, map[string]int{"n": n})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func publish(t *testing.T, b *natsjs.Broker, evs ...outbox.Event) {
	t.Helper()
	for _, e := range evs {
		if err := b.Publish(context.Background(), e); err != nil {
			t.Fatalf("Publish %s: %v", e.ID, err)
		}
	}
}

// consumerInfo reads a subscriber's consumer as the server sees it.
func consumerInfo(t *testing.T, stream, durable string) *jetstream.ConsumerInfo {
	t.Helper()
	nc, err := nats.Connect(natsURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := js.Consumer(ctx, stream, durable)
	if err != nil {
		t.Fatalf("consumer %s: %v", durable, err)
	}
	info, err := c.Info(ctx)
	if err != nil {
		t.Fatalf("consumer %s info: %v", durable, err)
	}
	return info
}

func must(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatal(fmt.Errorf("%s: %w", what, err))
	}
}
