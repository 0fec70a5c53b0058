package natsjs_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/platform/outbox"
)

// parkedLog collects what the Parked hook was given; with refuse > 0 the hook fails that many
// times first, as a store that is down would.
type parkedLog struct {
	mu      sync.Mutex
	events  []outbox.Event
	errs    []error
	refuse  int
	refused int
}

func (p *parkedLog) hook(_ context.Context, subscriber string, e outbox.Event, _ int, err error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.refused < p.refuse {
		p.refused++
		return errors.New("the store is down")
	}
	if subscriber == "payments" {
		p.events = append(p.events, e)
		p.errs = append(p.errs, err)
	}
	return nil
}

func TestPoisonEventIsParkedAfterNDeliveriesAndLaterEventsFlow(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	var logs logBuffer
	var parked parkedLog
	reg := prometheus.NewRegistry()
	opts.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	opts.ParkAfter, opts.Parked, opts.Registerer = 3, parked.hook, reg
	b := connect(t, opts)
	poison, next := newEvent(t, "orders.order_placed", "o1", 1), newEvent(t, "orders.order_placed", "o1", 2)
	errPoison := errors.New("cannot handle this one")
	got := calls{fail: func(e outbox.Event, _ int) error {
		if e.ID == poison.ID {
			return errPoison
		}
		return nil
	}}
	b.Subscribe("payments", "orders.order_placed", got.handle)
	start(t, b)
	publish(t, b, poison, next)
	eventually(t, "the event after the poison one arrives", func() bool { return got.count(next.ID) == 1 })
	settle()
	parked.mu.Lock()
	defer parked.mu.Unlock()
	if n := got.count(poison.ID); n != 3 {
		t.Errorf("poison event handled %d times, want ParkAfter = 3", n)
	}
	if len(parked.events) != 1 || parked.events[0].ID != poison.ID || !errors.Is(parked.errs[0], errPoison) {
		t.Errorf("Parked hook got %v (%v), want the poison event with its error", parked.events, parked.errs)
	}
	if v := counterValue(t, reg, "broker_parked_total", "payments", "orders.order_placed"); v != 1 {
		t.Errorf("broker_parked_total = %v, want 1", v)
	}
	if !strings.Contains(logs.String(), "level=ERROR msg=\"event parked") || !strings.Contains(logs.String(), poison.ID) {
		t.Errorf("no error-level log names the parked event:\n%s", logs.String())
	}
	if info := consumerInfo(t, opts.Stream, "payments"); info.NumAckPending != 0 || info.NumPending != 0 {
		t.Errorf("consumer has %d unacked and %d pending, want the poison event terminated", info.NumAckPending, info.NumPending)
	}
}

// TestAnEventTheHookCannotKeepComesAgain: parking is not terminating until the hook has kept
// the event, so a store that is down delays the parking instead of losing the event.
func TestAnEventTheHookCannotKeepComesAgain(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	parked := parkedLog{refuse: 2}
	opts.ParkAfter, opts.Parked = 1, parked.hook
	b := connect(t, opts)
	poison := newEvent(t, "orders.order_placed", "o1", 1)
	got := calls{fail: func(outbox.Event, int) error { return errors.New("cannot handle this one") }}
	b.Subscribe("payments", "orders.order_placed", got.handle)
	start(t, b)
	publish(t, b, poison)
	eventually(t, "the event is parked", func() bool {
		parked.mu.Lock()
		defer parked.mu.Unlock()
		return len(parked.events) == 1
	})
	if n := got.count(poison.ID); n != 3 {
		t.Errorf("event handled %d times, want 3: once per delivery while the hook refused, and the last", n)
	}
	settle()
	if info := consumerInfo(t, opts.Stream, "payments"); info.NumAckPending != 0 || info.NumPending != 0 {
		t.Errorf("consumer has %d unacked and %d pending, want the event terminated once kept", info.NumAckPending, info.NumPending)
	}
}

func TestMalformedMessageIsParkedAtOnce(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	var parked parkedLog
	opts.Parked = parked.hook
	b := connect(t, opts)
	var got calls
	b.Subscribe("payments", "orders.order_placed", got.handle)
	start(t, b)
	nc, err := nats.Connect(natsURL())
	must(t, err, "connect")
	defer nc.Close()
	js, _ := jetstream.New(nc)
	// Acked by the stream, so that it is stored before the event after it.
	_, err = js.Publish(context.Background(), opts.SubjectPrefix+"orders.order_placed", []byte("not json"))
	must(t, err, "publish garbage")
	next := newEvent(t, "orders.order_placed", "o1", 1)
	publish(t, b, next)
	eventually(t, "the event after the malformed one arrives", func() bool { return got.count(next.ID) == 1 })
	parked.mu.Lock()
	defer parked.mu.Unlock()
	if len(parked.events) != 1 || parked.events[0].Type != "orders.order_placed" || string(parked.events[0].Payload) != `"not json"` {
		t.Errorf("Parked hook got %+v, want the malformed message with its type and body", parked.events)
	}
}

func TestStopWaitsForTheHandlerInFlight(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	b := connect(t, opts)
	running, release := make(chan struct{}), make(chan struct{})
	b.Subscribe("payments", "orders.order_placed", func(context.Context, outbox.Event) error {
		close(running)
		<-release
		return nil
	})
	start(t, b)
	publish(t, b, newEvent(t, "orders.order_placed", "o1", 1))
	<-running
	stopped := make(chan error, 1)
	go func() { stopped <- b.Stop(context.Background()) }()
	select {
	case err := <-stopped:
		t.Fatalf("Stop returned (%v) while a handler was running", err)
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	if err := <-stopped; err != nil {
		t.Fatalf("Stop: %v", err)
	}
	// The handler's ack went out before the connection closed.
	if info := consumerInfo(t, opts.Stream, "payments"); info.NumAckPending != 0 || info.AckFloor.Stream != 1 {
		t.Errorf("after Stop the consumer has %d unacked, ack floor %d; want the event acked", info.NumAckPending, info.AckFloor.Stream)
	}
}

// counterValue reads one series of a counter vector from a registry.
func counterValue(t *testing.T, reg *prometheus.Registry, name string, labelValues ...string) float64 {
	t.Helper()
	families, err := reg.Gather()
	must(t, err, "gather")
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	next:
		for _, m := range f.GetMetric() {
			for i, l := range m.GetLabel() {
				if i >= len(labelValues) || l.GetValue() != labelValues[i] {
					continue next
				}
			}
			return m.GetCounter().GetValue()
		}
	}
	return 0
}
