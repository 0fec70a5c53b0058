package application_test

import (
	"context"
	"slices"
	"testing"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/platform/ids"
)

func TestRefundCancelledOrderRefundsWhatIsLeftOncePerEvent(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		_, p := h.paid(t) // 1000 EUR
		if _, err := h.app.Commands.RefundPayment.Handle(ctx, application.RefundPayment{Actor: admin, PaymentID: p.ID, Amount: ptr(eur(250)), IdempotencyKey: "k"}); err != nil {
			t.Fatal(err)
		}
		_, unpaid := h.paid(t)
		unpaidOrder := h.orders.Place(customer().UserID, eur(10))
		eventID := ids.New()
		for _, in := range []application.RefundCancelledOrder{
			{EventID: eventID, OrderID: p.OrderID},
			{EventID: eventID, OrderID: p.OrderID},                    // redelivered
			{EventID: ids.New(), OrderID: p.OrderID, PaymentID: p.ID}, // cancelled again: nothing left
			{EventID: ids.New(), OrderID: unpaidOrder},
			{EventID: ids.New(), OrderID: p.OrderID, PaymentID: unpaid.ID}, // not that order's payment
			{EventID: ids.New(), OrderID: p.OrderID, PaymentID: "nope"},
		} {
			if _, err := h.app.Commands.RefundCancelledOrder.Handle(ctx, in); err != nil {
				t.Fatalf("%+v: %v", in, err)
			}
		}
		got, _ := h.app.Queries.GetPayment.Handle(ctx, application.GetPayment{Actor: admin, ID: p.ID})
		if got.Status != "refunded" || got.RefundedAmount != eur(1000) {
			t.Fatalf("payment after cancellation %+v; want refunded in full", got)
		}
		events := h.events(t)
		want := []string{"payments.payment_succeeded", "payments.payment_refunded", "payments.payment_succeeded", "payments.payment_refunded"}
		if !slices.Equal(types(events), want) || events[3].Payload["amount"].(map[string]any)["amount"] != 750.0 {
			t.Fatalf("events %+v; want %v, the last refunding 750", events, want)
		}
		other, _ := h.app.Queries.GetPayment.Handle(ctx, application.GetPayment{Actor: admin, ID: unpaid.ID})
		if other.RefundedAmount != eur(0) {
			t.Fatalf("another order's payment was refunded: %+v", other)
		}
	})
}

func TestRefundCancelledOrderFindsThePaymentByIDToo(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		_, p := h.paid(t)
		in := application.RefundCancelledOrder{EventID: ids.New(), OrderID: p.OrderID, PaymentID: p.ID}
		if _, err := h.app.Commands.RefundCancelledOrder.Handle(context.Background(), in); err != nil {
			t.Fatal(err)
		}
		got, _ := h.app.Queries.GetPayment.Handle(context.Background(), application.GetPayment{Actor: admin, ID: p.ID})
		if got.Status != "refunded" {
			t.Fatalf("payment %+v; want refunded", got)
		}
	})
}
