package platform_test

import (
	"context"
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
