package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/outbox"
)

func TestPoisonEventIsParkedWhileOthersFlowAndRetryUnparksIt(t *testing.T) {
	t.Parallel()
	const maxAttempts = 3
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := openStore(t, d, "outbox")
			poison := events(t, "a", 1)[0]
			afterPoison := events(t, "a", 2)    // same aggregate: wait, then flow once it is parked
			otherAggregate := events(t, "b", 2) // never held back
			appendCommitted(t, e, poison)
			appendCommitted(t, e, afterPoison...)
			appendCommitted(t, e, otherAggregate...)

			var healed atomic.Bool
			pub := &recorder{fail: func(ev outbox.Event, _ int) error {
				if ev.ID == poison.ID && !healed.Load() {
					return errors.New("subscriber rejects it")
				}
				return nil
			}}
			r := startRelay(t, outbox.RelayConfig{Engines: e, Publisher: pub, MaxAttempts: maxAttempts})
			eventually(t, "every other event is published", func() bool { return pub.count() == 4 })

			if got := pub.attemptsOf(poison.ID); got != maxAttempts {
				t.Errorf("poison event attempted %d times, want %d", got, maxAttempts)
			}
			parked, err := r.Parked(context.Background(), 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(parked) != 1 || parked[0].ID != poison.ID || parked[0].Attempts != maxAttempts ||
				!strings.Contains(parked[0].LastError, "subscriber rejects it") || parked[0].ParkedAt.IsZero() {
				t.Fatalf("parked %+v, want the poison event after %d attempts with its error", parked, maxAttempts)
			}
			if string(parked[0].Payload) != string(poison.Payload) || !parked[0].OccurredAt.Equal(poison.OccurredAt) {
				t.Errorf("parked envelope %+v, want %+v", parked[0].Event, poison)
			}

			healed.Store(true)
			if err := r.Retry(context.Background(), poison.ID); err != nil {
				t.Fatalf("Retry: %v", err)
			}
			eventually(t, "the retried event is published", func() bool { return pub.count() == 5 })
			if parked, _ := r.Parked(context.Background(), 0, 10); len(parked) != 0 {
				t.Errorf("still parked after a successful retry: %+v", parked)
			}
			if err := r.Retry(context.Background(), poison.ID); errs.KindOf(err) != errs.KindNotFound {
				t.Errorf("Retry of an event that is not parked: %v, want not found", err)
			}
		})
	}
}

func TestPerAggregateOrderIsKeptUnderFailures(t *testing.T) {
	t.Parallel()
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := openStore(t, d, "outbox")
			want := map[string][]string{}
			for range 10 {
				for _, agg := range []string{"a", "b", "c", "d"} {
					ev := events(t, agg, 1)[0]
					appendCommitted(t, e, ev)
					want[agg] = append(want[agg], ev.ID)
				}
			}
			// Every third event of the whole sequence fails its first two attempts.
			failing := map[string]bool{}
			i := 0
			for _, agg := range []string{"a", "b", "c", "d"} {
				for _, id := range want[agg] {
					if i%3 == 0 {
						failing[id] = true
					}
					i++
				}
			}
			pub := &recorder{fail: func(ev outbox.Event, attempt int) error {
				if failing[ev.ID] && attempt <= 2 {
					return fmt.Errorf("attempt %d fails", attempt)
				}
				return nil
			}}
			startRelay(t, outbox.RelayConfig{Engines: e, Publisher: pub, BatchSize: 8, MaxAttempts: 100})
			eventually(t, "every event is published", func() bool { return pub.count() == 40 })

			got := map[string][]string{}
			pub.mu.Lock()
			for _, ev := range pub.published {
				got[ev.AggregateID] = append(got[ev.AggregateID], ev.ID)
			}
			pub.mu.Unlock()
			for agg, ids := range want {
				if !slices.Equal(got[agg], ids) {
					t.Errorf("aggregate %s published in order %v\nwant                      %v", agg, got[agg], ids)
				}
			}
		})
	}
}

// TestParkedDeliveriesAreKeptBesideTheContextsOwnEvents: ParkDelivery keeps another context's
// event that a subscriber gave up on, once per event (parked again, the row takes the newer
// error), never over a row of the context's own event, and Retry hands it to Redeliver.
func TestParkedDeliveriesAreKeptBesideTheContextsOwnEvents(t *testing.T) {
	t.Parallel()
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			e := openStore(t, d, "outbox")
			own, foreign := events(t, "a", 1)[0], events(t, "b", 1)[0]
			appendCommitted(t, e, own)
			var redelivered []string
			r := startRelay(t, outbox.RelayConfig{Engines: e, Publisher: &recorder{}, Redeliver: func(_ context.Context, subscriber string, ev outbox.Event) error {
				redelivered = append(redelivered, subscriber+":"+ev.ID)
				return nil
			}})
			eventually(t, "the context's own event is published", func() bool {
				return countRows(t, e.Write, "outbox", "published_at IS NOT NULL") == 1
			})
			for _, cause := range []string{"first refusal", "second refusal"} {
				if err := r.ParkDelivery(ctx, "orders", foreign, 10, errors.New(cause)); err != nil {
					t.Fatal(err)
				}
			}
			// A context that subscribes to its own events: its own row is not turned into a delivery.
			if err := r.ParkDelivery(ctx, "self", own, 10, errors.New("refused")); err != nil {
				t.Fatal(err)
			}
			parked, err := r.Parked(ctx, 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(parked) != 1 || parked[0].ID != foreign.ID || parked[0].Subscriber != "orders" || parked[0].LastError != "second refusal" {
				t.Fatalf("parked %+v, want one row: the foreign event, to orders, with the newer error", parked)
			}
			if err := r.ParkDelivery(ctx, "orders", outbox.Event{ID: "x", Type: "t"}, 1, errors.New("garbage")); !errors.Is(err, outbox.ErrInvalidEvent) {
				t.Errorf("parking a broken envelope: %v, want ErrInvalidEvent", err)
			}
			if err := r.Retry(ctx, foreign.ID); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(redelivered, []string{"orders:" + foreign.ID}) {
				t.Errorf("redelivered %v, want the foreign event to orders once", redelivered)
			}
			if n := countRows(t, e.Write, "outbox", "parked_at IS NULL AND published_at IS NULL"); n != 0 {
				t.Errorf("%d rows pending after the retry, want none: the relay must not publish a delivery", n)
			}
		})
	}
}
