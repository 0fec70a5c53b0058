package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/modmono/admin/internal/apiclient"
	"github.com/modmono/admin/internal/session"
)

func (p *Panel) products(c echo.Context, s *session.Session) error {
	var page apiclient.Page[apiclient.Product]
	err := p.api.Do(c.Request().Context(), apiclient.Call{Method: http.MethodGet, Path: "/api/v1/products",
		Query: listQuery(c), Token: s.Access}, &page)
	return p.render(c, http.StatusOK, "products", s, map[string]any{"Page": page, "Error": err})
}

func (p *Panel) product(c echo.Context, s *session.Session) error {
	var pr apiclient.Product
	err := p.api.Do(c.Request().Context(), apiclient.Call{Method: http.MethodGet,
		Path: "/api/v1/products/" + url.PathEscape(c.Param("id")), Token: s.Access}, &pr)
	return p.render(c, http.StatusOK, "product", s, map[string]any{"Product": pr, "Error": err})
}

// amount reads a whole number of minor units; a bad one is sent as is so that the API's
// validation answers it (422), and the panel keeps no rules of its own.
func amount(s string) any {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return strings.TrimSpace(s)
	}
	return n
}

func (p *Panel) createProduct(c echo.Context, s *session.Session) error {
	f := formOf(c)
	body := map[string]any{
		"sku": f.Get("sku"), "name": f.Get("name"), "active": f.Get("active") == "on",
		"price": map[string]any{"amount": amount(f.Get("amount")), "currency": strings.ToUpper(f.Get("currency"))},
	}
	err := p.api.Do(c.Request().Context(), apiclient.Call{Method: http.MethodPost, Path: "/api/v1/products", Token: s.Access, Body: body}, nil)
	return done(c, "/admin/products", err, "created")
}

func (p *Panel) updateProduct(c echo.Context, s *session.Session) error {
	f, id := formOf(c), c.Param("id")
	body := map[string]any{
		"name": f.Get("name"), "active": f.Get("active") == "on",
		"price": map[string]any{"amount": amount(f.Get("amount")), "currency": strings.ToUpper(f.Get("currency"))},
	}
	err := p.api.Do(c.Request().Context(), apiclient.Call{Method: http.MethodPatch, Path: "/api/v1/products/" + url.PathEscape(id), Token: s.Access, Body: body}, nil)
	return done(c, "/admin/products/"+url.PathEscape(id), err, "saved")
}
