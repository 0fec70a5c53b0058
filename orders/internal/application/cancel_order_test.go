package application_test

import (
	"context"
	"testing"

	"github.com/modmono/orders/contract"
	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/ids"
)

func TestCancelOrder(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		ann, bob := customer(), customer()
		p := h.product(t, "A", 100)
		o := h.order(t, ann, p)

		_, err := h.app.Commands.CancelOrder.Handle(ctx, application.CancelOrder{Actor: bob, ID: o.ID})
		wantCode(t, err, domain.CodeOrderNotFound)
		if got := h.get(t, o.ID); got.Status != "pending" {
			t.Fatalf("another customer's cancel changed the order to %s", got.Status)
		}
		got, err := h.app.Commands.CancelOrder.Handle(ctx, application.CancelOrder{Actor: ann, ID: o.ID})
		if err != nil || got.Status != "cancelled" {
			t.Fatalf("owner's cancel = %+v, %v", got, err)
		}
		_, err = h.app.Commands.CancelOrder.Handle(ctx, application.CancelOrder{Actor: ann, ID: o.ID})
		wantCode(t, err, domain.CodeOrderNotCancellable)
		_, err = h.app.Commands.CancelOrder.Handle(ctx, application.CancelOrder{Actor: admin, ID: ids.New()})
		wantCode(t, err, domain.CodeOrderNotFound)

		events := h.events(t)
		last := events[len(events)-1]
		if len(events) != 2 || last.Type != contract.EventOrderCancelled || last.Payload["refund_required"] != false ||
			last.Payload["was_paid"] != false {
			t.Fatalf("outbox = %+v; want order_placed, then order_cancelled without a refund", events)
		}
	})
}

func TestAnAdminCancelsAPaidOrderAndAsksForItsRefund(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		o := h.order(t, customer(), h.product(t, "A", 100))
		pay(t, h, o.ID, ids.New())
		got, err := h.app.Commands.CancelOrder.Handle(ctx, application.CancelOrder{Actor: admin, ID: o.ID})
		if err != nil || got.Status != "cancelled" {
			t.Fatalf("cancel of a paid order = %+v, %v", got, err)
		}
		last := h.events(t)[1]
		if last.Type != contract.EventOrderCancelled || last.Payload["refund_required"] != true || last.Payload["was_paid"] != true ||
			last.Payload["payment_id"] != "pay_1" {
			t.Fatalf("cancel event = %+v; want a refund of pay_1", last)
		}
	})
}

// pay delivers a payment_succeeded event for order with payment pay_1.
func pay(t *testing.T, h *harness, orderID, eventID string) {
	t.Helper()
	_, err := h.app.Commands.MarkOrderPaid.Handle(context.Background(), application.MarkOrderPaid{EventID: eventID, OrderID: orderID, PaymentID: "pay_1"})
	if err != nil {
		t.Fatalf("mark paid: %v", err)
	}
}
