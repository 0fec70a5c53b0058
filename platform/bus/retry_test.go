package bus_test

import (
	"context"
	"errors"
	"testing"

	"github.com/modmono/platform/bus"
)

var errBusy = errors.New("database is busy")

func isBusy(err error) bool { return errors.Is(err, errBusy) }

// failing fails with err the first n calls, then succeeds; it counts every call.
func failing(n int, err error, calls *int) func(context.Context) error {
	return func(context.Context) error {
		*calls++
		if *calls <= n {
			return err
		}
		return nil
	}
}

func TestRetryOn(t *testing.T) {
	t.Parallel()
	other := errors.New("constraint violated")
	for _, tc := range []struct {
		name      string
		kind      bus.Kind
		failures  int
		err       error
		wantCalls int
		wantErr   error
	}{
		{"a command succeeds after transient failures", bus.KindCommand, 2, errBusy, 3, nil},
		{"a command gives up after the last attempt", bus.KindCommand, 5, errBusy, 3, errBusy},
		{"a command is not retried on other errors", bus.KindCommand, 1, other, 1, other},
		{"a query is never retried", bus.KindQuery, 1, errBusy, 1, errBusy},
		{"a success runs once", bus.KindCommand, 0, nil, 1, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			calls := 0
			err := bus.RetryOn(isBusy, 3)(context.Background(), call("x", tc.kind), failing(tc.failures, tc.err, &calls))
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if calls != tc.wantCalls {
				t.Fatalf("%d calls, want %d", calls, tc.wantCalls)
			}
		})
	}
}

func TestRetryOnStopsWaitingWhenTheCallerGivesUp(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := bus.RetryOn(isBusy, 1000)(ctx, call("x", bus.KindCommand), func(context.Context) error {
		calls++
		if calls == 2 {
			cancel()
		}
		return errBusy
	})
	if !errors.Is(err, errBusy) || calls != 2 {
		t.Fatalf("err = %v after %d calls, want the busy error after 2", err, calls)
	}
}
