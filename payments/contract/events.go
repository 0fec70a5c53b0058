// Package contract is the payments context's public surface for other contexts: the names and
// payloads of the integration events it publishes. Nothing else of payments may be imported.
package contract

import "github.com/modmono/platform/money"

// Event types the payments context writes to its outbox, each at version EventVersion. The
// aggregate id of every one is the payment id.
const (
	EventPaymentSucceeded = "payments.payment_succeeded"
	EventPaymentFailed    = "payments.payment_failed"
	EventPaymentRefunded  = "payments.payment_refunded"

	// EventVersion is the payload version of every event above. A breaking change to a payload
	// is a new version, which every subscriber learns to read before any publisher writes it
	// (docs/recipes.md).
	EventVersion = 1
)

// PaymentSucceeded: the order's total was charged, so the order is paid.
type PaymentSucceeded struct {
	PaymentID  string      `json:"payment_id"`
	OrderID    string      `json:"order_id"`
	CustomerID string      `json:"customer_id"`
	Amount     money.Money `json:"amount"`
}

// PaymentFailed: the charge was refused; the order stays payable with a new attempt.
type PaymentFailed struct {
	PaymentID   string      `json:"payment_id"`
	OrderID     string      `json:"order_id"`
	CustomerID  string      `json:"customer_id"`
	Amount      money.Money `json:"amount"`
	FailureCode string      `json:"failure_code"` // "card_declined", "insufficient_funds", ...
}

// PaymentRefunded: Amount went back to the customer; RefundedTotal is everything refunded of
// the payment so far, and FullyRefunded says nothing is left (the order is then refunded).
type PaymentRefunded struct {
	PaymentID     string      `json:"payment_id"`
	OrderID       string      `json:"order_id"`
	RefundID      string      `json:"refund_id"`
	Amount        money.Money `json:"amount"`
	RefundedTotal money.Money `json:"refunded_total"`
	FullyRefunded bool        `json:"fully_refunded"`
}
