package natsjs_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/modmono/platform/broker/natsjs"
	"github.com/modmono/platform/outbox"
)

func TestEverySubscriberGetsEveryEvent(t *testing.T) {
	t.Parallel()
	b := connect(t, testOptions(t))
	var payments, auth calls
	b.Subscribe("payments", "orders.order_placed", payments.handle)
	b.Subscribe("payments", "orders.order_cancelled", payments.handle)
	b.Subscribe("auth", "orders.order_placed", auth.handle)
	start(t, b)
	placed, cancelled := newEvent(t, "orders.order_placed", "o1", 1), newEvent(t, "orders.order_cancelled", "o1", 2)
	publish(t, b, placed, cancelled)
	eventually(t, "both subscribers have their events", func() bool {
		return payments.count(cancelled.ID) == 1 && auth.count(placed.ID) == 1
	})
	settle()
	if ids := payments.ids(); !slices.Equal(ids, []string{placed.ID, cancelled.ID}) {
		t.Errorf("payments got %v, want both events once", ids)
	}
	if ids := auth.ids(); !slices.Equal(ids, []string{placed.ID}) {
		t.Errorf("auth got %v, want the placed event once", ids)
	}
}

func TestUnsubscribedTypesAreAckedAndNeverHandled(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	b := connect(t, opts)
	var got calls
	b.Subscribe("payments", "orders.order_placed", got.handle)
	start(t, b)
	ignored, handled := newEvent(t, "orders.order_shipped", "o1", 1), newEvent(t, "orders.order_placed", "o1", 2)
	publish(t, b, ignored, handled)
	eventually(t, "the subscribed event arrives", func() bool { return got.count(handled.ID) == 1 })
	settle()
	if ids := got.ids(); !slices.Equal(ids, []string{handled.ID}) {
		t.Errorf("handled %v, want only %s", ids, handled.ID)
	}
	if info := consumerInfo(t, opts.Stream, "payments"); info.NumAckPending != 0 || info.NumPending != 0 || info.NumRedelivered != 0 {
		t.Errorf("consumer has %d unacked, %d pending, %d redelivered; want none",
			info.NumAckPending, info.NumPending, info.NumRedelivered)
	}
}

func TestSubscribeRejectsWiringMistakes(t *testing.T) {
	t.Parallel()
	b := connect(t, testOptions(t))
	noop := func(context.Context, outbox.Event) error { return nil }
	b.Subscribe("payments", "orders.order_placed", noop)
	mistakes := []struct {
		name      string
		subscribe func()
	}{
		{"empty subscriber", func() { b.Subscribe("", "orders.order_placed", noop) }},
		{"dotted subscriber", func() { b.Subscribe("pay.ments", "orders.order_placed", noop) }},
		{"wildcard type", func() { b.Subscribe("payments", "orders.*", noop) }},
		{"nil handler", func() { b.Subscribe("payments", "orders.order_cancelled", nil) }},
		{"second handler", func() { b.Subscribe("payments", "orders.order_placed", noop) }},
		// Last: it starts the broker.
		{"subscribe after start", func() { start(t, b); b.Subscribe("auth", "orders.order_placed", noop) }},
	}
	for _, m := range mistakes {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: Subscribe did not panic", m.name)
				}
			}()
			m.subscribe()
		}()
	}
}

func TestASubscriberIsSentOnlyTheContextsItReads(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	b := connect(t, opts)
	var got calls
	b.Subscribe("payments", "orders.order_cancelled", got.handle)
	start(t, b)
	cancelled := newEvent(t, "orders.order_cancelled", "o1", 4)
	publish(t, b, newEvent(t, "auth.user_registered", "u1", 1), newEvent(t, "orders.order_placed", "o1", 2),
		newEvent(t, "payments.payment_succeeded", "p1", 3), cancelled)
	eventually(t, "the subscribed event arrives", func() bool { return got.count(cancelled.ID) == 1 })
	settle()
	// Each event sent costs the server, the subscriber and an ack round trip, even when the
	// subscriber only acks it.
	if info := consumerInfo(t, opts.Stream, "payments"); info.Delivered.Consumer != 1 {
		t.Errorf("the consumer was sent %d events, want only the one it handles", info.Delivered.Consumer)
	}
}

func TestStartNarrowsAnOldConsumersFilterWithoutRepeatingOrSkippingEvents(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	b := connect(t, opts)
	// As an earlier version left it: one filter on the whole prefix, its first event acked and
	// the next one not yet.
	nc, err := nats.Connect(natsURL())
	must(t, err, "connect")
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx := context.Background()
	old, err := js.CreateConsumer(ctx, opts.Stream, jetstream.ConsumerConfig{
		Durable: "payments", AckPolicy: jetstream.AckExplicitPolicy, MaxAckPending: 1, MaxDeliver: -1,
		FilterSubject: opts.SubjectPrefix + ">",
	})
	must(t, err, "create the old consumer")
	acked, registered, placed := newEvent(t, "orders.order_placed", "o1", 1), newEvent(t, "auth.user_registered", "u1", 2), newEvent(t, "orders.order_placed", "o2", 3)
	publish(t, b, acked, registered, placed)
	batch, err := old.Fetch(1)
	must(t, err, "fetch with the old consumer")
	for m := range batch.Messages() {
		must(t, m.DoubleAck(ctx), "ack with the old consumer")
	}

	var got calls
	// startAndPublish starts b as this version would, and waits until e is handled.
	startAndPublish := func(b *natsjs.Broker, e outbox.Event) {
		b.Subscribe("payments", "orders.order_placed", got.handle)
		b.Subscribe("payments", "orders.order_cancelled", got.handle)
		start(t, b)
		publish(t, b, e)
		eventually(t, "the new event arrives", func() bool { return got.count(e.ID) == 1 })
		settle()
	}
	cancelled := newEvent(t, "orders.order_cancelled", "o2", 4)
	startAndPublish(b, cancelled)
	if ids := got.ids(); !slices.Equal(ids, []string{placed.ID, cancelled.ID}) {
		t.Errorf("handled %v, want the unacked and the new event once each (%s, %s)", ids, placed.ID, cancelled.ID)
	}
	cfg := consumerInfo(t, opts.Stream, "payments").Config
	wantMulti := []string{opts.SubjectPrefix + "orders.order_cancelled", opts.SubjectPrefix + "orders.order_placed"}
	multiFilter := cfg.FilterSubject == "" && slices.Equal(cfg.FilterSubjects, wantMulti)
	covering := cfg.FilterSubject == opts.SubjectPrefix+"orders.>" && len(cfg.FilterSubjects) == 0
	v := nc.ConnectedServerVersion()
	if newerThan29(v) && !multiFilter || !newerThan29(v) && !covering {
		t.Errorf("on server %s the consumer filters %q %v, want the subscribed types (2.10+) or their common prefix", v, cfg.FilterSubject, cfg.FilterSubjects)
	}

	// The replaced consumer is adopted as it is by the next process.
	stop(t, b)
	startAndPublish(connect(t, opts), newEvent(t, "orders.order_placed", "o3", 5))
	if n := len(got.ids()); n != 3 {
		t.Errorf("handled %d events in all, want 3 (nothing again after a restart)", n)
	}
}

// newerThan29 reports whether a 2.x server version has multiple filter subjects (2.10 on).
func newerThan29(version string) bool {
	minor, _, _ := strings.Cut(strings.TrimPrefix(version, "2."), ".")
	n, err := strconv.Atoi(minor)
	return err == nil && n >= 10
}
