package application

import (
	"context"
	"strings"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
)

// ListOrders pages through orders, newest first: the actor's own, or for an admin everyone's
// (or CustomerID's). Status and CustomerID are the raw query values; "" does not filter.
type ListOrders struct {
	Actor      authn.Principal
	Status     string
	CustomerID string
	Page       page.Request
}

type listOrdersHandler struct {
	orders OrderReadModel
}

func NewListOrdersHandler(orders OrderReadModel) (bus.Handler[ListOrders, page.Page[OrderView]], error) {
	if err := deps.Require("list orders", deps.Named("OrderReadModel", orders)); err != nil {
		return nil, err
	}
	return listOrdersHandler{orders: orders}, nil
}

func (h listOrdersHandler) Handle(ctx context.Context, in ListOrders) (page.Page[OrderView], error) {
	f, err := filterFor(in)
	if err != nil {
		return page.Page[OrderView]{}, err
	}
	req := in.Page.WithDefaultLimit()
	rows, err := h.orders.ListOrders(ctx, f, req)
	if err != nil {
		return page.Page[OrderView]{}, err
	}
	return page.Build(rows, req, func(v OrderView) string { return v.ID }), nil
}

// filterFor pins a customer to their own orders whatever customer_id they send (it is ignored,
// not refused, as the contract says); only an admin's customer_id filters.
func filterFor(in ListOrders) (OrderFilter, error) {
	var f OrderFilter
	if in.Status != "" {
		s, err := domain.ParseStatus(in.Status, "status")
		if err != nil {
			return OrderFilter{}, err
		}
		f.Status = s
	}
	switch {
	case !in.Actor.IsAdmin() && in.Actor.UserID == "":
		// An empty customer filter means everyone's orders: never for an unknown caller.
		return OrderFilter{}, errs.Unauthenticated(errs.CodeUnauthenticated, "sign in to list orders")
	case !in.Actor.IsAdmin():
		f.CustomerID = in.Actor.UserID
	case in.CustomerID != "":
		if !ids.Valid(in.CustomerID) {
			return OrderFilter{}, errs.Validation(errs.Field("customer_id", errs.FieldInvalid, "customer_id must be a user id (a UUID)"))
		}
		f.CustomerID = strings.ToLower(in.CustomerID)
	}
	return f, nil
}
