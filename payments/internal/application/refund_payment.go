package application

import (
	"context"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/money"
)

// RefundPayment is an admin's refund of a payment: Amount, or everything that is left when nil.
type RefundPayment struct {
	Actor          authn.Principal
	PaymentID      string
	Amount         *money.Money
	Reason         string
	IdempotencyKey string
}

type refundPaymentHandler struct {
	refunder
	uow UnitOfWork
}

func NewRefundPaymentHandler(uow UnitOfWork, clk clock.Clock) (bus.Handler[RefundPayment, RefundView], error) {
	if err := deps.Require("refund payment", deps.Named("UnitOfWork", uow), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return refundPaymentHandler{refunder: refunder{clock: clk}, uow: uow}, nil
}

// Handle runs in one transaction that locks the payment first: a retry with the same key, or
// another refund of the same payment, waits and then sees what this one did.
func (h refundPaymentHandler) Handle(ctx context.Context, in RefundPayment) (RefundView, error) {
	if !in.Actor.IsAdmin() {
		return RefundView{}, errs.Forbidden("only admins can refund payments")
	}
	if in.IdempotencyKey == "" {
		return RefundView{}, domain.ErrIdempotencyKeyRequired()
	}
	var refund domain.Refund
	err := h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		p, err := r.Payments().ByID(ctx, in.PaymentID)
		if err != nil {
			return err
		}
		earlier, found, err := r.Refunds().ByIdempotencyKey(ctx, in.Actor.UserID, in.IdempotencyKey)
		switch {
		case err != nil:
			return err
		case found && earlier.PaymentID != p.ID:
			return domain.ErrIdempotencyKeyReused()
		case found:
			refund = earlier
			return nil
		}
		refund, err = h.refund(ctx, r, p, domain.RefundRequest{
			Amount: in.Amount, Reason: in.Reason, RequestedBy: in.Actor.UserID, IdempotencyKey: in.IdempotencyKey,
		})
		return err
	})
	if err != nil {
		return RefundView{}, err
	}
	return refundViewOf(refund), nil
}
