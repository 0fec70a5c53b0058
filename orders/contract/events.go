package contract

import "github.com/modmono/platform/money"

// Event types the orders context writes to its outbox, each at version EventVersion. The
// aggregate id of every one is the order id, so a subscriber sees one order's events in order.
const (
	EventOrderPlaced    = "orders.order_placed"
	EventOrderCancelled = "orders.order_cancelled"

	// EventVersion is the payload version of every event above. A breaking change to a payload
	// is a new version, which every subscriber learns to read before any publisher writes it
	// (docs/recipes.md).
	EventVersion = 1
)

// OrderPlaced: a customer placed an order, priced from the catalogue; it awaits payment.
type OrderPlaced struct {
	OrderID    string      `json:"order_id"`
	CustomerID string      `json:"customer_id"`
	Items      []OrderItem `json:"items"`
	Total      money.Money `json:"total"`
}

// OrderItem is one line of a placed order, with the prices it was placed at.
type OrderItem struct {
	ProductID string      `json:"product_id"`
	SKU       string      `json:"sku"`
	Name      string      `json:"name"`
	Quantity  int         `json:"quantity"`
	UnitPrice money.Money `json:"unit_price"`
	LineTotal money.Money `json:"line_total"`
}

// OrderCancelled: the order is cancelled. When RefundRequired is true, money was taken for it
// (WasPaid) and payments must refund PaymentID in full. The event is published a second time,
// with RefundRequired, when a payment succeeds for an order that a cancel had already reached:
// the cancel raced the payment, and the money must still go back.
type OrderCancelled struct {
	OrderID        string      `json:"order_id"`
	CustomerID     string      `json:"customer_id"`
	WasPaid        bool        `json:"was_paid"`
	RefundRequired bool        `json:"refund_required"`
	PaymentID      string      `json:"payment_id,omitempty"`
	Total          money.Money `json:"total"`
}
