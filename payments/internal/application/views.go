package application

import (
	"time"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/money"
)

// PaymentView is a payment as the API shows it. FailureCode is null unless the charge failed.
type PaymentView struct {
	ID             string      `json:"id"`
	OrderID        string      `json:"order_id"`
	CustomerID     string      `json:"customer_id"`
	Amount         money.Money `json:"amount"`
	Status         string      `json:"status"`
	FailureCode    *string     `json:"failure_code"`
	RefundedAmount money.Money `json:"refunded_amount"`
	CreatedAt      time.Time   `json:"created_at"`
	UpdatedAt      time.Time   `json:"updated_at"`
}

// RefundView is a refund as the API shows it.
type RefundView struct {
	ID        string      `json:"id"`
	PaymentID string      `json:"payment_id"`
	Amount    money.Money `json:"amount"`
	Reason    string      `json:"reason"`
	CreatedAt time.Time   `json:"created_at"`
}

// viewOf shapes a payment that a command just wrote the way queries show it, so a command's
// answer needs no second read.
func viewOf(p domain.Payment) PaymentView {
	v := PaymentView{
		ID: p.ID, OrderID: p.OrderID, CustomerID: p.CustomerID, Amount: p.Amount,
		Status: string(p.Status), RefundedAmount: p.RefundedAmount, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
	}
	if p.FailureCode != "" {
		code := p.FailureCode
		v.FailureCode = &code
	}
	return v
}

func refundViewOf(r domain.Refund) RefundView {
	return RefundView{ID: r.ID, PaymentID: r.PaymentID, Amount: r.Amount, Reason: r.Reason, CreatedAt: r.CreatedAt}
}
