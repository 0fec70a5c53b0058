package application

import (
	"errors"
	"fmt"

	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/page"
)

// Application is the orders context's use cases, each wrapped in the bus's decorators. The
// interfaces layer calls nothing else.
type Application struct {
	Commands Commands
	Queries  Queries
}

// Commands change state; each runs its writes in units of work. MarkOrderPaid and
// MarkOrderRefunded are driven by payments' events, not by HTTP.
type Commands struct {
	CreateProduct     bus.Handler[CreateProduct, ProductView]
	UpdateProduct     bus.Handler[UpdateProduct, ProductView]
	PlaceOrder        bus.Handler[PlaceOrder, OrderView]
	CancelOrder       bus.Handler[CancelOrder, OrderView]
	MarkOrderPaid     bus.Handler[MarkOrderPaid, struct{}]
	MarkOrderRefunded bus.Handler[MarkOrderRefunded, struct{}]
}

// Queries only read, from the read models.
type Queries struct {
	GetProduct   bus.Handler[GetProduct, ProductView]
	ListProducts bus.Handler[ListProducts, page.Page[ProductView]]
	GetOrder     bus.Handler[GetOrder, OrderView]
	ListOrders   bus.Handler[ListOrders, page.Page[OrderView]]
}

// New builds every handler and registers it with d.Bus. It reports every missing dependency at
// once, so wiring fails at start with the whole list.
func New(d Deps) (*Application, error) {
	var problems []error
	if d.Bus == nil {
		problems = append(problems, errors.New("bus is nil"))
	}
	uow, clk := d.UnitOfWork, d.Clock
	createProduct, err := NewCreateProductHandler(uow, clk)
	problems = append(problems, err)
	updateProduct, err := NewUpdateProductHandler(uow, clk)
	problems = append(problems, err)
	placeOrder, err := NewPlaceOrderHandler(uow, clk)
	problems = append(problems, err)
	cancelOrder, err := NewCancelOrderHandler(uow, clk)
	problems = append(problems, err)
	markPaid, err := NewMarkOrderPaidHandler(uow, clk)
	problems = append(problems, err)
	markRefunded, err := NewMarkOrderRefundedHandler(uow, clk)
	problems = append(problems, err)
	getProduct, err := NewGetProductHandler(d.ProductReadModel)
	problems = append(problems, err)
	listProducts, err := NewListProductsHandler(d.ProductReadModel)
	problems = append(problems, err)
	getOrder, err := NewGetOrderHandler(d.OrderReadModel)
	problems = append(problems, err)
	listOrders, err := NewListOrdersHandler(d.OrderReadModel)
	problems = append(problems, err)
	if err := errors.Join(problems...); err != nil {
		return nil, fmt.Errorf("orders application: %w", err)
	}

	b := d.Bus
	return &Application{
		Commands: Commands{
			CreateProduct:     bus.Command(b, "orders.create_product", createProduct),
			UpdateProduct:     bus.Command(b, "orders.update_product", updateProduct),
			PlaceOrder:        bus.Command(b, "orders.place_order", placeOrder),
			CancelOrder:       bus.Command(b, "orders.cancel_order", cancelOrder),
			MarkOrderPaid:     bus.Command(b, "orders.mark_order_paid", markPaid),
			MarkOrderRefunded: bus.Command(b, "orders.mark_order_refunded", markRefunded),
		},
		Queries: Queries{
			GetProduct:   bus.Query(b, "orders.get_product", getProduct),
			ListProducts: bus.Query(b, "orders.list_products", listProducts),
			GetOrder:     bus.Query(b, "orders.get_order", getOrder),
			ListOrders:   bus.Query(b, "orders.list_orders", listOrders),
		},
	}, nil
}
