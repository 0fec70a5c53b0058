package application

import (
	"context"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
)

// RefundCancelledOrder refunds what is left of a cancelled order's payment, once per event: the
// payments context's answer to orders.order_cancelled when the order had been paid.
type RefundCancelledOrder struct {
	EventID string
	OrderID string
	// PaymentID names the payment to refund when the orders context knows it; otherwise the
	// order's refundable payment is found by the order id.
	PaymentID string
}

// Subscriber is the name under which the payments context handles other contexts' events.
const Subscriber = "payments"

// cancellationReason is the reason of every automatic refund.
const cancellationReason = "order cancelled"

type refundCancelledOrderHandler struct {
	refunder
	uow UnitOfWork
}

func NewRefundCancelledOrderHandler(uow UnitOfWork, clk clock.Clock) (bus.Handler[RefundCancelledOrder, struct{}], error) {
	if err := deps.Require("refund cancelled order", deps.Named("UnitOfWork", uow), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return refundCancelledOrderHandler{refunder: refunder{clock: clk}, uow: uow}, nil
}

// Handle records the event in the inbox in the refund's own transaction, so a redelivered event
// refunds nothing more. An order without a refundable payment (never paid, or already refunded
// in full by an admin) needs nothing.
func (h refundCancelledOrderHandler) Handle(ctx context.Context, in RefundCancelledOrder) (struct{}, error) {
	err := h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		fresh, err := r.Inbox().Record(ctx, Subscriber, in.EventID)
		if err != nil || !fresh {
			return err
		}
		p, found, err := h.payment(ctx, r.Payments(), in)
		if err != nil || !found {
			return err
		}
		_, err = h.refund(ctx, r, p, domain.RefundRequest{
			Reason: cancellationReason, RequestedBy: domain.SystemActor, IdempotencyKey: in.EventID,
		})
		return err
	})
	return struct{}{}, err
}

// payment finds the payment to refund, locked; found is false when there is nothing to refund.
func (h refundCancelledOrderHandler) payment(ctx context.Context, payments Payments, in RefundCancelledOrder) (domain.Payment, bool, error) {
	if in.PaymentID == "" {
		return payments.RefundableOfOrder(ctx, in.OrderID)
	}
	p, err := payments.ByID(ctx, in.PaymentID)
	if errs.HasCode(err, domain.CodePaymentNotFound) {
		return domain.Payment{}, false, nil
	}
	return p, err == nil && p.Refundable() && p.OrderID == in.OrderID, err
}
