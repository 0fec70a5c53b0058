package backoff_test

import (
	"context"
	"testing"
	"time"

	"github.com/modmono/platform/backoff"
)

func TestDelayStaysBetweenHalfAndAllOfTheDoubledBase(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		attempt  int
		low, top time.Duration
	}{
		{0, 10 * time.Millisecond, 20 * time.Millisecond}, // read as the first
		{1, 10 * time.Millisecond, 20 * time.Millisecond},
		{2, 20 * time.Millisecond, 40 * time.Millisecond},
		{4, 80 * time.Millisecond, 160 * time.Millisecond},
	} {
		for range 200 {
			if d := backoff.Delay(20*time.Millisecond, tc.attempt); d < tc.low || d > tc.top {
				t.Fatalf("Delay(20ms, %d) = %s, want within [%s, %s]", tc.attempt, d, tc.low, tc.top)
			}
		}
	}
}

func TestSleepStopsWhenTheContextEnds(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if backoff.Sleep(ctx, time.Hour) {
		t.Fatal("Sleep on an ended context reported the whole wait")
	}
	if !backoff.Sleep(context.Background(), time.Millisecond) {
		t.Fatal("Sleep of 1ms on a live context reported an early end")
	}
}
