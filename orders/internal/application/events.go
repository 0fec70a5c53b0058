package application

import (
	"context"

	"github.com/modmono/orders/contract"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/outbox"
)

// orderPlaced is the integration event of a new order.
func orderPlaced(ctx context.Context, clk clock.Clock, o domain.Order) (outbox.Event, error) {
	items := make([]contract.OrderItem, len(o.Items))
	for i, it := range o.Items {
		items[i] = contract.OrderItem{ProductID: it.ProductID, SKU: it.SKU, Name: it.Name, Quantity: it.Quantity,
			UnitPrice: it.UnitPrice, LineTotal: it.LineTotal}
	}
	return outbox.NewEvent(ctx, clk, contract.EventOrderPlaced, contract.EventVersion, o.ID, contract.OrderPlaced{
		OrderID: o.ID, CustomerID: o.CustomerID, Items: items, Total: o.Total,
	})
}

// orderCancelled is the integration event of a cancellation; payments acts on RefundRequired.
func orderCancelled(ctx context.Context, clk clock.Clock, o domain.Order, c domain.Cancellation) (outbox.Event, error) {
	return outbox.NewEvent(ctx, clk, contract.EventOrderCancelled, contract.EventVersion, o.ID, contract.OrderCancelled{
		OrderID: o.ID, CustomerID: o.CustomerID, WasPaid: c.WasPaid, RefundRequired: c.RefundRequired,
		PaymentID: o.PaymentID, Total: o.Total,
	})
}
