// Package httpapi is the orders context's HTTP interface: it translates the contract's requests
// into commands and queries and their results back into responses.
package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/idempotency"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
	"github.com/modmono/platform/ratelimit"
)

// Limits are the per-client limits (platform/ratelimit) of the routes that place things; a nil
// one limits nothing.
type Limits struct {
	Orders echo.MiddlewareFunc
}

// Routes are the orders context's endpoints. verifier identifies the optional caller of the
// public catalogue routes (an admin sees inactive products there); keys holds the
// Idempotency-Keys of POST /orders. Errors lists the codes a route answers beyond those its body
// and Access already imply (MALFORMED_JSON, VALIDATION_FAILED, UNSUPPORTED_MEDIA_TYPE,
// PAYLOAD_TOO_LARGE, UNAUTHENTICATED, FORBIDDEN).
func Routes(app *application.Application, verifier *authn.Verifier, keys *idempotency.Store, limits Limits) []httpx.Route {
	product, order := application.ProductView{}, application.OrderView{}
	products, orders := []string{"products"}, []string{"orders"}
	placeOrder := ratelimit.Apply(limits.Orders, idempotency.Middleware(keys, idempotency.Optional)(placeOrder(app)))
	return []httpx.Route{
		{Method: http.MethodGet, Path: "/api/v1/products", Access: httpx.Public, Handler: listProducts(app, verifier),
			OperationID: "listProducts", Summary: "List products on sale, newest first (admins: every product)", Tags: products,
			Response: page.Page[application.ProductView]{}, Status: http.StatusOK,
			Errors: []string{errsUnauthenticated}},
		{Method: http.MethodGet, Path: "/api/v1/products/:id", Access: httpx.Public, Handler: getProduct(app, verifier),
			OperationID: "getProduct", Summary: "A product; an inactive one for admins only", Tags: products,
			Response: product, Status: http.StatusOK, Errors: []string{errsUnauthenticated},
			Problems: []*errs.Error{domain.ErrProductNotFound()}},
		{Method: http.MethodPost, Path: "/api/v1/products", Access: httpx.Admin, Handler: createProduct(app),
			OperationID: "createProduct", Summary: "Add a product to the catalogue", Tags: products,
			Request: CreateProductRequest{}, Response: product, Status: http.StatusCreated,
			Problems: []*errs.Error{domain.ErrSKUTaken()}},
		{Method: http.MethodPatch, Path: "/api/v1/products/:id", Access: httpx.Admin, Handler: updateProduct(app),
			OperationID: "updateProduct", Summary: "Change a product's name, price or active flag", Tags: products,
			Request: UpdateProductRequest{}, Response: product, Status: http.StatusOK,
			Problems: []*errs.Error{domain.ErrProductNotFound()}},
		{Method: http.MethodPost, Path: "/api/v1/orders", Access: httpx.User, Handler: placeOrder,
			OperationID: "placeOrder", Summary: "Order products at the catalogue's prices; Idempotency-Key optional", Tags: orders,
			Request: PlaceOrderRequest{}, Response: order, Status: http.StatusCreated,
			Errors:   append(idempotency.Optional.Codes(), errs.CodeTooManyRequests),
			Problems: []*errs.Error{domain.ErrCurrencyMismatch()}},
		{Method: http.MethodGet, Path: "/api/v1/orders", Access: httpx.User, Handler: listOrders(app),
			OperationID: "listOrders", Summary: "List orders, newest first: your own (admins: all, or ?customer_id=); ?status= filters", Tags: orders,
			Response: page.Page[application.OrderView]{}, Status: http.StatusOK,
			Query: []httpx.Param{
				{Name: "status", Description: "Only orders in this status", Enum: domain.StatusNames()},
				{Name: "customer_id", Description: "Admins only: this customer's orders (ignored for customers)", Format: ids.Format},
			}},
		{Method: http.MethodGet, Path: "/api/v1/orders/:id", Access: httpx.User, Handler: getOrder(app),
			OperationID: "getOrder", Summary: "An order, for its customer or admins", Tags: orders,
			Response: order, Status: http.StatusOK, Problems: []*errs.Error{domain.ErrOrderNotFound()}},
		{Method: http.MethodPost, Path: "/api/v1/orders/:id/cancel", Access: httpx.User, Handler: cancelOrder(app),
			OperationID: "cancelOrder", Summary: "Cancel an order; a paid one is refunded in full", Tags: orders,
			Response: order, Status: http.StatusOK,
			Problems: []*errs.Error{domain.ErrOrderNotFound(), domain.ErrOrderNotCancellable("")}},
	}
}

func productID(c echo.Context) (string, error) {
	return httpx.PathID(c, "id", domain.CodeProductNotFound, "no product has this id")
}

func orderID(c echo.Context) (string, error) {
	return httpx.PathID(c, "id", domain.CodeOrderNotFound, "no order has this id")
}
