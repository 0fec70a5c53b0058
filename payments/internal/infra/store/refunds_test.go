package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
)

// refund makes a refund of amount (0: what is left) on the payment as loaded now, stores both,
// and reports whether the database applied it.
func refund(t *testing.T, r application.Repositories, p domain.Payment, amount int64, key string) (domain.Payment, domain.Refund, bool) {
	t.Helper()
	req := domain.RefundRequest{ID: ids.New(), Reason: "damaged", RequestedBy: "admin-1", IdempotencyKey: key}
	if amount > 0 {
		m := eur(amount)
		req.Amount = &m
	}
	ctx := context.Background()
	made, err := p.Refund(req, t0.Add(time.Hour))
	if err != nil {
		t.Fatalf("domain refund of %d: %v", amount, err)
	}
	applied, err := r.Payments().Refund(ctx, p, made)
	if err != nil {
		t.Fatalf("store refund of %d: %v", amount, err)
	}
	if applied {
		if err := r.Refunds().Add(ctx, made); err != nil {
			t.Fatalf("add refund: %v", err)
		}
	}
	return p, made, applied
}

var refundSpecs = []spec{
	{"refunds: a partial then a full refund, each stored and found by key", func(t *testing.T, s testStore) {
		p := add(t, s, succeeded, newPayment())[0]
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			p, first, ok := refund(t, r, p, 300, "k1")
			if !ok {
				t.Fatal("partial refund refused")
			}
			stored, err := r.Payments().ByID(ctx, p.ID)
			assertPayment(t, "after a partial refund", stored, err, p)
			if stored.Status != domain.StatusPartiallyRefunded {
				t.Fatalf("status %s; want partially_refunded", stored.Status)
			}
			p, _, ok = refund(t, r, stored, 0, "k2")
			stored, err = r.Payments().ByID(ctx, p.ID)
			assertPayment(t, "after the rest", stored, err, p)
			if !ok || stored.Status != domain.StatusRefunded || stored.RefundedAmount != eur(1000) {
				t.Fatalf("refund of the rest: applied %v, payment %+v", ok, stored)
			}
			got, found, err := r.Refunds().ByIdempotencyKey(ctx, "admin-1", "k1")
			if err != nil || !found || got != first {
				t.Fatalf("ByIdempotencyKey = %+v, %v, %v; want %+v", got, found, err, first)
			}
			if _, found, _ := r.Refunds().ByIdempotencyKey(ctx, "admin-2", "k1"); found {
				t.Fatal("another admin's key found the refund")
			}
			return nil
		})
	}},
	{"refunds: a spent key is IDEMPOTENCY_KEY_REUSED", func(t *testing.T, s testStore) {
		ps := add(t, s, succeeded, newPayment(), newPayment())
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			refund(t, r, ps[0], 100, "k")
			return nil
		})
		err := s.uow.Do(context.Background(), func(ctx context.Context, r application.Repositories) error {
			return r.Refunds().Add(ctx, domain.Refund{ID: ids.New(), PaymentID: ps[1].ID, Amount: eur(1), RequestedBy: "admin-1", IdempotencyKey: "k", CreatedAt: t0})
		})
		assertCode(t, "second refund with key k", err, errs.KindInvalid, domain.CodeIdempotencyKeyReused)
	}},
}
