package store_test

import (
	"context"
	"testing"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/ids"
)

var inboxSpecs = []spec{
	{"inbox: an event is handled once recorded, per subscriber", func(t *testing.T, s testStore) {
		event := ids.New()
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			for i, step := range []struct {
				subscriber  string
				record      bool
				wantHandled bool
				wantFresh   bool
			}{
				{"mailer", false, false, false},
				{"mailer", true, false, true},
				{"mailer", true, true, false},
				{"someone-else", false, false, false},
			} {
				handled, err := r.Inbox().Handled(ctx, step.subscriber, event)
				if err != nil || handled != step.wantHandled {
					t.Fatalf("step %d: Handled = %v, %v; want %v", i, handled, err, step.wantHandled)
				}
				if step.record {
					fresh, err := r.Inbox().Record(ctx, step.subscriber, event)
					if err != nil || fresh != step.wantFresh {
						t.Fatalf("step %d: Record = %v, %v; want %v", i, fresh, err, step.wantFresh)
					}
				}
			}
			return nil
		})
	}},
}
