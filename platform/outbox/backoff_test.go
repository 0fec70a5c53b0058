package outbox_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/outbox"
)

func TestFailedPublishRecordsTheAttemptAndBacksOffExponentially(t *testing.T) {
	t.Parallel()
	const base, most = time.Minute, 3 * time.Minute
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := openStore(t, d, "outbox")
			clk := clock.NewManual(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
			ev := events(t, "a", 1)[0]
			appendCommitted(t, e, ev)
			pub := &recorder{fail: func(outbox.Event, int) error { return errors.New("broker unreachable") }}
			startRelay(t, outbox.RelayConfig{Engines: e, Publisher: pub, Clock: clk,
				BackoffBase: base, BackoffMax: most, MaxAttempts: 100})

			// Attempt n waits base*2^(n-1), capped, of which the upper half is random.
			for attempt, wantDelay := range []time.Duration{base, 2 * base, most, most} {
				attempt++
				var row attemptRow
				eventually(t, "the next attempt is recorded", func() bool {
					row = readAttempt(t, e, ev.ID)
					return row.attempts == attempt
				})
				now := clk.Now()
				if row.lastError != "broker unreachable" {
					t.Errorf("attempt %d: last_error %q", attempt, row.lastError)
				}
				if lo, hi := now.Add(wantDelay/2), now.Add(wantDelay); row.next.Before(lo) || row.next.After(hi) {
					t.Errorf("attempt %d: next attempt at %s, want within [%s, %s]", attempt, row.next, lo, hi)
				}
				time.Sleep(30 * time.Millisecond) // several polls: none may retry early
				if got := pub.attemptsOf(ev.ID); got != attempt {
					t.Fatalf("retried before the backoff elapsed: %d attempts, want %d", got, attempt)
				}
				clk.Advance(wantDelay)
			}
		})
	}
}

type attemptRow struct {
	attempts  int
	lastError string
	next      time.Time
}

func readAttempt(t *testing.T, e *db.Engines, id string) attemptRow {
	t.Helper()
	var r attemptRow
	var lastError sql.NullString
	var next sql.NullTime
	q := "SELECT attempts, last_error, next_attempt_at FROM outbox WHERE id = '" + id + "'"
	if err := e.Write.QueryRowContext(context.Background(), q).Scan(&r.attempts, &lastError, &next); err != nil {
		t.Fatal(err)
	}
	r.lastError, r.next = lastError.String, next.Time
	return r
}
