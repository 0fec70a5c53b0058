package application

import (
	"context"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/outbox"
	"github.com/modmono/platform/page"
)

// Products is the write-side repository of the catalogue, bound to one transaction.
type Products interface {
	// Add stores a new product; a taken sku is errs Conflict SKU_TAKEN.
	Add(ctx context.Context, p domain.Product) error
	// ByID answers errs NotFound PRODUCT_NOT_FOUND when there is no such product.
	ByID(ctx context.Context, id string) (domain.Product, error)
	// ByIDs returns the products among ids that exist, by id, in one statement at most; ids that
	// are not UUIDs are simply not found. It may answer from a copy that is behind the database
	// (a product changed elsewhere): Orders.Add refuses an order priced from a stale product.
	ByIDs(ctx context.Context, ids []string) (map[string]domain.Product, error)
	// Update stores every mutable field of p (name, price, active, updated_at).
	Update(ctx context.Context, p domain.Product) error
}

// Orders is the write-side repository of orders, bound to one transaction.
type Orders interface {
	// Add stores a new order with its items and the events that announce it, all or nothing
	// (one statement on PostgreSQL). It stores nothing and returns false when the customer
	// already placed an order under o.IdempotencyKey (find it with ByIdempotencyKey), or when an
	// item no longer matches its product (on sale, same sku, name and price): ByIDs then reads
	// the order's products afresh.
	Add(ctx context.Context, o domain.Order, events ...outbox.Event) (bool, error)
	// ByIdempotencyKey loads the order customerID placed under key; ORDER_NOT_FOUND if none.
	ByIdempotencyKey(ctx context.Context, customerID, key string) (domain.Order, error)
	// ByID loads an order with its items; errs NotFound ORDER_NOT_FOUND when there is none.
	ByID(ctx context.Context, id string) (domain.Order, error)
	// Update stores o's status, payment and updated_at and increments its version, but only if
	// the stored version is still o.Version: false means someone else changed the order since
	// it was loaded, and nothing was written.
	Update(ctx context.Context, o domain.Order) (bool, error)
}

// Outbox appends integration events in the unit's transaction, so they exist exactly when the
// change they announce does.
type Outbox interface {
	Append(ctx context.Context, events ...outbox.Event) error
}

// Inbox records the events a subscriber has handled, in the transaction of the handling.
type Inbox interface {
	// Record reports whether this is the first time subscriber handles eventID.
	Record(ctx context.Context, subscriber, eventID string) (fresh bool, err error)
}

// Repositories are the repositories bound to one Unit of Work.
type Repositories interface {
	Products() Products
	Orders() Orders
	Outbox() Outbox
	Inbox() Inbox
}

// UnitOfWork runs fn in one transaction; fn's error rolls everything back.
type UnitOfWork interface {
	Do(ctx context.Context, fn func(ctx context.Context, repos Repositories) error) error
	// DoAutocommit runs fn where each statement may commit on its own (no transaction on
	// PostgreSQL, saving BEGIN and COMMIT): for a unit whose one write is a single call that
	// stores everything (Orders.Add with its events; Outbox.Append refuses there) and whose
	// reads lock nothing.
	DoAutocommit(ctx context.Context, fn func(ctx context.Context, repos Repositories) error) error
}

// ProductReadModel answers product queries from the read engine, without loading aggregates.
type ProductReadModel interface {
	// ProductByID answers errs NotFound PRODUCT_NOT_FOUND.
	ProductByID(ctx context.Context, id string) (ProductView, error)
	// ListProducts returns up to req.Limit+1 products, newest first, after req.After; inactive
	// ones only when includeInactive.
	ListProducts(ctx context.Context, includeInactive bool, req page.Request) ([]ProductView, error)
}

// OrderFilter narrows an order list; a zero field does not filter.
type OrderFilter struct {
	CustomerID string
	Status     domain.Status
}

// OrderReadModel answers order queries from the read engine, each in one statement.
type OrderReadModel interface {
	// OrderByID answers errs NotFound ORDER_NOT_FOUND.
	OrderByID(ctx context.Context, id string) (OrderView, error)
	// ListOrders returns up to req.Limit+1 orders with their items, newest first, after
	// req.After.
	ListOrders(ctx context.Context, f OrderFilter, req page.Request) ([]OrderView, error)
}
