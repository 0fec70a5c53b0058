package application

import (
	"context"
	"errors"
	"strings"

	orders "github.com/modmono/orders/contract"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
)

// PayOrder charges the order's total to a card. The amount comes from the orders context,
// never from the client.
type PayOrder struct {
	Actor          authn.Principal
	OrderID        string
	Method         Method
	IdempotencyKey string
}

// Method is the payment method as the request names it.
type Method struct {
	Type  string
	Token string
}

type payOrderHandler struct {
	settler
	orders orders.Orders
}

func NewPayOrderHandler(uow UnitOfWork, ord orders.Orders, processor CardProcessor, clk clock.Clock, cfg Config) (bus.Handler[PayOrder, PaymentView], error) {
	if err := deps.Require("pay order", deps.Named("UnitOfWork", uow), deps.Named("Orders", ord), deps.Named("CardProcessor", processor), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return payOrderHandler{settler: settler{uow: uow, processor: processor, clock: clk, timeout: cfg.ChargeTimeout}, orders: ord}, nil
}

// Handle never charges twice. First the payment is stored as processing, where a unique index
// lets one payment per order through and a unique (customer, key) finds the payment of a retried
// request instead; then the charge, outside the transaction and keyed by the payment id; last
// the outcome, with its event.
func (h payOrderHandler) Handle(ctx context.Context, in PayOrder) (PaymentView, error) {
	method, err := domain.NewPaymentMethod(in.Method.Type, in.Method.Token)
	if err := errs.JoinFields(orderIDError(in.OrderID), err); err != nil {
		return PaymentView{}, err
	}
	in.OrderID = strings.ToLower(in.OrderID)
	if in.IdempotencyKey == "" {
		return PaymentView{}, domain.ErrIdempotencyKeyRequired()
	}
	if err := h.processor.CheckToken(ctx, method.Token); err != nil {
		return PaymentView{}, err
	}
	// An order that is no longer payable may be paid by this very request's first run, so the
	// refusal is final only once no payment carries the key.
	var p domain.Payment
	order, orderErr := h.payableOrder(ctx, in)
	if orderErr == nil {
		p, orderErr = domain.NewPayment(ids.New(), order.ID, in.Actor.UserID, order.Total, method, in.IdempotencyKey, h.clock.Now())
	}
	err = h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		if orderErr == nil {
			added, err := r.Payments().Add(ctx, p)
			if err != nil || added {
				return err
			}
			orderErr = domain.ErrOrderNotPayable()
		}
		earlier, found, err := r.Payments().ByIdempotencyKey(ctx, in.Actor.UserID, in.IdempotencyKey)
		switch {
		case err != nil:
			return err
		case !found:
			return orderErr
		case earlier.OrderID != in.OrderID:
			return domain.ErrIdempotencyKeyReused()
		}
		p = earlier
		return nil
	})
	if err != nil {
		return PaymentView{}, err
	}
	if p.Status == domain.StatusProcessing {
		if p, err = h.settle(ctx, p); err != nil {
			return PaymentView{}, err
		}
	}
	return viewOf(p), nil
}

// payableOrder asks the orders context for the order, which it shows to its owner only.
func (h payOrderHandler) payableOrder(ctx context.Context, in PayOrder) (orders.OrderForPayment, error) {
	order, err := h.orders.OrderForPayment(ctx, orders.OrderForPaymentRequest{OrderID: in.OrderID, CustomerID: in.Actor.UserID})
	switch {
	case errors.Is(err, orders.ErrOrderNotFound) || errs.HasCode(err, domain.CodeOrderNotFound):
		return orders.OrderForPayment{}, domain.ErrOrderNotFound().WithCause(err)
	case err != nil:
		return orders.OrderForPayment{}, err
	case order.Status != orders.StatusPending:
		return orders.OrderForPayment{}, domain.ErrOrderNotPayable()
	}
	return order, nil
}

func orderIDError(id string) error {
	if ids.Valid(id) {
		return nil
	}
	return errs.Validation(errs.Field("order_id", errs.FieldInvalid, "order_id must be an order's id (a UUID)"))
}
