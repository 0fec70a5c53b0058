package application

import (
	"context"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
)

// CancelOrder cancels an order of the actor's (or any, for an admin). A paid order is refunded
// in full: the order_cancelled event asks payments to.
type CancelOrder struct {
	Actor authn.Principal
	ID    string
}

type cancelOrderHandler struct {
	uow   UnitOfWork
	clock clock.Clock
}

func NewCancelOrderHandler(uow UnitOfWork, clk clock.Clock) (bus.Handler[CancelOrder, OrderView], error) {
	if err := deps.Require("cancel order", deps.Named("UnitOfWork", uow), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return cancelOrderHandler{uow: uow, clock: clk}, nil
}

func (h cancelOrderHandler) Handle(ctx context.Context, in CancelOrder) (OrderView, error) {
	o, err := changeOrder(ctx, h.uow, in.ID, nil, func(ctx context.Context, r Repositories, o *domain.Order) (bool, error) {
		// Someone else's order answers exactly like a missing one, before any other rule can
		// tell the two apart.
		if !in.Actor.IsAdmin() && !o.IsOwnedBy(in.Actor.UserID) {
			return false, domain.ErrOrderNotFound()
		}
		c, err := o.Cancel(h.clock.Now())
		if err != nil {
			return false, err
		}
		e, err := orderCancelled(ctx, h.clock, *o, c)
		if err != nil {
			return false, err
		}
		return true, r.Outbox().Append(ctx, e)
	})
	if err != nil {
		return OrderView{}, err
	}
	return orderViewOf(o), nil
}
