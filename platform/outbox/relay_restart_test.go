package outbox_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/outbox"
)

// interrupting passes events on, except the nth, on which it blocks until the relay gives up on
// it, or fails.
type interrupting struct {
	next    outbox.Publisher
	n       int64
	block   bool
	calls   atomic.Int64
	reached chan struct{}
}

func (p *interrupting) Publish(ctx context.Context, e outbox.Event) error {
	if p.calls.Add(1) != p.n {
		return p.next.Publish(ctx, e)
	}
	close(p.reached)
	if p.block {
		<-ctx.Done()
		return ctx.Err()
	}
	return errors.New("broker connection reset")
}

// effectCounter is a subscriber in its own store that records one effect row per delivery it
// acts on, deduplicating with the inbox in the effect's transaction.
func effectCounter(t *testing.T, dialect db.Dialect, deliveries *atomic.Int64) (*db.Engines, outbox.Handler) {
	t.Helper()
	sub := openStore(t, dialect, "sub")
	if _, err := sub.Write.ExecContext(context.Background(), "CREATE TABLE effects (event_id TEXT NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	return sub, func(ctx context.Context, e outbox.Event) error {
		deliveries.Add(1)
		return sub.Write.InTx(ctx, func(tx *db.Tx) error {
			fresh, err := outbox.Inbox(ctx, tx, "sub", e.ID)
			if err != nil || !fresh {
				return err
			}
			_, err = tx.ExecContext(ctx, "INSERT INTO effects (event_id) VALUES ('"+e.ID+"')")
			return err
		})
	}
}

func TestRelayInterruptedMidBatchDeliversEveryEffectExactlyOnceAfterRestart(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		block     bool // else the nth publish fails
		wantRedel bool // whether some events must reach the subscriber twice
	}{
		{"publisher blocks until Stop's deadline abandons the batch", true, true},
		{"publisher fails", false, true},
	}
	for _, d := range dbtest.Dialects() {
		for _, tt := range tests {
			t.Run(string(d)+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				var deliveries atomic.Int64
				sub, handle := effectCounter(t, d, &deliveries)
				var broker outbox.LocalBroker
				broker.Subscribe("sub", "test.happened", handle)
				// A second subscriber fails each event's first delivery once, so the relay
				// redelivers events the first subscriber has already acted on.
				var flakySeen atomic.Int64
				broker.Subscribe("flaky", "test.happened", func(context.Context, outbox.Event) error {
					if flakySeen.Add(1) == 3 {
						return errors.New("flaky subscriber")
					}
					return nil
				})

				e := openStore(t, d, "outbox")
				for _, agg := range []string{"a", "b", "c"} {
					appendCommitted(t, e, events(t, agg, 10)...)
				}
				first := &interrupting{next: &broker, n: 12, block: tt.block, reached: make(chan struct{})}
				r1, err := outbox.NewRelay(outbox.RelayConfig{Name: "test", Engines: e, Publisher: first,
					Logger: quietLogger, PollInterval: 10 * time.Millisecond, BackoffBase: time.Millisecond}, nil)
				if err != nil {
					t.Fatal(err)
				}
				if err := r1.Start(context.Background()); err != nil {
					t.Fatal(err)
				}
				<-first.reached
				deadline := 10 * time.Second // enough to flush
				if tt.block {
					deadline = 200 * time.Millisecond
				}
				ctx, cancel := context.WithTimeout(context.Background(), deadline)
				defer cancel()
				if err := r1.Stop(ctx); tt.block != (err != nil) {
					t.Errorf("Stop: %v; want an error only when the publisher blocks past the deadline", err)
				}

				startRelay(t, outbox.RelayConfig{Engines: e, Publisher: &broker})
				eventually(t, "every event is published", func() bool {
					return countRows(t, e.Write, "outbox", "published_at IS NULL") == 0
				})
				if got := countRows(t, sub.Write, "effects", "1 = 1"); got != 30 {
					t.Errorf("%d effects, want 30", got)
				}
				var distinct int
				if err := sub.Write.QueryRowContext(context.Background(), "SELECT COUNT(DISTINCT event_id) FROM effects").Scan(&distinct); err != nil || distinct != 30 {
					t.Errorf("effects of %d distinct events (err %v), want 30", distinct, err)
				}
				if got := deliveries.Load(); tt.wantRedel && got <= 30 {
					t.Errorf("the subscriber saw %d deliveries: the test meant to redeliver some", got)
				}
			})
		}
	}
}
