package application

import (
	"context"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/deps"
)

// GetOrder reads one order.
type GetOrder struct {
	Actor authn.Principal
	ID    string
}

type getOrderHandler struct {
	orders OrderReadModel
}

func NewGetOrderHandler(orders OrderReadModel) (bus.Handler[GetOrder, OrderView], error) {
	if err := deps.Require("get order", deps.Named("OrderReadModel", orders)); err != nil {
		return nil, err
	}
	return getOrderHandler{orders: orders}, nil
}

// Handle shows an order to its customer and to admins; anyone else gets the same 404 as for an
// order that does not exist, so order ids cannot be probed.
func (h getOrderHandler) Handle(ctx context.Context, in GetOrder) (OrderView, error) {
	o, err := h.orders.OrderByID(ctx, in.ID)
	if err != nil {
		return OrderView{}, err
	}
	if !in.Actor.IsAdmin() && o.CustomerID != in.Actor.UserID {
		return OrderView{}, domain.ErrOrderNotFound()
	}
	return o, nil
}
