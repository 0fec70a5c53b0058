package middleware

import (
	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/health"
)

// HeaderServedBy names the instance that answered (INSTANCE_NAME), so that operators and tests
// see which replica behind a load balancer served a request.
const HeaderServedBy = "X-Served-By"

// Instance is what this instance says about itself on every response: its name when it has one,
// and, once it drains before stopping, "Connection: close", so that a client holding a
// keep-alive connection to it reconnects (through the load balancer, to another instance)
// instead of sending its next request to a port about to close.
func Instance(name string, drain *health.Drain) echo.MiddlewareFunc {
	servedBy := []string{name} // made once, as SecurityHeaders' values are
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			if name != "" {
				h[HeaderServedBy] = servedBy
			}
			if drain.Draining() {
				h.Set(echo.HeaderConnection, "close")
			}
			return next(c)
		}
	}
}
