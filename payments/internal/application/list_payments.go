package application

import (
	"context"
	"strings"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
)

// ListPayments pages through payments, newest first: a customer's own, or everyone's for an
// admin; OrderID, when set, keeps those of one order.
type ListPayments struct {
	Actor   authn.Principal
	OrderID string
	Page    page.Request
}

type listPaymentsHandler struct {
	payments PaymentReadModel
}

func NewListPaymentsHandler(payments PaymentReadModel) (bus.Handler[ListPayments, page.Page[PaymentView]], error) {
	if err := deps.Require("list payments", deps.Named("PaymentReadModel", payments)); err != nil {
		return nil, err
	}
	return listPaymentsHandler{payments: payments}, nil
}

func (h listPaymentsHandler) Handle(ctx context.Context, in ListPayments) (page.Page[PaymentView], error) {
	f := PaymentFilter{OrderID: strings.ToLower(in.OrderID)}
	if in.OrderID != "" && !ids.Valid(in.OrderID) {
		return page.Page[PaymentView]{}, errs.Validation(errs.Field("order_id", errs.FieldInvalid, "order_id must be an order's id (a UUID)"))
	}
	if !in.Actor.IsAdmin() {
		f.CustomerID = in.Actor.UserID
	}
	req := in.Page.WithDefaultLimit()
	rows, err := h.payments.ListPayments(ctx, f, req)
	if err != nil {
		return page.Page[PaymentView]{}, err
	}
	return page.Build(rows, req, func(v PaymentView) string { return v.ID }), nil
}
