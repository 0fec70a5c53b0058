package application_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/money"
)

func TestTwentyParallelPaymentsOfOneOrderChargeOnce(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		who := customer()
		orderID := h.orders.Place(who.UserID, eur(4200))
		results := make([]error, 20)
		var wg sync.WaitGroup
		for i := range results {
			wg.Go(func() {
				_, results[i] = h.pay(who, orderID, "tok_visa", fmt.Sprintf("key-%d", i))
			})
		}
		wg.Wait()
		succeeded := 0
		for i, err := range results {
			switch {
			case err == nil:
				succeeded++
			case !errs.HasCode(err, domain.CodeOrderNotPayable):
				t.Errorf("attempt %d: %v; want success or ORDER_NOT_PAYABLE", i, err)
			}
		}
		if succeeded != 1 || h.simulator.Charges() != 1 || len(h.events(t)) != 1 {
			t.Fatalf("%d succeeded, %d charged, %d events; want exactly 1 of each", succeeded, h.simulator.Charges(), len(h.events(t)))
		}
	})
}

func TestTwoParallelRefundsThatTogetherExceedThePaymentAreOneTooMany(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		_, p := h.paid(t) // 1000 EUR
		results := make([]error, 2)
		var wg sync.WaitGroup
		for i := range results {
			wg.Go(func() {
				amount := money.Money{Amount: 600, Currency: "EUR"}
				_, results[i] = h.app.Commands.RefundPayment.Handle(context.Background(), application.RefundPayment{
					Actor: admin, PaymentID: p.ID, Amount: &amount, IdempotencyKey: fmt.Sprintf("refund-%d", i),
				})
			})
		}
		wg.Wait()
		ok, refused := 0, 0
		for _, err := range results {
			switch {
			case err == nil:
				ok++
			case errs.HasCode(err, domain.CodeRefundExceedsPayment):
				refused++
			default:
				t.Errorf("refund: %v", err)
			}
		}
		got, _ := h.app.Queries.GetPayment.Handle(context.Background(), application.GetPayment{Actor: admin, ID: p.ID})
		if ok != 1 || refused != 1 || got.RefundedAmount != eur(600) || got.Status != "partially_refunded" {
			t.Fatalf("%d applied, %d refused, payment %+v; want 1, 1 and 600 refunded", ok, refused, got)
		}
	})
}
