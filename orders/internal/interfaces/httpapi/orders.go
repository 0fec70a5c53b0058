package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/orders/internal/application"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/idempotency"
)

func placeOrder(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req PlaceOrderRequest
		if err := httpx.Bind(c, &req); err != nil {
			return err
		}
		lines, err := req.lines()
		if err != nil {
			return err
		}
		// The key, when the middleware let one through, is stored with the order so that a retry
		// whose first answer was lost finds the order instead of placing another.
		key, _ := idempotency.KeyFrom(c.Request().Context())
		o, err := app.Commands.PlaceOrder.Handle(c.Request().Context(), application.PlaceOrder{
			Actor: httpx.Principal(c), Items: lines, IdempotencyKey: key,
		})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, o)
	}
}

func listOrders(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		req, err := httpx.PageRequest(c)
		if err != nil {
			return err
		}
		list, err := app.Queries.ListOrders.Handle(c.Request().Context(), application.ListOrders{
			Actor: httpx.Principal(c), Status: c.QueryParam("status"), CustomerID: c.QueryParam("customer_id"), Page: req,
		})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, list)
	}
}

func getOrder(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := orderID(c)
		if err != nil {
			return err
		}
		o, err := app.Queries.GetOrder.Handle(c.Request().Context(), application.GetOrder{Actor: httpx.Principal(c), ID: id})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, o)
	}
}

func cancelOrder(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := orderID(c)
		if err != nil {
			return err
		}
		o, err := app.Commands.CancelOrder.Handle(c.Request().Context(), application.CancelOrder{Actor: httpx.Principal(c), ID: id})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, o)
	}
}
