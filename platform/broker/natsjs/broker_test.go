package natsjs_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/broker/natsjs"
	"github.com/modmono/platform/outbox"
)

var errTransient = errors.New("transient failure")

func TestConnectEnsuresTheStreamIdempotently(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	connect(t, opts)
	connect(t, opts) // a second process, or a restart: the stream is updated in place
	nc, err := nats.Connect(natsURL())
	must(t, err, "connect")
	defer nc.Close()
	js, _ := jetstream.New(nc)
	s, err := js.Stream(context.Background(), opts.Stream)
	must(t, err, "stream")
	cfg := s.CachedInfo().Config
	if !slices.Equal(cfg.Subjects, []string{opts.SubjectPrefix + ">"}) || cfg.Storage != jetstream.FileStorage ||
		cfg.Retention != jetstream.LimitsPolicy || cfg.Duplicates < 2*time.Minute || cfg.MaxAge != 7*24*time.Hour {
		t.Errorf("stream config = subjects %v, storage %v, retention %v, duplicates %v, max age %v",
			cfg.Subjects, cfg.Storage, cfg.Retention, cfg.Duplicates, cfg.MaxAge)
	}
}

func TestConnectRejectsBadOptions(t *testing.T) {
	t.Parallel()
	requireNATS(t)
	for name, opts := range map[string]natsjs.Options{
		"short duplicate window": {DuplicateWindow: time.Minute},
		"stream name with a dot": {Stream: "a.b"},
		"wildcard prefix":        {SubjectPrefix: "events.*."},
	} {
		if b, err := natsjs.Connect(context.Background(), natsURL(), opts); err == nil {
			_ = b.Stop(context.Background())
			t.Errorf("%s: Connect succeeded", name)
		}
	}
}

func TestPublishedEventsReachTheSubscriberOnceWithTheirEnvelope(t *testing.T) {
	t.Parallel()
	b := connect(t, testOptions(t))
	var got calls
	var traceIDs []trace.TraceID
	b.Subscribe("payments", "orders.order_placed", func(ctx context.Context, e outbox.Event) error {
		got.mu.Lock()
		traceIDs = append(traceIDs, trace.SpanContextFromContext(ctx).TraceID())
		got.mu.Unlock()
		return got.handle(ctx, e)
	})
	start(t, b)
	sent := newEvent(t, "orders.order_placed", "o1", 1)
	sent.TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	publish(t, b, sent)
	eventually(t, "the event arrives", func() bool { return got.count(sent.ID) > 0 })
	settle()
	if n := got.count(sent.ID); n != 1 {
		t.Errorf("handled %d times, want 1", n)
	}
	got.mu.Lock()
	defer got.mu.Unlock()
	e := got.got[sent.ID]
	if e.Type != sent.Type || e.AggregateID != sent.AggregateID || !e.OccurredAt.Equal(sent.OccurredAt) ||
		e.TraceParent != sent.TraceParent || !bytes.Equal(e.Payload, sent.Payload) || e.Version != 1 {
		t.Errorf("received %+v\nwant     %+v", e, sent)
	}
	if len(traceIDs) != 1 || traceIDs[0].String() != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Errorf("handler's trace ids %v, want the event's", traceIDs)
	}
}

func TestDuplicatePublishWithinTheWindowIsDeliveredOnce(t *testing.T) {
	t.Parallel()
	b := connect(t, testOptions(t))
	var got calls
	b.Subscribe("payments", "orders.order_placed", got.handle)
	start(t, b)
	dup, marker := newEvent(t, "orders.order_placed", "o1", 1), newEvent(t, "orders.order_placed", "o2", 2)
	publish(t, b, dup, dup, dup, marker)
	eventually(t, "the marker arrives", func() bool { return got.count(marker.ID) == 1 })
	settle()
	if n := got.count(dup.ID); n != 1 {
		t.Errorf("an event published three times was handled %d times, want 1", n)
	}
}

func TestFailingHandlerIsRetriedInOrderUntilItSucceeds(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	b := connect(t, opts)
	first, second := newEvent(t, "orders.order_placed", "o1", 1), newEvent(t, "orders.order_placed", "o1", 2)
	got := calls{fail: func(e outbox.Event, call int) error {
		if e.ID == first.ID && call <= 2 {
			return errTransient
		}
		return nil
	}}
	b.Subscribe("payments", "orders.order_placed", got.handle)
	start(t, b)
	publish(t, b, first, second)
	eventually(t, "the second event arrives", func() bool { return got.count(second.ID) == 1 })
	settle()
	// MaxAckPending 1: the aggregate's second event waits until its first one succeeded.
	want := []string{first.ID, first.ID, first.ID, second.ID}
	if ids := got.ids(); !slices.Equal(ids, want) {
		t.Errorf("calls %v\nwant  %v", ids, want)
	}
	if info := consumerInfo(t, opts.Stream, "payments"); info.NumAckPending != 0 || info.NumPending != 0 {
		t.Errorf("consumer has %d unacked and %d pending, want both acked", info.NumAckPending, info.NumPending)
	}
}

func TestDurableConsumerResumesAfterStopAndStart(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	publisher := connect(t, opts)
	var got calls
	sub := connect(t, opts)
	sub.Subscribe("payments", "orders.order_placed", got.handle)
	start(t, sub)
	before := newEvent(t, "orders.order_placed", "o1", 1)
	publish(t, publisher, before)
	eventually(t, "the first event arrives", func() bool { return got.count(before.ID) == 1 })
	stop(t, sub)

	during := []outbox.Event{newEvent(t, "orders.order_placed", "o2", 2), newEvent(t, "orders.order_placed", "o3", 3)}
	publish(t, publisher, during...)
	// The subscriber's process restarted, with a changed setting: its consumer is updated in place.
	restarted := opts
	restarted.AckWait = 7 * time.Second
	again := connect(t, restarted)
	again.Subscribe("payments", "orders.order_placed", got.handle)
	start(t, again)
	eventually(t, "the events published meanwhile arrive", func() bool { return got.count(during[1].ID) == 1 })
	settle()
	want := []string{before.ID, during[0].ID, during[1].ID}
	if ids := got.ids(); !slices.Equal(ids, want) {
		t.Errorf("calls %v\nwant  %v", ids, want)
	}
	if info := consumerInfo(t, opts.Stream, "payments"); info.Config.AckWait != restarted.AckWait {
		t.Errorf("consumer's ack wait %v, want the restarted process's %v", info.Config.AckWait, restarted.AckWait)
	}
}
