package platform_test

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/fx"
	"go.uber.org/fx/fxtest"

	"github.com/modmono/platform"
	"github.com/modmono/platform/broker/natsjs"
	"github.com/modmono/platform/broker/natsjs/natstest"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/config"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/outbox"
)

// flakySubscriber refuses every event while broken.
type flakySubscriber struct {
	broken  atomic.Bool
	mu      sync.Mutex
	handled []string
}

func (s *flakySubscriber) handle(_ context.Context, e outbox.Event) error {
	if s.broken.Load() {
		return errors.New("the orders database is read-only")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handled = append(s.handled, e.ID)
	return nil
}

func (s *flakySubscriber) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.handled)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
	}
}

// TestADeliveryParkedByNATSIsListedAndRetriedInTheSubscribersContext: with a message broker a
// subscriber that gives up parks the event in its own context's outbox, where the parked-event
// list shows it with the subscriber's name; a retry while the cause remains keeps it parked with
// the new error, and one after the fix hands it to the subscriber and takes it off the list.
func TestADeliveryParkedByNATSIsListedAndRetriedInTheSubscribersContext(t *testing.T) {
	t.Parallel()
	logger := slog.New(slog.DiscardHandler)
	parked := platform.NewParkedDeliveries(logger)
	broker := natstest.Connect(t, natsjs.Options{Logger: logger, ParkAfter: 2, Parked: parked.Keep,
		Retry: []time.Duration{10 * time.Millisecond}, AckWait: 5 * time.Second})

	// The subscribing context's store and relay, as platform.StartRelay makes them.
	store := dbtest.OpenMigrated(t, db.SQLite, "orders", "messaging")
	relay, err := outbox.NewRelay(outbox.RelayConfig{Name: "orders", Engines: store, Publisher: broker,
		Logger: logger, Redeliver: parked.Redeliver}, nil)
	if err != nil {
		t.Fatal(err)
	}
	subscriber := &flakySubscriber{}
	subscriber.broken.Store(true)
	platform.KeepParkedDeliveries(broker, relay, parked).Subscribe("orders", "payments.payment_succeeded", subscriber.handle)
	if err := broker.Start(context.Background()); err != nil {
		t.Fatal(err)
	}

	e, err := outbox.NewEvent(context.Background(), clock.System{}, "payments.payment_succeeded", 1, ids.New(), map[string]string{"order_id": "o1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := broker.Publish(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	list := func() []outbox.ParkedEvent {
		p, err := relay.Parked(context.Background(), 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	waitFor(t, "the delivery is parked in the subscriber's context", func() bool { return len(list()) == 1 })
	got := list()[0]
	if got.ID != e.ID || got.Subscriber != "orders" || got.Attempts != 2 || got.LastError != "the orders database is read-only" ||
		string(got.Payload) != string(e.Payload) {
		t.Fatalf("parked %+v, want event %s of subscriber orders after 2 deliveries with its error", got, e.ID)
	}

	if err := relay.Retry(context.Background(), e.ID); !errs.HasCode(err, outbox.CodeParkedEventStillFailing) {
		t.Fatalf("retry while the subscriber still refuses: %v, want %s", err, outbox.CodeParkedEventStillFailing)
	}
	if again := list(); len(again) != 1 || again[0].Attempts != 3 {
		t.Fatalf("after a failed retry: %+v, want the delivery still parked with 3 attempts", again)
	}

	subscriber.broken.Store(false)
	if err := relay.Retry(context.Background(), e.ID); err != nil {
		t.Fatalf("retry after the fix: %v", err)
	}
	if n := subscriber.count(); n != 1 {
		t.Fatalf("the subscriber handled the event %d times after the retry, want 1", n)
	}
	if left := list(); len(left) != 0 {
		t.Fatalf("still parked after a successful retry: %+v", left)
	}
	if err := relay.Retry(context.Background(), e.ID); errs.KindOf(err) != errs.KindNotFound {
		t.Fatalf("a second retry: %v, want not found", err)
	}
}

// TestContextModulesBindTheirSubscribersToTheirRelay: platform.ContextStore in a context's
// module opens and migrates the context's store and makes the subscriptions the module registers
// park in its own relay's outbox.
func TestContextModulesBindTheirSubscribersToTheirRelay(t *testing.T) {
	t.Parallel()
	var parked *platform.ParkedDeliveries
	var relay *outbox.Relay
	thing, err := outbox.NewEvent(context.Background(), clock.System{}, "others.happened", 1, ids.New(), map[string]int{"n": 1})
	if err != nil {
		t.Fatal(err)
	}
	app := fxtest.New(t,
		platform.Module(baseConfig(t, map[string]string{"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "shop.db")})),
		testContext(nil, nil),
		fx.Module("things",
			platform.ContextStore("things", func(config.Base) config.Database { return config.Database{} }, dbtest.MigrateSets(t, "messaging")),
			fx.Invoke(func(s outbox.Subscriber, r *outbox.Relay) {
				s.Subscribe("things", "others.happened", func(context.Context, outbox.Event) error { return nil })
				relay = r
			}),
		),
		fx.Populate(&parked),
	)
	app.RequireStart()
	t.Cleanup(app.RequireStop)
	// What the broker would do after the last failed delivery.
	if err := parked.Keep(context.Background(), "things", thing, 10, errors.New("refused")); err != nil {
		t.Fatal(err)
	}
	got, err := relay.Parked(context.Background(), 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != thing.ID || got[0].Subscriber != "things" {
		t.Fatalf("the things context's parked list: %+v, want the delivery to its subscriber", got)
	}
	if err := relay.Retry(context.Background(), thing.ID); err != nil {
		t.Fatalf("retry through the registered handler: %v", err)
	}
}
