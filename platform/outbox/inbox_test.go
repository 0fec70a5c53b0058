package outbox_test

import (
	"context"
	"testing"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/outbox"
)

func TestInboxTellsAFirstDeliveryFromARepeat(t *testing.T) {
	t.Parallel()
	type delivery struct {
		subscriber, eventID string
		wantFresh           bool
	}
	tests := []struct {
		name       string
		deliveries []delivery
	}{
		{"the first delivery is fresh, a repeat is not", []delivery{{"orders", "e1", true}, {"orders", "e1", false}}},
		{"subscribers are deduplicated separately", []delivery{{"orders", "e1", true}, {"payments", "e1", true}}},
		{"events are deduplicated separately", []delivery{{"orders", "e1", true}, {"orders", "e2", true}}},
	}
	for _, d := range dbtest.Dialects() {
		for _, tt := range tests {
			t.Run(string(d)+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				e := openStore(t, d, "sub")
				for i, dl := range tt.deliveries {
					var fresh bool
					err := e.Write.InTx(context.Background(), func(tx *db.Tx) (err error) {
						fresh, err = outbox.Inbox(context.Background(), tx, dl.subscriber, dl.eventID)
						return err
					})
					if err != nil {
						t.Fatal(err)
					}
					if fresh != dl.wantFresh {
						t.Errorf("delivery %d (%s, %s): fresh %v, want %v", i, dl.subscriber, dl.eventID, fresh, dl.wantFresh)
					}
				}
			})
		}
	}
}

func TestInboxEntryRollsBackWithTheHandlersEffect(t *testing.T) {
	t.Parallel()
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := openStore(t, d, "sub")
			ctx := context.Background()
			_ = e.Write.InTx(ctx, func(tx *db.Tx) error {
				if _, err := outbox.Inbox(ctx, tx, "orders", "e1"); err != nil {
					t.Fatal(err)
				}
				return context.Canceled // the effect failed
			})
			var fresh bool
			err := e.Write.InTx(ctx, func(tx *db.Tx) (err error) {
				fresh, err = outbox.Inbox(ctx, tx, "orders", "e1")
				return err
			})
			if err != nil || !fresh {
				t.Errorf("redelivery after a rolled-back handler: fresh %v, err %v; want fresh", fresh, err)
			}
		})
	}
}
