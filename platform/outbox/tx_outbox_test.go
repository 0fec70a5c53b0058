package outbox_test

import (
	"context"
	"errors"
	"testing"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/outbox"
)

func TestUnitOfWorkNotifiesOnlyAfterACommitWithEvents(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := []struct {
		name       string
		appends    int
		fail       error
		wantNotify int
		wantRows   int
	}{
		{name: "events committed: one nudge", appends: 2, wantNotify: 1, wantRows: 2},
		{name: "no events: no nudge", appends: 0, wantNotify: 0, wantRows: 0},
		{name: "rolled back: no nudge, no events", appends: 2, fail: boom, wantNotify: 0, wantRows: 0},
	}
	for _, d := range dbtest.Dialects() {
		for _, tt := range tests {
			t.Run(string(d)+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				e := openStore(t, d, "outbox")
				notified := 0
				uow := outbox.NewUnitOfWork(e, func() { notified++ }, func(_ db.Conn, box *outbox.TxOutbox) *outbox.TxOutbox { return box })
				err := uow.Do(context.Background(), func(_ context.Context, box *outbox.TxOutbox) error {
					if tt.appends > 0 {
						if err := box.Append(context.Background(), events(t, "agg", tt.appends)...); err != nil {
							return err
						}
					}
					return tt.fail
				})
				if !errors.Is(err, tt.fail) {
					t.Fatalf("Do = %v, want %v", err, tt.fail)
				}
				if notified != tt.wantNotify {
					t.Errorf("notified %d times, want %d", notified, tt.wantNotify)
				}
				if got := countRows(t, e.Write, "outbox", "1 = 1"); got != tt.wantRows {
					t.Errorf("outbox rows = %d, want %d", got, tt.wantRows)
				}
			})
		}
	}
}
