// Package contract is the orders context's public surface, the only package other contexts may
// import: the Orders interface for synchronous questions, its DTOs and errors, and the names and
// payloads of the integration events orders publishes. Everything here is designed for a
// network in between: context first, plain serialisable values, no pointers into orders' memory.
package contract

import (
	"context"

	"github.com/modmono/platform/money"
)

// Orders answers other contexts' questions about orders. The in-process implementation copies
// every request and response (as a remote one must), so no caller can share orders' memory.
type Orders interface {
	// OrderForPayment returns what payments needs to charge an order. An order that does not
	// exist, or that belongs to another customer than req.CustomerID, is ErrOrderNotFound.
	OrderForPayment(ctx context.Context, req OrderForPaymentRequest) (OrderForPayment, error)
}

// OrderForPaymentRequest names the order and who asks.
type OrderForPaymentRequest struct {
	OrderID string `json:"order_id"`
	// CustomerID is the caller; empty when an admin asks, and then no owner check is made.
	CustomerID string `json:"customer_id,omitempty"`
}

// OrderForPayment is an order as payments sees it: whose it is, whether it can be paid, and the
// amount to charge (always the order's own total, never a client's figure).
type OrderForPayment struct {
	ID         string      `json:"id"`
	CustomerID string      `json:"customer_id"`
	Status     Status      `json:"status"`
	Total      money.Money `json:"total"`
}

// Status is an order's status as the public API names it.
type Status string

const (
	StatusPending   Status = "pending"
	StatusPaid      Status = "paid"
	StatusCancelled Status = "cancelled"
	StatusRefunded  Status = "refunded"
)
