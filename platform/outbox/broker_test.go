package outbox_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/outbox"
)

func TestLocalBrokerCallsEveryHandlerOfTheTypeAndJoinsTheirErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		outcomes    map[string]error // subscriber -> what its handler returns (nil: succeeds)
		panics      string           // subscriber whose handler panics
		wantErrSubs []string
	}{
		{"all succeed", map[string]error{"orders": nil, "payments": nil}, "", nil},
		{"one fails, the other still runs", map[string]error{"orders": errors.New("db down"), "payments": nil}, "", []string{"orders"}},
		{"both fail", map[string]error{"orders": errors.New("x"), "payments": errors.New("y")}, "", []string{"orders", "payments"}},
		{"a panic becomes that subscriber's error", map[string]error{"orders": nil, "payments": nil}, "orders", []string{"orders"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b outbox.LocalBroker
			var mu sync.Mutex
			called := map[string]bool{}
			for sub, outcome := range tt.outcomes {
				b.Subscribe(sub, "test.happened", func(context.Context, outbox.Event) error {
					mu.Lock()
					called[sub] = true
					mu.Unlock()
					if sub == tt.panics {
						panic("boom")
					}
					return outcome
				})
			}
			b.Subscribe("other", "test.other", func(context.Context, outbox.Event) error {
				t.Error("a handler of another type was called")
				return nil
			})
			err := b.Publish(context.Background(), events(t, "a", 1)[0])
			if len(called) != len(tt.outcomes) {
				t.Errorf("called %v, want every subscriber of the type", called)
			}
			if (err != nil) != (len(tt.wantErrSubs) > 0) {
				t.Fatalf("error %v, want errors from %v", err, tt.wantErrSubs)
			}
			for _, sub := range tt.wantErrSubs {
				if !strings.Contains(err.Error(), "subscriber "+sub) {
					t.Errorf("error %q does not name subscriber %s", err, sub)
				}
			}
		})
	}
}

func TestLocalBrokerHandlersRunInTheEventsTrace(t *testing.T) {
	t.Parallel()
	traced, sc := tracedContext(t)
	e, err := outbox.NewEvent(traced, clock.System{}, "test.happened", 1, "a", 1)
	if err != nil {
		t.Fatal(err)
	}
	var b outbox.LocalBroker
	var got trace.SpanContext
	b.Subscribe("s", "test.happened", func(ctx context.Context, _ outbox.Event) error {
		got = trace.SpanContextFromContext(ctx)
		return nil
	})
	// The relay publishes from its own context, which carries no trace.
	if err := b.Publish(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	if got.TraceID() != sc.TraceID() || got.SpanID() != sc.SpanID() || !got.IsRemote() {
		t.Errorf("handler span context %v, want the remote parent %v", got, sc)
	}
}

func TestLocalBrokerRefusesASecondHandlerOfOneSubscriberForOneType(t *testing.T) {
	t.Parallel()
	var b outbox.LocalBroker
	noop := func(context.Context, outbox.Event) error { return nil }
	b.Subscribe("s", "test.happened", noop)
	defer func() {
		if recover() == nil {
			t.Error("a second Subscribe of s to test.happened did not panic")
		}
	}()
	b.Subscribe("s", "test.happened", noop)
}
