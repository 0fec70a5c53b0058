// Package web serves the admin panel's HTML pages under /admin.
package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/admin/internal/apiclient"
	"github.com/modmono/admin/internal/session"
	"github.com/modmono/platform/httpx"
)

// Panel is the admin panel: pages rendered on the server from API calls made with the signed-in
// admin's own tokens.
type Panel struct {
	sessions *session.Manager
	api      *apiclient.Client
	pages    pages
	rot      *rotator
}

// New builds the panel.
func New(sessions *session.Manager, api *apiclient.Client) (*Panel, error) {
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	return &Panel{sessions: sessions, api: api, pages: p, rot: newRotator(time.Now)}, nil
}

type handler func(c echo.Context, s *session.Session) error

// Routes are the panel's routes: public to the server's access check, since the panel
// authenticates by its own cookie.
func (p *Panel) Routes() []httpx.Route {
	page := func(method, path string, h echo.HandlerFunc) httpx.Route {
		r := httpx.Route{Method: method, Path: path, Access: httpx.Public, Handler: secure(h),
			OperationID: operationID(method, path), Summary: "Admin panel page (HTML)", Tags: []string{"admin panel"},
			Status: http.StatusOK, MediaType: "text/html"}
		if method == http.MethodPost { // post/redirect/get, from a plain HTML form
			r.Summary, r.Status, r.MediaType = "Admin panel action (form post, answers a redirect)", http.StatusSeeOther, ""
			r.FormBody = true
		}
		return r
	}
	asset := page(http.MethodGet, "/admin/static/:file", p.static)
	asset.Summary, asset.MediaType = "Admin panel stylesheet (admin.css)", "text/css"
	return []httpx.Route{
		asset,
		page(http.MethodGet, "/admin/login", p.loginPage),
		page(http.MethodPost, "/admin/login", p.login),
		page(http.MethodPost, "/admin/logout", p.action(p.logout)),
		page(http.MethodGet, "/admin", p.view(p.dashboard)),
		page(http.MethodGet, "/admin/users", p.view(p.users)),
		page(http.MethodPost, "/admin/users/:id", p.action(p.updateUser)),
		page(http.MethodGet, "/admin/products", p.view(p.products)),
		page(http.MethodPost, "/admin/products", p.action(p.createProduct)),
		page(http.MethodGet, "/admin/products/:id", p.view(p.product)),
		page(http.MethodPost, "/admin/products/:id", p.action(p.updateProduct)),
		page(http.MethodGet, "/admin/orders", p.view(p.orders)),
		page(http.MethodGet, "/admin/orders/:id", p.view(p.order)),
		page(http.MethodPost, "/admin/orders/:id/cancel", p.action(p.cancelOrder)),
		page(http.MethodGet, "/admin/payments", p.view(p.payments)),
		page(http.MethodGet, "/admin/payments/:id", p.view(p.payment)),
		page(http.MethodPost, "/admin/payments/:id/refunds", p.action(p.refund)),
		page(http.MethodGet, "/admin/events", p.view(p.events)),
		page(http.MethodPost, "/admin/events/:context/:id/retry", p.action(p.retryEvent)),
		page(http.MethodGet, "/admin/keys", p.view(p.keys)),
		page(http.MethodPost, "/admin/keys/rotate", p.action(p.rotateKeys)),
	}
}

// operationID names a page for the OpenAPI document: GET /admin/users/:id is adminGetUsersId.
func operationID(method, path string) string {
	id := "admin" + strings.ToUpper(method[:1]) + strings.ToLower(method[1:])
	for _, part := range strings.FieldsFunc(strings.TrimPrefix(path, "/admin"), func(r rune) bool { return r == '/' || r == ':' }) {
		id += strings.ToUpper(part[:1]) + part[1:]
	}
	return id
}

// secure sets the security headers on every answer of the panel.
func secure(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store")
		if c.Request().TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		return next(c)
	}
}
