// Package internalapi serves the orders contract over HTTP to the other contexts' services
// (Stage 4): the server side of contract/ordershttp. Its routes are not part of the public API
// the gateway forwards; each answers exactly what the in-process implementation answers.
package internalapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/orders/contract"
	"github.com/modmono/orders/contract/ordershttp"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/ids"
)

// Routes serve orders, the in-process contract, to remote callers. The caller's own access token
// travels with each request (the calling service forwards it), so orders decides what it may
// see exactly as it does for its public routes.
func Routes(orders contract.Orders) []httpx.Route {
	return []httpx.Route{
		{Method: http.MethodGet, Path: ordershttp.PaymentViewPath, Access: httpx.User, Handler: paymentView(orders),
			OperationID: "getOrderPaymentView", Tags: []string{"internal"},
			Summary:  "What payments needs to charge an order (service to service; the caller's own token)",
			Response: contract.OrderForPayment{}, Status: http.StatusOK,
			Errors: []string{domain.CodeOrderNotFound}, Problems: []*errs.Error{domain.ErrOrderNotFound()},
			Query: []httpx.Param{{Name: ordershttp.QueryCustomerID, Format: ids.Format,
				Description: "Answer as this customer: not found unless the order is theirs. A customer may name only themselves"}},
		},
	}
}

// paymentView answers OrderForPayment. A customer asks as themselves, whatever customer_id says:
// naming someone else gets the same 404 as a missing order. An admin may ask as a customer
// (customer_id) or, without one, about any order.
func paymentView(orders contract.Orders) echo.HandlerFunc {
	return func(c echo.Context) error {
		p := httpx.Principal(c)
		asked := c.QueryParam(ordershttp.QueryCustomerID)
		req := contract.OrderForPaymentRequest{OrderID: c.Param("id"), CustomerID: asked}
		if !p.IsAdmin() {
			if p.UserID == "" || (asked != "" && asked != p.UserID) {
				return contract.OrderNotFound()
			}
			req.CustomerID = p.UserID // never empty here: that would ask as an admin
		}
		view, err := orders.OrderForPayment(c.Request().Context(), req)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, view)
	}
}
