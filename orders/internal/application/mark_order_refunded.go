package application

import (
	"context"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
)

// MarkOrderRefunded handles a refund of the order's payment (the payments.payment_refunded
// event EventID); only a full refund changes the order.
type MarkOrderRefunded struct {
	EventID       string
	OrderID       string
	FullyRefunded bool
}

type markOrderRefundedHandler struct {
	uow   UnitOfWork
	clock clock.Clock
}

func NewMarkOrderRefundedHandler(uow UnitOfWork, clk clock.Clock) (bus.Handler[MarkOrderRefunded, struct{}], error) {
	if err := deps.Require("mark order refunded", deps.Named("UnitOfWork", uow), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return markOrderRefundedHandler{uow: uow, clock: clk}, nil
}

// Handle moves a paid or cancelled order to refunded once its payment is refunded in full; a
// partial refund leaves the order paid, and a redelivered event changes nothing.
func (h markOrderRefundedHandler) Handle(ctx context.Context, in MarkOrderRefunded) (struct{}, error) {
	if !in.FullyRefunded {
		return struct{}{}, nil
	}
	_, err := changeOrder(ctx, h.uow, in.OrderID, firstDelivery(in.EventID),
		func(_ context.Context, _ Repositories, o *domain.Order) (bool, error) {
			return o.MarkRefunded(h.clock.Now()), nil
		})
	return struct{}{}, err
}
