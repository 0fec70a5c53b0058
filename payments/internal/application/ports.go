package application

import (
	"context"
	"time"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/money"
	"github.com/modmono/platform/outbox"
	"github.com/modmono/platform/page"
)

// Payments is the write-side repository of payments, bound to one transaction. ByID and
// RefundableOfOrder lock the row until the transaction ends, so a refund's read-modify-write
// never loses a concurrent one.
type Payments interface {
	// Add stores a new payment unless the order already has one that did not fail, or the
	// customer already used the idempotency key: then it stores nothing and answers false, and
	// ByIdempotencyKey tells the two apart.
	Add(ctx context.Context, p domain.Payment) (added bool, err error)
	// ByID answers errs NotFound PAYMENT_NOT_FOUND when there is no such payment.
	ByID(ctx context.Context, id string) (domain.Payment, error)
	// ByIdempotencyKey finds the customer's payment made under key; found is false when none is.
	ByIdempotencyKey(ctx context.Context, customerID, key string) (p domain.Payment, found bool, err error)
	// RefundableOfOrder finds the order's succeeded or partly refunded payment, if it has one.
	RefundableOfOrder(ctx context.Context, orderID string) (p domain.Payment, found bool, err error)
	// Processing lists up to limit payments created at or before `before` and still
	// processing, oldest first.
	Processing(ctx context.Context, before time.Time, limit int) ([]domain.Payment, error)
	// Settle stores a settled payment if it is still processing; false means it was not.
	Settle(ctx context.Context, p domain.Payment) (bool, error)
	// Refund stores p after p.Refund made r. The database applies it only while the payment is
	// refundable, unchanged since it was loaded, and the new refunded total stays within the
	// amount; false means it refused.
	Refund(ctx context.Context, p domain.Payment, r domain.Refund) (bool, error)
}

// Refunds is the write-side repository of refunds, bound to one transaction.
type Refunds interface {
	// Add stores a refund; a second refund under one (requested_by, idempotency key) is errs
	// Invalid IDEMPOTENCY_KEY_REUSED.
	Add(ctx context.Context, r domain.Refund) error
	ByIdempotencyKey(ctx context.Context, requestedBy, key string) (r domain.Refund, found bool, err error)
}

// Outbox takes the integration events of the unit of work's change; they commit with it.
type Outbox interface {
	Append(ctx context.Context, events ...outbox.Event) error
}

// Inbox remembers the events a subscriber has handled, in the transaction of its effect.
type Inbox interface {
	// Record reports whether it is the first time subscriber handles eventID.
	Record(ctx context.Context, subscriber, eventID string) (fresh bool, err error)
}

// Repositories are the repositories bound to one Unit of Work.
type Repositories interface {
	Payments() Payments
	Refunds() Refunds
	Outbox() Outbox
	Inbox() Inbox
}

// UnitOfWork runs fn in one transaction; fn's error rolls everything back.
type UnitOfWork interface {
	Do(ctx context.Context, fn func(ctx context.Context, repos Repositories) error) error
}

// PaymentFilter narrows a list of payments; an empty field does not filter.
type PaymentFilter struct {
	CustomerID string
	OrderID    string
}

// PaymentReadModel answers queries from the read engine, without loading aggregates. It never
// shows a processing payment.
type PaymentReadModel interface {
	// PaymentByID answers errs NotFound PAYMENT_NOT_FOUND.
	PaymentByID(ctx context.Context, id string) (PaymentView, error)
	// ListPayments returns up to req.Limit+1 payments matching f, newest first, after req.After.
	ListPayments(ctx context.Context, f PaymentFilter, req page.Request) ([]PaymentView, error)
}

// CardProcessor is the card network behind the payments.
type CardProcessor interface {
	// CheckToken rejects a token the processor would refuse outright, as a 422 on
	// payment_method.token, so that a hopeless request stores nothing.
	CheckToken(ctx context.Context, token string) error
	// Charge charges amount to token once per payment id, which is the processor's own
	// idempotency key: charging the same payment again returns the first outcome and moves no
	// more money. An error means the outcome is unknown (the processor did not answer): charge
	// again later with the same id. A 422 means the processor refused the token itself and
	// charged nothing.
	Charge(ctx context.Context, paymentID string, amount money.Money, token string) (domain.ChargeOutcome, error)
}
