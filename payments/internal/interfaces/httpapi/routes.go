// Package httpapi is the payments context's HTTP interface: it translates the contract's
// requests into commands and queries and their results back into responses.
package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/idempotency"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
	"github.com/modmono/platform/ratelimit"
)

// Limits are the per-client limits (platform/ratelimit) of the routes that charge; a nil one
// limits nothing.
type Limits struct {
	Payments echo.MiddlewareFunc
}

// Routes are the payments context's endpoints. The two that move money run behind the
// Idempotency-Key middleware (required), which replays a retried request's first answer; the
// handlers also store the key with their effect, so even a retry the middleware lets through
// (the first run died after committing) cannot charge or refund twice. Errors lists the codes a
// route answers beyond those its body and Access already imply (MALFORMED_JSON,
// VALIDATION_FAILED, UNSUPPORTED_MEDIA_TYPE, PAYLOAD_TOO_LARGE, UNAUTHENTICATED, FORBIDDEN).
func Routes(app *application.Application, keys *idempotency.Store, limits Limits) []httpx.Route {
	payment, tags := application.PaymentView{}, []string{"payments"}
	once := idempotency.Middleware(keys, idempotency.Required)
	return []httpx.Route{
		{Method: http.MethodPost, Path: "/api/v1/payments", Access: httpx.User, Handler: ratelimit.Apply(limits.Payments, once(payOrder(app))),
			OperationID: "payOrder", Summary: "Pay an order by card; the amount is the order's total, never the client's", Tags: tags,
			Request: PayOrderRequest{}, Response: payment, Status: http.StatusCreated,
			Errors:   idempotent(errs.CodeServiceUnavailable, errs.CodeTooManyRequests),
			Problems: []*errs.Error{domain.ErrOrderNotFound(), domain.ErrOrderNotPayable()}},
		{Method: http.MethodGet, Path: "/api/v1/payments", Access: httpx.User, Handler: listPayments(app),
			OperationID: "listPayments", Summary: "List payments, newest first: your own, or everyone's for an admin; ?order_id= keeps one order's", Tags: tags,
			Response: page.Page[application.PaymentView]{}, Status: http.StatusOK,
			Query: []httpx.Param{{Name: "order_id", Description: "Only this order's payments", Format: ids.Format}}},
		{Method: http.MethodGet, Path: "/api/v1/payments/:id", Access: httpx.User, Handler: getPayment(app),
			OperationID: "getPayment", Summary: "A payment, for its customer or an admin", Tags: tags,
			Response: payment, Status: http.StatusOK, Problems: []*errs.Error{domain.ErrPaymentNotFound()}},
		{Method: http.MethodPost, Path: "/api/v1/payments/:id/refunds", Access: httpx.Admin, Handler: once(refundPayment(app)),
			OperationID: "refundPayment", Summary: "Refund a payment, in full by default", Tags: tags,
			Request: RefundRequest{}, Response: application.RefundView{}, Status: http.StatusCreated,
			Errors:   idempotent(),
			Problems: []*errs.Error{domain.ErrPaymentNotFound(), domain.ErrRefundExceedsPayment(), domain.ErrPaymentNotRefundable()}},
	}
}

// idempotent adds the codes of the required Idempotency-Key to a route's own.
func idempotent(codes ...string) []string {
	return append(codes, idempotency.Required.Codes()...)
}

func paymentID(c echo.Context) (string, error) {
	return httpx.PathID(c, "id", domain.CodePaymentNotFound, "no payment has this id")
}
