package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
)

const window = 15 * time.Minute

var throttleSpecs = []spec{
	{"throttle: attempts count 1..N within one window", func(t *testing.T, s testStore) {
		for want := 1; want <= 6; want++ {
			got, ends := reserve(t, s, "ada@example.test", t0.Add(time.Duration(want)*time.Second))
			if got != want || !ends.Equal(t0.Add(time.Second+window)) {
				t.Fatalf("attempt %d = %d, window ends %v; want %d, %v", want, got, ends, want, t0.Add(time.Second+window))
			}
		}
	}},
	{"throttle: an ended window restarts at 1", func(t *testing.T, s testStore) {
		for range 3 {
			reserve(t, s, "ada@example.test", t0)
		}
		if got, _ := reserve(t, s, "ada@example.test", t0.Add(window-time.Microsecond)); got != 4 {
			t.Fatalf("attempt just before the window ends = %d; want 4", got)
		}
		later := t0.Add(window)
		got, ends := reserve(t, s, "ada@example.test", later)
		if got != 1 || !ends.Equal(later.Add(window)) {
			t.Fatalf("attempt when the window ends = %d, ends %v; want 1, %v", got, ends, later.Add(window))
		}
	}},
	{"throttle: keys are counted apart", func(t *testing.T, s testStore) {
		reserve(t, s, "ada@example.test", t0)
		reserve(t, s, "ada@example.test", t0)
		if got, _ := reserve(t, s, "bob@example.test", t0); got != 1 {
			t.Fatalf("first attempt for another key = %d; want 1", got)
		}
	}},
	{"throttle: 20 parallel attempts see exactly 1..20", func(t *testing.T, s testStore) {
		const n = 20
		got := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { got[i], _ = reserve(t, s, "flood@example.test", t0) })
		}
		wg.Wait()
		slices.Sort(got)
		for i, v := range got {
			if v != i+1 {
				t.Fatalf("sorted counts = %v; want each of 1..%d exactly once", got, n)
			}
		}
	}},
	{"throttle: Reset forgets the attempts", func(t *testing.T, s testStore) {
		reserve(t, s, "ada@example.test", t0)
		reserve(t, s, "ada@example.test", t0)
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			return r.LoginThrottle().Reset(ctx, "ada@example.test")
		})
		if got, _ := reserve(t, s, "ada@example.test", t0); got != 1 {
			t.Fatalf("attempt after Reset = %d; want 1", got)
		}
	}},
	{"throttle: DeleteExpired removes only ended windows", func(t *testing.T, s testStore) {
		reserve(t, s, "ended@example.test", t0)
		reserve(t, s, "open@example.test", t0.Add(window))
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			return r.LoginThrottle().DeleteExpired(ctx, t0.Add(window+time.Second))
		})
		// Counting at a time inside the old windows tells whether each row is still there.
		if got, _ := reserve(t, s, "ended@example.test", t0.Add(time.Second)); got != 1 {
			t.Fatalf("ended window: next attempt = %d; want 1 (row deleted)", got)
		}
		if got, _ := reserve(t, s, "open@example.test", t0.Add(window+time.Second)); got != 2 {
			t.Fatalf("open window: next attempt = %d; want 2 (row kept)", got)
		}
	}},
}

// reserve counts one attempt in a unit of work of its own, as a login does.
func reserve(t *testing.T, s testStore, key string, now time.Time) (attempts int, ends time.Time) {
	t.Helper()
	err := s.uow.Do(context.Background(), func(ctx context.Context, r application.Repositories) (err error) {
		attempts, ends, err = r.LoginThrottle().Reserve(ctx, key, now, window)
		return err
	})
	if err != nil {
		t.Errorf("Reserve(%s): %v", key, err)
	}
	return attempts, ends
}
