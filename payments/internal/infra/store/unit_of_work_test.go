package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/outbox"
)

var unitOfWorkSpecs = []spec{
	{"unit of work: a failing unit leaves nothing behind and notifies nobody", func(t *testing.T, s testStore) {
		p := newPayment()
		event, err := outbox.NewEvent(context.Background(), clock.NewManual(t0), "payments.test", 1, p.ID, map[string]string{})
		if err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		err = s.uow.Do(context.Background(), func(ctx context.Context, r application.Repositories) error {
			if _, err := r.Payments().Add(ctx, p); err != nil {
				return err
			}
			if err := r.Outbox().Append(ctx, event); err != nil {
				return err
			}
			if _, err := r.Inbox().Record(ctx, "payments", "e1"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) || s.commits.Load() != 0 {
			t.Fatalf("Do = %v after %d commits; want fn's own error and no commit", err, s.commits.Load())
		}
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			_, err := r.Payments().ByID(ctx, p.ID)
			assertCode(t, "payment after rollback", err, errs.KindNotFound, domain.CodePaymentNotFound)
			if fresh, err := r.Inbox().Record(ctx, "payments", "e1"); !fresh || err != nil {
				t.Fatalf("inbox after rollback: fresh %v, %v; want the event unseen", fresh, err)
			}
			return nil
		})
		if s.commits.Load() != 0 {
			t.Fatalf("a commit without events notified the relay %d times; want 0", s.commits.Load())
		}
	}},
	{"unit of work: the inbox reports an event once per subscriber", func(t *testing.T, s testStore) {
		id := ids.New()
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			for i, want := range []bool{true, false} {
				if fresh, err := r.Inbox().Record(ctx, "payments", id); fresh != want || err != nil {
					t.Fatalf("Record #%d = %v, %v; want %v", i+1, fresh, err, want)
				}
			}
			if fresh, _ := r.Inbox().Record(ctx, "someone-else", id); !fresh {
				t.Fatal("another subscriber's first sight was not fresh")
			}
			return nil
		})
	}},
}
