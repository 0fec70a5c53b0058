package middleware

import (
	"context"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/reqctx"
)

var (
	errNoToken  = errs.Unauthenticated(errs.CodeUnauthenticated, "a valid bearer access token is required")
	errNotAdmin = errs.Forbidden("this requires the admin role")
)

// AccessCheck enforces each route's Access before its handler runs, and hands the principal
// (read it with httpx.Principal) and the verified raw token (authn.TokenFrom) to the handler
// through the request context.
func AccessCheck(t httpx.RouteTable, v *authn.Verifier) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			route, ok := t.Lookup(c)
			if !ok || route.Access == httpx.Public {
				return next(c)
			}
			r := c.Request()
			token, ok := authn.BearerToken(r.Header.Get(echo.HeaderAuthorization))
			if !ok {
				return errNoToken
			}
			p, err := v.Verify(r.Context(), token)
			if err != nil {
				return err
			}
			if route.Access == httpx.Admin && !p.IsAdmin() {
				return errNotAdmin
			}
			c.SetRequest(reqctx.Derive(r, func(ctx context.Context) context.Context {
				return authn.WithToken(authn.WithPrincipal(ctx, p), token) // the token: for calls to other services
			}))
			return next(c)
		}
	}
}
