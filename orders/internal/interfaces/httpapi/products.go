package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/orders/internal/application"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/money"
)

func listProducts(app *application.Application, v *authn.Verifier) echo.HandlerFunc {
	return func(c echo.Context) error {
		actor, err := viewer(c, v)
		if err != nil {
			return err
		}
		req, err := httpx.PageRequest(c)
		if err != nil {
			return err
		}
		list, err := app.Queries.ListProducts.Handle(c.Request().Context(), application.ListProducts{Actor: actor, Page: req})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, list)
	}
}

func getProduct(app *application.Application, v *authn.Verifier) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := productID(c)
		if err != nil {
			return err
		}
		actor, err := viewer(c, v)
		if err != nil {
			return err
		}
		p, err := app.Queries.GetProduct.Handle(c.Request().Context(), application.GetProduct{Actor: actor, ID: id})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, p)
	}
}

func createProduct(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req CreateProductRequest
		if err := httpx.Bind(c, &req); err != nil {
			return err
		}
		missing := httpx.Required(httpx.Need("sku", req.SKU), httpx.Need("name", req.Name))
		price, priceErr := req.Price.money("price")
		if err := errs.JoinFields(missing, priceErr); err != nil {
			return err
		}
		p, err := app.Commands.CreateProduct.Handle(c.Request().Context(), application.CreateProduct{
			Actor: httpx.Principal(c), SKU: *req.SKU, Name: *req.Name, Price: price, Active: req.Active,
		})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, p)
	}
}

func updateProduct(app *application.Application) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := productID(c)
		if err != nil {
			return err
		}
		var req UpdateProductRequest
		if err := httpx.Bind(c, &req); err != nil {
			return err
		}
		var price *money.Money
		if req.Price != nil {
			m, err := req.Price.money("price")
			if err != nil {
				return err
			}
			price = &m
		}
		p, err := app.Commands.UpdateProduct.Handle(c.Request().Context(), application.UpdateProduct{
			Actor: httpx.Principal(c), ID: id, Name: req.Name, Price: price, Active: req.Active,
		})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, p)
	}
}
