package httpx

import (
	"context"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
	"github.com/modmono/platform/reqctx"
)

// PathID returns the UUID path parameter name in canonical lower case. A value that is not a
// UUID names nothing that could exist, so it is the resource's 404 (notFoundCode), not a 422.
func PathID(c echo.Context, name, notFoundCode, message string) (string, error) {
	id := c.Param(name)
	if !ids.Valid(id) {
		return "", errs.NotFound(notFoundCode, message)
	}
	return strings.ToLower(id), nil
}

// PageRequest reads ?limit= and ?cursor=; a bad value is a 422 naming the parameter.
func PageRequest(c echo.Context) (page.Request, error) {
	return page.Parse(c.QueryParam("limit"), c.QueryParam("cursor"))
}

// Principal is the caller of a User or Admin route, as its access check found it; on a Public
// route it is the zero Principal.
func Principal(c echo.Context) authn.Principal {
	p, _ := authn.FromContext(c.Request().Context())
	return p
}

// HeaderRequestID carries the request id both ways.
const HeaderRequestID = "X-Request-ID"

// RequestID is the id of the request ctx belongs to ("" outside one).
func RequestID(ctx context.Context) string {
	return reqctx.RequestID(ctx)
}
