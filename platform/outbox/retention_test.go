package outbox_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/outbox"
	"github.com/modmono/platform/outbox/outboxtest"
)

// TestPurgeDeletesOnlyWhatIsDoneAndOld: published events and inbox entries older than the
// cut-off go; newer ones, pending events and parked ones stay.
func TestPurgeDeletesOnlyWhatIsDoneAndOld(t *testing.T) {
	t.Parallel()
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			e := openStore(t, d, "outbox")
			published, pending, parked := events(t, "a", 3), events(t, "b", 1)[0], events(t, "c", 1)[0]
			appendCommitted(t, e, published...)
			appendCommitted(t, e, pending)
			outboxtest.AppendParked(t, e, "refused", parked)
			r := startRelay(t, outbox.RelayConfig{Engines: e, MaxAttempts: 1000, Publisher: &recorder{fail: func(ev outbox.Event, _ int) error {
				if ev.ID == pending.ID {
					return errors.New("broker down")
				}
				return nil
			}}})
			eventually(t, "the three events are published", func() bool {
				return countRows(t, e.Write, "outbox", "published_at IS NOT NULL") == 3
			})
			for _, id := range []string{"e1", "e2"} {
				if err := e.Write.InTx(ctx, func(tx *db.Tx) error { _, err := outbox.Inbox(ctx, tx, "orders", id); return err }); err != nil {
					t.Fatal(err)
				}
			}

			tests := []struct {
				name                string
				before              time.Time
				wantEvents, wantInb int64
				leftEvents, leftInb int
			}{
				{"nothing is old enough", time.Now().Add(-time.Hour), 0, 0, 5, 2},
				{"everything done is old enough", time.Now().Add(time.Hour), 3, 2, 2, 0},
				{"a second run finds nothing", time.Now().Add(time.Hour), 0, 0, 2, 0},
			}
			for _, tt := range tests { // in order: each run sees what the one before left
				events, inbox, err := r.Purge(ctx, tt.before)
				if err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
				if events != tt.wantEvents || inbox != tt.wantInb {
					t.Errorf("%s: purged %d events and %d inbox entries, want %d and %d", tt.name, events, inbox, tt.wantEvents, tt.wantInb)
				}
				if n := countRows(t, e.Write, "outbox", "1=1"); n != tt.leftEvents {
					t.Errorf("%s: %d outbox rows left, want %d", tt.name, n, tt.leftEvents)
				}
				if n := countRows(t, e.Write, "inbox", "1=1"); n != tt.leftInb {
					t.Errorf("%s: %d inbox rows left, want %d", tt.name, n, tt.leftInb)
				}
			}
			if n := countRows(t, e.Write, "outbox", "parked_at IS NOT NULL"); n != 1 {
				t.Errorf("%d parked events left, want the parked one kept", n)
			}
		})
	}
}
