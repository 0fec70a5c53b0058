package application_test

import (
	"context"
	"sync"
	"testing"

	"github.com/modmono/orders/contract"
	"github.com/modmono/orders/internal/application"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
)

// TestCancelRacingPaymentEndsConsistent runs a customer's cancel and the payment_succeeded
// handler at the same time on one order, many times over: whichever wins, the order ends
// cancelled with exactly one refund asked for, never paid-and-forgotten.
func TestCancelRacingPaymentEndsConsistent(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx, ann := context.Background(), customer()
		p := h.product(t, "A", 100)
		for round := range 10 {
			o := h.order(t, ann, p)
			var wg sync.WaitGroup
			var cancelErr, payErr error
			wg.Go(func() {
				_, cancelErr = h.app.Commands.CancelOrder.Handle(ctx, application.CancelOrder{Actor: ann, ID: o.ID})
			})
			wg.Go(func() {
				_, payErr = h.app.Commands.MarkOrderPaid.Handle(ctx, application.MarkOrderPaid{EventID: ids.New(), OrderID: o.ID, PaymentID: "pay_1"})
			})
			wg.Wait()
			if cancelErr != nil || payErr != nil {
				t.Fatalf("round %d: cancel %v, pay %v", round, cancelErr, payErr)
			}
			if got := h.get(t, o.ID); got.Status != "cancelled" {
				t.Fatalf("round %d: status %s; want cancelled", round, got.Status)
			}
			if n := refundsAsked(t, h, o.ID); n != 1 {
				t.Fatalf("round %d: %d refunds asked; want exactly 1", round, n)
			}
		}
	})
}

// TestParallelCancelsCancelOnce: of many cancels of one order, one succeeds and the others
// answer 409 (or, having lost every retry, a retryable 503): never two cancellations.
func TestParallelCancelsCancelOnce(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx, ann := context.Background(), customer()
		o := h.order(t, ann, h.product(t, "A", 100))
		var wg sync.WaitGroup
		results := make([]error, 6)
		for i := range results {
			wg.Go(func() {
				_, results[i] = h.app.Commands.CancelOrder.Handle(ctx, application.CancelOrder{Actor: ann, ID: o.ID})
			})
		}
		wg.Wait()
		succeeded := 0
		for _, err := range results {
			switch {
			case err == nil:
				succeeded++
			case errs.KindOf(err) == errs.KindConflict, errs.KindOf(err) == errs.KindUnavailable:
			default:
				t.Fatalf("unexpected error %v", err)
			}
		}
		cancellations := 0
		for _, e := range h.events(t) {
			if e.Type == contract.EventOrderCancelled {
				cancellations++
			}
		}
		if succeeded != 1 || cancellations != 1 {
			t.Fatalf("%d cancels succeeded, %d events; want 1 and 1", succeeded, cancellations)
		}
	})
}

func refundsAsked(t *testing.T, h *harness, orderID string) int {
	t.Helper()
	n := 0
	for _, e := range h.events(t) {
		if e.AggregateID == orderID && e.Type == contract.EventOrderCancelled && e.Payload["refund_required"] == true {
			n++
		}
	}
	return n
}
