package platform

import (
	"log/slog"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/openapi"
)

// apiInfo heads the OpenAPI document; its version is the contract's, the one in /api/v1.
var apiInfo = openapi.Info{
	Title:   "modmono API",
	Version: "1.0.0",
	Description: "The public API of the shop: auth, orders and payments. Errors are RFC 9457 " +
		"application/problem+json documents whose code is listed per status; every response " +
		"carries X-Request-ID. A path no route has answers 404 ROUTE_NOT_FOUND, a method its " +
		"path lacks 405 METHOD_NOT_ALLOWED. Request schemas carry the rules the server enforces " +
		"(formats, lengths, patterns, enums, bounds, item counts), so a client can check a body before sending it.",
	// Tags in the order an API consumer reads them: the API first, then the operators' routes,
	// the document itself, and last the admin panel's HTML pages, which are no API.
	Tags: []openapi.Tag{
		{Name: "auth", Description: "Accounts and sessions: registration, login, token refresh and logout, " +
			"the caller's profile and password, password resets, the administration of users, and the keys that verify access tokens."},
		{Name: "products", Description: "The catalogue: anyone reads the products on sale; admins create and change products."},
		{Name: "orders", Description: "A customer's orders: placed from catalogue products and priced by the server, cancelled while pending."},
		{Name: "payments", Description: "Card payments of orders by their customers, and refunds by admins; both need an Idempotency-Key."},
		{Name: "operations", Description: "For admins: the events each context parked after giving up delivering them, and their retry."},
		{Name: "operator", Description: "For operators and orchestrators: liveness, readiness and Prometheus metrics."},
		{Name: "internal", Description: "Calls between contexts when they run as separate services; not for clients."},
		{Name: "docs", Description: "This document, and the Swagger UI page that shows it with its assets."},
		{Name: "admin panel", Description: "The admin panel's HTML pages and form posts, for a person in a browser: " +
			"not an API, and signed in by its own cookie. Clients use the operations above."},
	},
}

// withDocs adds GET /openapi.json and GET /docs to the routes the server collected. It is
// called by the server on its final list rather than provided into the routes group: a
// provider cannot consume the group it feeds, and the document must describe every route,
// its own included. Codes of undeclared status are logged, not fatal: the API serves anyway,
// and the gateway's document test fails on them.
func withDocs(logger *slog.Logger, routes []httpx.Route) ([]httpx.Route, error) {
	all, doc, err := openapi.WithDocs(apiInfo, routes)
	if err != nil {
		return nil, err
	}
	if len(doc.Undeclared) > 0 {
		logger.Warn("the OpenAPI document cannot give these error codes a status: list their errors in the routes' Problems",
			slog.Any("codes", doc.Undeclared))
	}
	return all, nil
}

// Routes are the method and path of every route the API's router serves, as the router has
// them; tests hold the document to them.
func (s *Server) Routes() []*echo.Route { return s.router.Routes() }
