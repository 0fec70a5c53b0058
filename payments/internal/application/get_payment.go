package application

import (
	"context"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/deps"
)

// GetPayment reads one payment.
type GetPayment struct {
	Actor authn.Principal
	ID    string
}

type getPaymentHandler struct {
	payments PaymentReadModel
}

func NewGetPaymentHandler(payments PaymentReadModel) (bus.Handler[GetPayment, PaymentView], error) {
	if err := deps.Require("get payment", deps.Named("PaymentReadModel", payments)); err != nil {
		return nil, err
	}
	return getPaymentHandler{payments: payments}, nil
}

// Handle shows a payment to its customer and to admins; anyone else gets the same 404 as for a
// payment that does not exist, so ids cannot be probed.
func (h getPaymentHandler) Handle(ctx context.Context, in GetPayment) (PaymentView, error) {
	v, err := h.payments.PaymentByID(ctx, in.ID)
	if err != nil {
		return PaymentView{}, err
	}
	if !in.Actor.IsAdmin() && v.CustomerID != in.Actor.UserID {
		return PaymentView{}, domain.ErrPaymentNotFound()
	}
	return v, nil
}
