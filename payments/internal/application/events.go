package application

import (
	"context"

	"github.com/modmono/payments/contract"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/outbox"
)

// settledEvent is the integration event of a payment's outcome.
func settledEvent(ctx context.Context, clk clock.Clock, p domain.Payment) (outbox.Event, error) {
	if p.Status == domain.StatusSucceeded {
		return outbox.NewEvent(ctx, clk, contract.EventPaymentSucceeded, contract.EventVersion, p.ID, contract.PaymentSucceeded{
			PaymentID: p.ID, OrderID: p.OrderID, CustomerID: p.CustomerID, Amount: p.Amount,
		})
	}
	return outbox.NewEvent(ctx, clk, contract.EventPaymentFailed, contract.EventVersion, p.ID, contract.PaymentFailed{
		PaymentID: p.ID, OrderID: p.OrderID, CustomerID: p.CustomerID, Amount: p.Amount, FailureCode: p.FailureCode,
	})
}

// refundedEvent is the integration event of a refund, with the payment as the refund left it.
func refundedEvent(ctx context.Context, clk clock.Clock, p domain.Payment, r domain.Refund) (outbox.Event, error) {
	return outbox.NewEvent(ctx, clk, contract.EventPaymentRefunded, contract.EventVersion, p.ID, contract.PaymentRefunded{
		PaymentID: p.ID, OrderID: p.OrderID, RefundID: r.ID, Amount: r.Amount,
		RefundedTotal: p.RefundedAmount, FullyRefunded: p.FullyRefunded(),
	})
}
