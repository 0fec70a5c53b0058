package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/modmono/admin/internal/apiclient"
	"github.com/modmono/admin/internal/session"
)

func (p *Panel) orders(c echo.Context, s *session.Session) error {
	var page apiclient.Page[apiclient.Order]
	err := p.api.Do(c.Request().Context(), apiclient.Call{Method: http.MethodGet, Path: "/api/v1/orders",
		Query: listQuery(c, "status", "customer_id"), Token: s.Access}, &page)
	return p.render(c, http.StatusOK, "orders", s, map[string]any{"Page": page, "Error": err,
		"Status": c.QueryParam("status"), "Customer": c.QueryParam("customer_id"), "Statuses": apiclient.OrderStatuses})
}

func (p *Panel) order(c echo.Context, s *session.Session) error {
	ctx := c.Request().Context()
	var o apiclient.Order
	err := p.api.Do(ctx, apiclient.Call{Method: http.MethodGet, Path: "/api/v1/orders/" + url.PathEscape(c.Param("id")), Token: s.Access}, &o)
	var pays apiclient.Page[apiclient.Payment]
	if err == nil {
		_ = p.api.Do(ctx, apiclient.Call{Method: http.MethodGet, Path: "/api/v1/payments",
			Query: url.Values{"order_id": {o.ID}, "limit": {"100"}}, Token: s.Access}, &pays)
	}
	return p.render(c, http.StatusOK, "order", s, map[string]any{"Order": o, "Payments": pays.Items, "Error": err})
}

func (p *Panel) cancelOrder(c echo.Context, s *session.Session) error {
	id := c.Param("id")
	err := p.api.Do(c.Request().Context(), apiclient.Call{Method: http.MethodPost, Path: "/api/v1/orders/" + url.PathEscape(id) + "/cancel", Token: s.Access}, nil)
	return done(c, "/admin/orders/"+url.PathEscape(id), err, "cancelled")
}
