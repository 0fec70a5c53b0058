package idempotency_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/modmono/platform/idempotency"
)

func TestKeysLastTwentyFourHours(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, f *fixture) {
		same := withKey("/things", "day-key", `{"amount": 1}`)
		other := withKey("/things", "day-key", `{"amount": 2}`)
		f.do(same)
		for _, step := range []struct {
			name     string
			advance  time.Duration
			call     call
			status   int
			replayed bool
			runs     int64
		}{
			{"replayed a moment later", 0, same, 201, true, 1},
			{"replayed just before 24 hours", idempotency.Retention - time.Microsecond, same, 201, true, 1},
			{"reuse refused just before 24 hours", 0, other, 422, false, 1},
			{"forgotten after 24 hours: another request runs", time.Microsecond, other, 201, false, 2},
			{"and that one is kept in turn", 0, other, 201, true, 2},
		} {
			f.clk.Advance(step.advance)
			rec := f.do(step.call)
			replayed := rec.Header().Get(idempotency.HeaderReplayed) == "true"
			if rec.Code != step.status || replayed != step.replayed || f.handlers.count("/things") != step.runs {
				t.Errorf("%s: status %d, replayed %t, %d runs; want %d, %t, %d", step.name,
					rec.Code, replayed, f.handlers.count("/things"), step.status, step.replayed, step.runs)
			}
		}
	})
}

func TestDeleteExpiredRemovesOnlyExpiredKeys(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		store := f.store()
		f.do(withKey("/things", "old", `{}`))
		f.do(withKey("/conflict", "old-problem", `{}`))
		f.clk.Advance(12 * time.Hour)
		f.do(withKey("/things", "young", `{}`))
		for _, step := range []struct {
			advance time.Duration
			want    int64
		}{
			{0, 0},
			{12*time.Hour - time.Microsecond, 0},
			{time.Microsecond, 2}, // "old" and "old-problem" turn 24 hours
			{0, 0},
			{12 * time.Hour, 1}, // "young" does
		} {
			f.clk.Advance(step.advance)
			n, err := store.DeleteExpired(ctx)
			if err != nil || n != step.want {
				t.Fatalf("at %s: DeleteExpired = %d, %v; want %d", f.clk.Now().Sub(start), n, err, step.want)
			}
		}
		if rec := f.do(withKey("/things", "young", `{}`)); rec.Code != http.StatusCreated || rec.Header().Get(idempotency.HeaderReplayed) != "" {
			t.Errorf("a deleted key: status %d, replayed %q; want a fresh 201", rec.Code, rec.Header().Get(idempotency.HeaderReplayed))
		}
	})
}
