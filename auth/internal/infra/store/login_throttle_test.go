package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/db"
)

const window = 15 * time.Minute

// The throttle keeps time on the database's clock, so these specs move time by ageing the stored
// windows (ageWindows) instead of advancing a clock of the test's.
var throttleSpecs = []spec{
	{"throttle: attempts count 1..N within one window", func(t *testing.T, s testStore) {
		for want := 1; want <= 6; want++ {
			got, left := reserve(t, s, "ada@example.test")
			if got != want || left <= window-time.Minute || left > window {
				t.Fatalf("attempt %d = %d, window ends in %s; want %d, about %s", want, got, left, want, window)
			}
		}
	}},
	{"throttle: Attempts reads the open window without counting", func(t *testing.T, s testStore) {
		if got, _ := attempts(t, s, "ada@example.test"); got != 0 {
			t.Fatalf("attempts of an unseen key = %d; want 0", got)
		}
		reserve(t, s, "ada@example.test")
		reserve(t, s, "ada@example.test")
		ageWindows(t, s, time.Minute)
		for range 2 {
			if got, left := attempts(t, s, "ada@example.test"); got != 2 || left <= window-2*time.Minute || left > window-time.Minute {
				t.Fatalf("attempts = %d, ends in %s; want 2, about %s", got, left, window-time.Minute)
			}
		}
		ageWindows(t, s, window)
		if got, left := attempts(t, s, "ada@example.test"); got != 0 || left != 0 {
			t.Fatalf("attempts of an ended window = %d, %s; want 0, 0", got, left)
		}
	}},
	{"throttle: an ended window restarts at 1", func(t *testing.T, s testStore) {
		for range 3 {
			reserve(t, s, "ada@example.test")
		}
		ageWindows(t, s, window-time.Minute)
		if got, _ := reserve(t, s, "ada@example.test"); got != 4 {
			t.Fatalf("attempt before the window ends = %d; want 4", got)
		}
		ageWindows(t, s, time.Minute)
		got, left := reserve(t, s, "ada@example.test")
		if got != 1 || left <= window-time.Minute {
			t.Fatalf("attempt when the window has ended = %d, ends in %s; want 1, a new window", got, left)
		}
	}},
	{"throttle: keys are counted apart", func(t *testing.T, s testStore) {
		reserve(t, s, "ada@example.test")
		reserve(t, s, "ada@example.test")
		if got, _ := reserve(t, s, "bob@example.test"); got != 1 {
			t.Fatalf("first attempt for another key = %d; want 1", got)
		}
	}},
	{"throttle: 20 parallel attempts see exactly 1..20", func(t *testing.T, s testStore) {
		const n = 20
		got := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { got[i], _ = reserve(t, s, "flood@example.test") })
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
		reserve(t, s, "ada@example.test")
		reserve(t, s, "ada@example.test")
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			return r.LoginThrottle().Reset(ctx, "ada@example.test")
		})
		if got, _ := reserve(t, s, "ada@example.test"); got != 1 {
			t.Fatalf("attempt after Reset = %d; want 1", got)
		}
	}},
	{"throttle: DeleteExpired removes only ended windows", func(t *testing.T, s testStore) {
		reserve(t, s, "ended@example.test")
		ageWindows(t, s, window+time.Second)
		reserve(t, s, "open@example.test")
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			return r.LoginThrottle().DeleteExpired(ctx)
		})
		var keys []string
		rows, err := s.engines.Write.QueryContext(context.Background(), "SELECT key FROM login_throttle")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				t.Fatal(err)
			}
			keys = append(keys, k)
		}
		if !slices.Equal(keys, []string{"open@example.test"}) {
			t.Fatalf("rows left %v; want only the open window", keys)
		}
	}},
}

// reserve counts one attempt in a unit of work of its own, as a failed login does.
func reserve(t *testing.T, s testStore, key string) (attempts int, left time.Duration) {
	t.Helper()
	err := s.uow.Do(context.Background(), func(ctx context.Context, r application.Repositories) (err error) {
		attempts, left, err = r.LoginThrottle().Reserve(ctx, key, window)
		return err
	})
	if err != nil {
		t.Errorf("Reserve(%s): %v", key, err)
	}
	return attempts, left
}

func attempts(t *testing.T, s testStore, key string) (n int, left time.Duration) {
	t.Helper()
	err := s.uow.Do(context.Background(), func(ctx context.Context, r application.Repositories) (err error) {
		n, left, err = r.LoginThrottle().Attempts(ctx, key)
		return err
	})
	if err != nil {
		t.Errorf("Attempts(%s): %v", key, err)
	}
	return n, left
}

// ageWindows moves every stored window d into the past, as if d had passed on the database's
// clock.
func ageWindows(t *testing.T, s testStore, d time.Duration) {
	t.Helper()
	q := `UPDATE login_throttle SET window_started_at = window_started_at - make_interval(secs => $1::float8),
		window_ends_at = window_ends_at - make_interval(secs => $1::float8)`
	if s.engines.Write.Dialect() == db.SQLite {
		q = `UPDATE login_throttle
			SET window_started_at = strftime('%Y-%m-%dT%H:%M:%f', window_started_at, '-' || ?1 || ' seconds') || '000Z',
			    window_ends_at = strftime('%Y-%m-%dT%H:%M:%f', window_ends_at, '-' || ?1 || ' seconds') || '000Z'`
	}
	if _, err := s.engines.Write.ExecContext(context.Background(), q, d.Seconds()); err != nil {
		t.Fatalf("age the throttle windows: %v", err)
	}
}
