package application

import (
	"context"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
)

// Subscriber is the name under which the orders context records the events it has handled.
const Subscriber = "orders"

// MarkOrderPaid handles a succeeded payment (the payments.payment_succeeded event EventID).
type MarkOrderPaid struct {
	EventID   string
	OrderID   string
	PaymentID string
}

type markOrderPaidHandler struct {
	uow   UnitOfWork
	clock clock.Clock
}

func NewMarkOrderPaidHandler(uow UnitOfWork, clk clock.Clock) (bus.Handler[MarkOrderPaid, struct{}], error) {
	if err := deps.Require("mark order paid", deps.Named("UnitOfWork", uow), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return markOrderPaidHandler{uow: uow, clock: clk}, nil
}

// Handle marks a pending order paid. When a cancel got there first, the order stays cancelled
// and the cancellation is announced again with a refund required, so payments gives the money
// back and the order ends refunded. A redelivered event changes nothing.
func (h markOrderPaidHandler) Handle(ctx context.Context, in MarkOrderPaid) (struct{}, error) {
	_, err := changeOrder(ctx, h.uow, in.OrderID, firstDelivery(in.EventID),
		func(ctx context.Context, r Repositories, o *domain.Order) (bool, error) {
			switch o.MarkPaid(in.PaymentID, h.clock.Now()) {
			case domain.PaymentApplied:
				return true, nil
			case domain.PaymentNeedsRefund:
				e, err := orderCancelled(ctx, h.clock, *o, domain.Cancellation{WasPaid: true, RefundRequired: true})
				if err != nil {
					return false, err
				}
				return true, r.Outbox().Append(ctx, e)
			default:
				return false, nil
			}
		})
	return struct{}{}, err
}

// firstDelivery records eventID in the inbox, in the unit of the effect, and lets the unit go on
// only the first time: a redelivered event then commits nothing more.
func firstDelivery(eventID string) func(ctx context.Context, r Repositories) (bool, error) {
	return func(ctx context.Context, r Repositories) (bool, error) {
		return r.Inbox().Record(ctx, Subscriber, eventID)
	}
}
