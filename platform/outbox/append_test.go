package outbox_test

import (
	"context"
	"errors"
	"testing"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/outbox"
)

func TestAppendCommitsAndRollsBackWithTheCallersTransaction(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		txErr     error
		wantCount int
	}{
		{"a committed transaction leaves its events", nil, 3},
		{"a rolled-back transaction leaves no event", errors.New("the command failed"), 0},
	}
	for _, d := range dbtest.Dialects() {
		for _, tt := range tests {
			t.Run(string(d)+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				e := openStore(t, d, "outbox")
				ctx := context.Background()
				err := e.Write.InTx(ctx, func(tx *db.Tx) error {
					if err := outbox.Append(ctx, tx, events(t, "a", 3)...); err != nil {
						t.Fatal(err)
					}
					return tt.txErr
				})
				if !errors.Is(err, tt.txErr) {
					t.Fatalf("transaction error %v, want %v", err, tt.txErr)
				}
				if got := countRows(t, e.Write, "outbox", "1 = 1"); got != tt.wantCount {
					t.Errorf("outbox has %d events, want %d", got, tt.wantCount)
				}
			})
		}
	}
}

func TestAppendRejectsAnInvalidEnvelopeBeforeWriting(t *testing.T) {
	t.Parallel()
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := openStore(t, d, "outbox")
			bad := events(t, "a", 1)[0]
			bad.Payload = []byte("{not json")
			if err := outbox.Append(context.Background(), e.Write, bad); err == nil {
				t.Error("Append accepted a payload that is not JSON")
			}
			if got := countRows(t, e.Write, "outbox", "1 = 1"); got != 0 {
				t.Errorf("outbox has %d events, want 0", got)
			}
		})
	}
}
