package outbox_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/outbox"
)

func TestRelayPublishesInSeqOrderAcrossBatches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		batchSize int
	}{
		{"several full batches", 7},
		{"one batch", 100},
	}
	for _, d := range dbtest.Dialects() {
		for _, tt := range tests {
			t.Run(string(d)+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				e := openStore(t, d, "outbox")
				var want []outbox.Event
				for _, agg := range []string{"a", "b", "c", "a", "b"} { // aggregates interleaved
					evs := events(t, agg, 5)
					appendCommitted(t, e, evs...)
					want = append(want, evs...)
				}
				pub := &recorder{}
				startRelay(t, outbox.RelayConfig{Engines: e, Publisher: pub, BatchSize: tt.batchSize})
				eventually(t, "every event is published", func() bool { return pub.count() >= len(want) })
				if got := pub.ids(); !slices.Equal(got, idsOf(want)) {
					t.Errorf("published %v\nwant       %v", got, idsOf(want))
				}
			})
		}
	}
}

func TestRelayNotifyDeliversWithoutWaitingForAPoll(t *testing.T) {
	t.Parallel()
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := openStore(t, d, "outbox")
			pub := &recorder{}
			r := startRelay(t, outbox.RelayConfig{Engines: e, Publisher: pub, PollInterval: time.Hour})
			appendCommitted(t, e, events(t, "a", 3)...)
			r.Notify()
			eventually(t, "the nudged relay publishes", func() bool { return pub.count() == 3 })
		})
	}
}

func TestRelayStopFlushesPendingEvents(t *testing.T) {
	t.Parallel()
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := openStore(t, d, "outbox")
			appendCommitted(t, e, events(t, "a", 120)...)
			appendCommitted(t, e, events(t, "b", 120)...)
			// Slow enough that Stop comes while the first batch is in flight.
			pub := &recorder{fail: func(outbox.Event, int) error { time.Sleep(100 * time.Microsecond); return nil }}
			r, err := outbox.NewRelay(outbox.RelayConfig{Name: "test", Engines: e, Publisher: pub,
				Logger: quietLogger, BatchSize: 50, PollInterval: time.Hour}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if err := r.Stop(ctx); err != nil {
				t.Fatalf("Stop: %v", err)
			}
			if got := pub.count(); got != 240 {
				t.Errorf("published %d events by the time Stop returned, want 240", got)
			}
			if got := countRows(t, e.Write, "outbox", "published_at IS NULL"); got != 0 {
				t.Errorf("%d events left unpublished, want 0", got)
			}
		})
	}
}

func TestRelayCanBeRestartedAndStoppedTwice(t *testing.T) {
	t.Parallel()
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := openStore(t, d, "outbox")
			pub := &recorder{}
			r := startRelay(t, outbox.RelayConfig{Engines: e, Publisher: pub})
			if err := r.Start(context.Background()); err == nil {
				t.Error("a second Start of a running relay succeeded")
			}
			for i := range 2 {
				if err := r.Stop(context.Background()); err != nil {
					t.Fatalf("Stop %d: %v", i+1, err)
				}
			}
			appendCommitted(t, e, events(t, "a", 2)...)
			if err := r.Start(context.Background()); err != nil {
				t.Fatalf("restart: %v", err)
			}
			eventually(t, "the restarted relay publishes", func() bool { return pub.count() == 2 })
		})
	}
}
