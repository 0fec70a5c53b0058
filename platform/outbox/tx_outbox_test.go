package outbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"testing"
	"time"

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

func TestDoAutocommitStoresEventsOnlyThroughRows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		dialect    db.Dialect
		append     bool
		wantErr    bool
		wantNotify int
		wantRows   int
	}{
		// Rows only encodes: the statement of the change stores them (orders' store); Append
		// would commit apart from that change, so it is refused without a transaction.
		{name: "postgres: rows count as appended", dialect: db.Postgres, wantNotify: 1},
		{name: "postgres: append refused", dialect: db.Postgres, append: true, wantErr: true},
		{name: "sqlite: a transaction, append allowed", dialect: db.SQLite, append: true, wantNotify: 1, wantRows: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := openStore(t, tt.dialect, "outbox")
			notified := 0
			uow := outbox.NewUnitOfWork(e, func() { notified++ }, func(_ db.Conn, box *outbox.TxOutbox) *outbox.TxOutbox { return box })
			err := uow.DoAutocommit(context.Background(), func(ctx context.Context, box *outbox.TxOutbox) error {
				if tt.append {
					return box.Append(ctx, events(t, "agg", 1)...)
				}
				_, err := box.Rows(events(t, "agg", 1)...)
				return err
			})
			if (err != nil) != tt.wantErr {
				t.Fatalf("DoAutocommit = %v, want an error: %v", err, tt.wantErr)
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

func TestRowsEncodeEveryColumnWithTimesCutToTheMicrosecond(t *testing.T) {
	t.Parallel()
	ev := events(t, "agg", 1)[0]
	ev.OccurredAt = time.Date(2030, 1, 2, 3, 4, 5, 123456789, time.UTC)
	ev.TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	got, err := outbox.NewTxOutbox(nil).Rows(ev)
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(got), &rows); err != nil {
		t.Fatalf("rows %s: %v", got, err)
	}
	want := map[string]any{"id": ev.ID, "type": ev.Type, "version": float64(ev.Version), "aggregate_id": "agg",
		"occurred_at": "2030-01-02T03:04:05.123456Z", "trace_parent": ev.TraceParent, "payload": string(ev.Payload)}
	if len(rows) != 1 || !maps.Equal(rows[0], want) {
		t.Errorf("rows = %v, want [%v]", rows, want)
	}
	if _, err := outbox.NewTxOutbox(nil).Rows(outbox.Event{}); err == nil {
		t.Error("Rows accepted an invalid event")
	}
}
