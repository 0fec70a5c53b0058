package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
)

var paymentSpecs = []spec{
	{"payments: an added payment reads back whole by id and by idempotency key", func(t *testing.T, s testStore) {
		want := add(t, s, nil, newPayment())[0]
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			byID, err := r.Payments().ByID(ctx, strings.ToUpper(want.ID))
			assertPayment(t, "ByID", byID, err, want)
			byKey, found, err := r.Payments().ByIdempotencyKey(ctx, want.CustomerID, want.IdempotencyKey)
			assertPayment(t, "ByIdempotencyKey", byKey, err, want)
			if !found {
				t.Fatal("ByIdempotencyKey found nothing")
			}
			for _, key := range [][2]string{{want.CustomerID, "other"}, {ids.New(), want.IdempotencyKey}, {"not-a-uuid", want.IdempotencyKey}} {
				if _, found, err := r.Payments().ByIdempotencyKey(ctx, key[0], key[1]); found || err != nil {
					t.Fatalf("ByIdempotencyKey(%v) = found %v, %v; want nothing", key, found, err)
				}
			}
			return nil
		})
	}},
	{"payments: unknown or malformed ids are PAYMENT_NOT_FOUND", func(t *testing.T, s testStore) {
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			for _, id := range []string{ids.New(), "not-a-uuid", ""} {
				_, err := r.Payments().ByID(ctx, id)
				assertCode(t, "ByID("+id+")", err, errs.KindNotFound, domain.CodePaymentNotFound)
			}
			return nil
		})
	}},
	{"payments: an order has one payment that did not fail, and a key one payment", func(t *testing.T, s testStore) {
		first := add(t, s, &domain.ChargeOutcome{FailureCode: "card_declined"}, newPayment())[0]
		second := newPayment()
		second.OrderID = first.OrderID
		add(t, s, nil, second) // the first failed: the order is payable again
		third, sameKey := newPayment(), newPayment()
		third.OrderID = first.OrderID
		sameKey.CustomerID, sameKey.IdempotencyKey = first.CustomerID, first.IdempotencyKey
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			for name, p := range map[string]domain.Payment{"same order": third, "same customer and key": sameKey} {
				if added, err := r.Payments().Add(ctx, p); added || err != nil {
					t.Fatalf("%s: Add = %v, %v; want false, nil", name, added, err)
				}
			}
			return nil
		})
	}},
	{"payments: settling is a compare-and-set that forgets the card token", func(t *testing.T, s testStore) {
		p := add(t, s, nil, newPayment())[0]
		if err := p.Settle(domain.ChargeOutcome{FailureCode: "insufficient_funds"}, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			for i, want := range []bool{true, false} {
				if ok, err := r.Payments().Settle(ctx, p); ok != want || err != nil {
					t.Fatalf("Settle #%d = %v, %v; want %v", i+1, ok, err, want)
				}
			}
			got, err := r.Payments().ByID(ctx, p.ID)
			assertPayment(t, "after Settle", got, err, p)
			return nil
		})
	}},
	{"payments: processing lists stuck payments oldest first", func(t *testing.T, s testStore) {
		old, recent, settled := newPayment(), newPayment(), newPayment()
		old.CreatedAt, recent.CreatedAt = t0.Add(-time.Hour), t0.Add(time.Hour)
		add(t, s, nil, recent, old)
		add(t, s, succeeded, settled)
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			got, err := r.Payments().Processing(ctx, t0, 10)
			if err != nil || len(got) != 1 || got[0].ID != old.ID || got[0].CardToken != "tok_visa" {
				t.Fatalf("Processing = %+v, %v; want only the old one, with its token", got, err)
			}
			if all, _ := r.Payments().Processing(ctx, t0.Add(2*time.Hour), 1); len(all) != 1 || all[0].ID != old.ID {
				t.Fatalf("Processing with limit 1 = %+v; want the oldest", all)
			}
			return nil
		})
	}},
	{"payments: the refundable payment of an order", func(t *testing.T, s testStore) {
		failed := add(t, s, &domain.ChargeOutcome{FailureCode: "card_declined"}, newPayment())[0]
		paid := newPayment()
		paid.OrderID = failed.OrderID
		add(t, s, succeeded, paid)
		pending := add(t, s, nil, newPayment())[0]
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			got, found, err := r.Payments().RefundableOfOrder(ctx, failed.OrderID)
			if err != nil || !found || got.ID != paid.ID {
				t.Fatalf("RefundableOfOrder = %s, %v, %v; want %s", got.ID, found, err, paid.ID)
			}
			for _, order := range []string{pending.OrderID, ids.New(), "nope"} {
				if _, found, err := r.Payments().RefundableOfOrder(ctx, order); found || err != nil {
					t.Fatalf("RefundableOfOrder(%s) = %v, %v; want nothing", order, found, err)
				}
			}
			return nil
		})
	}},
}

func assertPayment(t *testing.T, what string, got domain.Payment, err error, want domain.Payment) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s =\n %+v\nwant\n %+v", what, got, want)
	}
}
