package platform_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/fx"
	"go.uber.org/fx/fxtest"

	"github.com/modmono/platform"
)

func TestEveryRunsFromStartToStop(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		atStart bool
		want    int64 // runs seen before the first tick (the interval is an hour)
	}{
		{name: "at start", atStart: true, want: 1},
		{name: "not at start", atStart: false, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var runs atomic.Int64
			started := make(chan struct{}, 1)
			app := fxtest.New(t, fx.Invoke(func(lc fx.Lifecycle) {
				platform.Every(lc, time.Hour, tt.atStart, func(context.Context) {
					runs.Add(1)
					started <- struct{}{}
				})
			}))
			app.RequireStart()
			if tt.atStart {
				<-started
			}
			app.RequireStop() // returns only once the loop has ended
			if got := runs.Load(); got != tt.want {
				t.Fatalf("runs = %d, want %d", got, tt.want)
			}
		})
	}
}

// hooks is an fx.Lifecycle that only records the hooks, so that a test calls them itself with
// the contexts it chooses, without fx's own deadline around them.
type hooks []fx.Hook

func (h *hooks) Append(hook fx.Hook) { *h = append(*h, hook) }

// TestEveryStopsARunningJobWithinTheStopDeadline: stopping cancels a run in progress; a run that
// ignores the cancellation fails the stop at its deadline rather than holding the stop hook.
func TestEveryStopsARunningJobWithinTheStopDeadline(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		honoursStop bool
		deadline    time.Duration // of the stop
		wantErr     error         // from the stop hook
	}{
		{name: "a job that honours its context is cancelled", honoursStop: true, deadline: 30 * time.Second, wantErr: nil},
		{name: "a job that ignores its context fails the stop at the deadline", honoursStop: false, deadline: 50 * time.Millisecond,
			wantErr: context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			running, release := make(chan struct{}), make(chan struct{})
			t.Cleanup(func() { close(release) }) // lets the ignoring job end with the test
			var sawCancel atomic.Bool
			var lc hooks
			platform.Every(&lc, time.Hour, true, func(ctx context.Context) {
				close(running)
				if tt.honoursStop {
					<-ctx.Done()
					sawCancel.Store(ctx.Err() != nil)
					return
				}
				<-release
			})
			if len(lc) != 1 {
				t.Fatalf("Every appended %d hooks, want 1", len(lc))
			}
			if err := lc[0].OnStart(context.Background()); err != nil {
				t.Fatal(err)
			}
			<-running

			stop, cancel := context.WithTimeout(context.Background(), tt.deadline)
			defer cancel()
			stopped := make(chan error, 1)
			go func() { stopped <- lc[0].OnStop(stop) }()
			var err error
			select {
			case err = <-stopped:
			case <-time.After(tt.deadline + time.Minute): // a hang guard, far beyond the deadline
				t.Fatal("the stop hook is still waiting for the job long after the stop deadline")
			}
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("stop hook = %v, want %v", err, tt.wantErr)
			}
			if tt.honoursStop && !sawCancel.Load() {
				t.Error("the running job's context was not cancelled by the stop")
			}
		})
	}
}
