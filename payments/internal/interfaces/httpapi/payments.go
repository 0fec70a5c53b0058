package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/idempotency"
	"github.com/modmono/platform/money"
)

func payOrder(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req PayOrderRequest
		if err := httpx.Bind(c, &req); err != nil {
			return err
		}
		members := []httpx.Member{httpx.Need("order_id", req.OrderID), httpx.Need("payment_method", req.PaymentMethod)}
		method := req.PaymentMethod
		if method != nil {
			members = append(members, httpx.Need("payment_method.type", method.Type), httpx.Need("payment_method.token", method.Token))
		}
		if err := httpx.Required(members...); err != nil {
			return err
		}
		key, _ := idempotency.KeyFrom(c.Request().Context())
		payment, err := app.Commands.PayOrder.Handle(c.Request().Context(), application.PayOrder{
			Actor: httpx.Principal(c), OrderID: *req.OrderID, IdempotencyKey: key,
			Method: application.Method{Type: *method.Type, Token: *method.Token},
		})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, payment)
	}
}

func listPayments(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		req, err := httpx.PageRequest(c)
		if err != nil {
			return err
		}
		list, err := app.Queries.ListPayments.Handle(c.Request().Context(), application.ListPayments{
			Actor: httpx.Principal(c), OrderID: c.QueryParam("order_id"), Page: req,
		})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, list)
	}
}

func getPayment(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := paymentID(c)
		if err != nil {
			return err
		}
		payment, err := app.Queries.GetPayment.Handle(c.Request().Context(), application.GetPayment{Actor: httpx.Principal(c), ID: id})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, payment)
	}
}

func refundPayment(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := paymentID(c)
		if err != nil {
			return err
		}
		var req RefundRequest
		if err := httpx.Bind(c, &req); err != nil {
			return err
		}
		in := application.RefundPayment{Actor: httpx.Principal(c), PaymentID: id}
		if req.Amount != nil {
			if err := httpx.Required(httpx.Need("amount.amount", req.Amount.Amount), httpx.Need("amount.currency", req.Amount.Currency)); err != nil {
				return err
			}
			in.Amount = &money.Money{Amount: *req.Amount.Amount, Currency: *req.Amount.Currency}
		}
		if req.Reason != nil {
			in.Reason = *req.Reason
		}
		in.IdempotencyKey, _ = idempotency.KeyFrom(c.Request().Context())
		refund, err := app.Commands.RefundPayment.Handle(c.Request().Context(), in)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, refund)
	}
}
