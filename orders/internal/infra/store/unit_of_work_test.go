package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/orders/internal/infra/store"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/outbox"
)

var unitOfWorkSpecs = []spec{
	{"unit of work: the relay is nudged after a commit that appended events, only then", func(t *testing.T, s testStore) {
		nudges := 0
		uow := store.NewUnitOfWork(s.engines, func() { nudges++ })
		ctx := context.Background()
		steps := []struct {
			name string
			fn   func(ctx context.Context, r application.Repositories) error
			want int
		}{
			{"no events", func(context.Context, application.Repositories) error { return nil }, 0},
			{"events", func(ctx context.Context, r application.Repositories) error {
				return r.Outbox().Append(ctx, event(t, ids.New()))
			}, 1},
			{"events, rolled back", func(ctx context.Context, r application.Repositories) error {
				_ = r.Outbox().Append(ctx, event(t, ids.New()))
				return errors.New("boom")
			}, 1},
		}
		for _, st := range steps {
			_ = uow.Do(ctx, st.fn)
			if nudges != st.want {
				t.Fatalf("after %s: %d nudges; want %d", st.name, nudges, st.want)
			}
		}
	}},
	{"unit of work: a failing unit leaves nothing behind, events and inbox entries included", func(t *testing.T, s testStore) {
		p := addProducts(t, s, "A")[0]
		o := newOrder(t, ids.New(), p)
		boom := errors.New("boom")
		e := event(t, o.ID)
		err := s.uow.Do(context.Background(), func(ctx context.Context, r application.Repositories) error {
			if _, err := r.Orders().Add(ctx, o); err != nil {
				return err
			}
			if err := r.Outbox().Append(ctx, e); err != nil {
				return err
			}
			if _, err := r.Inbox().Record(ctx, "orders", "ev-1"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Do = %v; want fn's own error", err)
		}
		_, err = s.orders.OrderByID(context.Background(), o.ID)
		assertCode(t, "order after rollback", err, errs.KindNotFound, domain.CodeOrderNotFound)
		if n := outboxRows(t, s); n != 0 {
			t.Fatalf("%d outbox rows after rollback; want 0", n)
		}
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			if fresh, err := r.Inbox().Record(ctx, "orders", "ev-1"); !fresh || err != nil {
				t.Fatalf("inbox after rollback: fresh %v, %v; want fresh", fresh, err)
			}
			return nil
		})
	}},
	{"unit of work: events commit with the change; the inbox knows an event the second time", func(t *testing.T, s testStore) {
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			return r.Outbox().Append(ctx, event(t, ids.New()), event(t, ids.New()))
		})
		if n := outboxRows(t, s); n != 2 {
			t.Fatalf("%d outbox rows; want 2", n)
		}
		for i, want := range []bool{true, false} {
			do(t, s, func(ctx context.Context, r application.Repositories) error {
				fresh, err := r.Inbox().Record(ctx, "orders", "ev-1")
				if err != nil || fresh != want {
					t.Fatalf("delivery %d: fresh %v, %v; want %v", i+1, fresh, err, want)
				}
				return nil
			})
		}
	}},
}

func event(t *testing.T, aggregateID string) outbox.Event {
	t.Helper()
	e, err := outbox.NewEvent(context.Background(), clock.NewManual(t0), "orders.test", 1, aggregateID, map[string]int{"n": 1})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func outboxRows(t *testing.T, s testStore) int {
	t.Helper()
	var n int
	if err := s.engines.Write.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM outbox").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
