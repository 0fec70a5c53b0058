package domain

import (
	"time"

	"github.com/modmono/platform/money"
)

// Order is the aggregate root of the orders context: what a customer bought, at the prices of
// the moment it was placed. Fields are exported for the repositories; the application changes
// an order only through its methods, which keep the status machine.
type Order struct {
	ID         string
	CustomerID string
	Status     Status
	Items      []Item
	Total      money.Money
	// PaymentID and PaidAt record the payment that succeeded for the order, also when it arrived
	// after the order was cancelled: money was taken either way, and must be refunded then.
	PaymentID string
	PaidAt    *time.Time
	// IdempotencyKey is the client's Idempotency-Key of the request that placed the order, if
	// any: a retry of that request finds this order instead of placing a second one.
	IdempotencyKey string
	// Version counts committed changes; a status change is stored only if nobody else changed
	// the order since it was loaded (optimistic concurrency).
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Item is one line of an order with the product's sku, name and price copied in, so that later
// catalogue changes never alter an order.
type Item struct {
	ProductID string
	SKU       string
	Name      string
	Quantity  int
	UnitPrice money.Money
	LineTotal money.Money
}

// Line is what a customer asks for: a product and how many.
type Line struct {
	ProductID string
	Quantity  int
}

// IsPaid reports whether money was taken for the order (whatever happened to it since).
func (o Order) IsPaid() bool { return o.PaidAt != nil }

// IsOwnedBy reports whether customerID placed the order.
func (o Order) IsOwnedBy(customerID string) bool { return o.CustomerID == customerID }
