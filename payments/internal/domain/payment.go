// Package domain holds the payments context's entities and rules: payments of orders, their
// refunds, and card payment methods. Pure Go: no I/O.
package domain

import (
	"fmt"
	"time"

	"github.com/modmono/platform/money"
)

// Status is where a payment stands.
type Status string

const (
	// StatusProcessing is internal: the payment is stored and its charge may be under way. It
	// is never shown to clients; the charge's outcome moves it on.
	StatusProcessing        Status = "processing"
	StatusSucceeded         Status = "succeeded"
	StatusFailed            Status = "failed"
	StatusPartiallyRefunded Status = "partially_refunded"
	StatusRefunded          Status = "refunded"
)

// Payment is the aggregate root of the payments context: one attempt to pay one order. Fields
// are exported for the repositories; the application changes a payment only through its
// methods, which keep the invariants.
type Payment struct {
	ID         string
	OrderID    string
	CustomerID string
	// Amount is the order's total as the orders context stated it, never the client's figure.
	Amount         money.Money
	Status         Status
	FailureCode    string // set exactly when Status is failed
	RefundedAmount money.Money
	// IdempotencyKey is the key of the request that created the payment, scoped to CustomerID.
	IdempotencyKey string
	// CardToken is kept only while processing, so that an interrupted charge can be completed
	// with the same token; settling the payment forgets it.
	CardToken string
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// NewPayment starts a payment of amount for an order, in the processing state. A total of zero
// or less leaves nothing to charge, so the order is not payable.
func NewPayment(id, orderID, customerID string, amount money.Money, method PaymentMethod, idempotencyKey string, now time.Time) (Payment, error) {
	if !amount.IsPositive() {
		return Payment{}, ErrOrderNotPayable()
	}
	return Payment{
		ID:             id,
		OrderID:        orderID,
		CustomerID:     customerID,
		Amount:         amount,
		Status:         StatusProcessing,
		RefundedAmount: money.Money{Currency: amount.Currency},
		IdempotencyKey: idempotencyKey,
		CardToken:      method.Token,
		Version:        1,
		CreatedAt:      now,
		UpdatedAt:      now,
	}, nil
}

// ChargeOutcome is what the card processor answered: success, or the reason it failed.
type ChargeOutcome struct {
	FailureCode string // "" when the charge succeeded
}

func (o ChargeOutcome) Succeeded() bool { return o.FailureCode == "" }

// Settle records the charge's outcome. Only a processing payment can be settled: a payment is
// charged once, and its outcome never changes afterwards.
func (p *Payment) Settle(outcome ChargeOutcome, now time.Time) error {
	if p.Status != StatusProcessing {
		return fmt.Errorf("payment %s is already %s; it cannot be settled again", p.ID, p.Status)
	}
	p.Status = StatusSucceeded
	if !outcome.Succeeded() {
		p.Status, p.FailureCode = StatusFailed, outcome.FailureCode
	}
	p.CardToken = ""
	p.Version++
	p.UpdatedAt = now
	return nil
}

// Visible reports whether clients may see the payment: a processing one has no outcome yet.
func (p Payment) Visible() bool { return p.Status != StatusProcessing }

// Refundable reports whether money can still go back: the charge succeeded and not all of it
// was refunded yet.
func (p Payment) Refundable() bool {
	return p.Status == StatusSucceeded || p.Status == StatusPartiallyRefunded
}

// Remaining is what can still be refunded.
func (p Payment) Remaining() money.Money {
	return money.Money{Amount: p.Amount.Amount - p.RefundedAmount.Amount, Currency: p.Amount.Currency}
}

// FullyRefunded reports whether every minor unit has gone back.
func (p Payment) FullyRefunded() bool { return p.RefundedAmount.Amount == p.Amount.Amount }
