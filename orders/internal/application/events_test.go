package application_test

import (
	"context"
	"testing"

	"github.com/modmono/orders/contract"
	"github.com/modmono/orders/internal/application"
	"github.com/modmono/platform/ids"
)

func TestPaymentSucceededMarksAPendingOrderPaidOnce(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		o := h.order(t, customer(), h.product(t, "A", 100))
		eventID := ids.New()
		for range 2 { // the same event delivered twice has one effect
			pay(t, h, o.ID, eventID)
		}
		got := h.get(t, o.ID)
		if got.Status != "paid" || !got.UpdatedAt.Equal(start) {
			t.Fatalf("after payment: %+v", got)
		}
		if n := len(h.events(t)); n != 1 {
			t.Fatalf("%d events; want only order_placed", n)
		}
	})
}

func TestAPaymentThatRacedACancelIsRefunded(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx, ann := context.Background(), customer()
		o := h.order(t, ann, h.product(t, "A", 100))
		if _, err := h.app.Commands.CancelOrder.Handle(ctx, application.CancelOrder{Actor: ann, ID: o.ID}); err != nil {
			t.Fatal(err)
		}
		paid := ids.New()
		pay(t, h, o.ID, paid)
		pay(t, h, o.ID, paid)      // redelivered
		pay(t, h, o.ID, ids.New()) // a second copy under a new id changes nothing either
		if got := h.get(t, o.ID); got.Status != "cancelled" {
			t.Fatalf("status %s; want cancelled", got.Status)
		}
		events := h.events(t)
		if len(events) != 3 || events[2].Type != contract.EventOrderCancelled || events[2].Payload["refund_required"] != true ||
			events[2].Payload["payment_id"] != "pay_1" {
			t.Fatalf("outbox = %+v; want placed, cancelled, cancelled with a refund of pay_1", events)
		}
		refund(t, h, o.ID, ids.New(), true)
		if got := h.get(t, o.ID); got.Status != "refunded" {
			t.Fatalf("after the refund: %s; want refunded", got.Status)
		}
	})
}

func TestRefunds(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		o := h.order(t, customer(), h.product(t, "A", 100))
		pay(t, h, o.ID, ids.New())
		refund(t, h, o.ID, ids.New(), false)
		if got := h.get(t, o.ID); got.Status != "paid" {
			t.Fatalf("after a partial refund: %s; want paid", got.Status)
		}
		full := ids.New()
		refund(t, h, o.ID, full, true)
		h.clock.Advance(1e9)
		refund(t, h, o.ID, full, true) // redelivered: no second change
		got := h.get(t, o.ID)
		if got.Status != "refunded" || !got.UpdatedAt.Equal(start) {
			t.Fatalf("after a full refund: %+v; want refunded, updated once", got)
		}
		pending := h.order(t, customer(), h.product(t, "B", 100))
		refund(t, h, pending.ID, ids.New(), true)
		if got := h.get(t, pending.ID); got.Status != "pending" {
			t.Fatalf("a refund for an unpaid order changed it to %s", got.Status)
		}
	})
}

func refund(t *testing.T, h *harness, orderID, eventID string, full bool) {
	t.Helper()
	_, err := h.app.Commands.MarkOrderRefunded.Handle(context.Background(), application.MarkOrderRefunded{EventID: eventID, OrderID: orderID, FullyRefunded: full})
	if err != nil {
		t.Fatalf("mark refunded: %v", err)
	}
}
