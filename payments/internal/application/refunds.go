package application

import (
	"context"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/ids"
)

// refunder makes a refund of a payment loaded (and locked) in the caller's unit of work: the
// part RefundPayment and RefundCancelledOrder share.
type refunder struct {
	clock clock.Clock
}

// refund applies req to p and stores the refund with its event. The database applies the new
// refunded total only if it stays within the payment, whatever the code above it did.
func (f refunder) refund(ctx context.Context, r Repositories, p domain.Payment, req domain.RefundRequest) (domain.Refund, error) {
	if !p.Visible() {
		return domain.Refund{}, domain.ErrPaymentNotFound()
	}
	req.ID = ids.New()
	refund, err := p.Refund(req, f.clock.Now())
	if err != nil {
		return domain.Refund{}, err
	}
	applied, err := r.Payments().Refund(ctx, p, refund)
	if err != nil {
		return domain.Refund{}, err
	}
	if !applied {
		// The row lock taken by the load makes this unreachable unless something bypassed it;
		// the database's guard then keeps the payment whole.
		return domain.Refund{}, domain.ErrRefundExceedsPayment()
	}
	if err := r.Refunds().Add(ctx, refund); err != nil {
		return domain.Refund{}, err
	}
	event, err := refundedEvent(ctx, f.clock, p, refund)
	if err != nil {
		return domain.Refund{}, err
	}
	return refund, r.Outbox().Append(ctx, event)
}
