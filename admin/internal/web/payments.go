package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/modmono/admin/internal/apiclient"
	"github.com/modmono/admin/internal/session"
)

func (p *Panel) payments(c echo.Context, s *session.Session) error {
	var page apiclient.Page[apiclient.Payment]
	err := p.api.Do(c.Request().Context(), apiclient.Call{Method: http.MethodGet, Path: "/api/v1/payments",
		Query: listQuery(c, "order_id"), Token: s.Access}, &page)
	return p.render(c, http.StatusOK, "payments", s, map[string]any{"Page": page, "Error": err, "Order": c.QueryParam("order_id")})
}

// payment shows one payment with a refund form; the form carries a fresh Idempotency-Key, so a
// double submit refunds once.
func (p *Panel) payment(c echo.Context, s *session.Session) error {
	var pay apiclient.Payment
	err := p.api.Do(c.Request().Context(), apiclient.Call{Method: http.MethodGet, Path: "/api/v1/payments/" + url.PathEscape(c.Param("id")), Token: s.Access}, &pay)
	left := pay.Amount.Amount - pay.RefundedAmount.Amount
	return p.render(c, http.StatusOK, "payment", s, map[string]any{"Payment": pay, "Left": left, "Key": newKey(), "Error": err})
}

func (p *Panel) refund(c echo.Context, s *session.Session) error {
	f, id := formOf(c), c.Param("id")
	body := map[string]any{}
	if a := strings.TrimSpace(f.Get("amount")); a != "" {
		body["amount"] = map[string]any{"amount": amount(a), "currency": strings.ToUpper(f.Get("currency"))}
	}
	if r := strings.TrimSpace(f.Get("reason")); r != "" {
		body["reason"] = r
	}
	key := f.Get("idempotency_key")
	if key == "" {
		key = newKey()
	}
	err := p.api.Do(c.Request().Context(), apiclient.Call{Method: http.MethodPost, Path: "/api/v1/payments/" + url.PathEscape(id) + "/refunds",
		Token: s.Access, Body: body, Idempotency: "admin-refund-" + key}, nil)
	return done(c, "/admin/payments/"+url.PathEscape(id), err, "refunded")
}
